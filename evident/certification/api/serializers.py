"""Serializers for engagements and their records, and for the inputs of the audit verbs."""

from rest_framework import serializers

from evident.audits.engine.sampling import POPULATIONS
from evident.audits.models import Sample
from evident.core.api import OrgScopedFields, OrgScopedSerializer, record_fields, ref_of, refs_of
from evident.core.models import Person

from ..interview_guide import ROLES
from ..models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
    FieldworkSample,
    Grade,
    Interview,
    SampleJudgement,
    Severity,
)
from ..rules import MAX_SEED


class AuditEngagementSerializer(OrgScopedSerializer):
    lead_auditor_ref = ref_of("lead_auditor", null=True)
    evaluation_ref = ref_of("evaluation", null=True)
    team_refs = refs_of("team")

    class Meta:
        model = AuditEngagement
        fields = record_fields(
            "title",
            "kind",
            "scope",
            "criteria",
            "audit_date",
            "period_start",
            "period_end",
            "lead_auditor",
            "lead_auditor_ref",
            "team",
            "team_refs",
            "state",
            "evaluation",
            "evaluation_ref",
        )
        # The state and the evaluation move only through the verbs: POST .../<verb>/.
        read_only_fields = ["state", "evaluation"]


class EngagementFindingSerializer(OrgScopedSerializer):
    engagement_ref = ref_of("engagement")
    engine_finding_ref = ref_of("engine_finding", null=True)
    nonconformity_ref = ref_of("nonconformity", null=True)
    fieldwork_sample_refs = refs_of("fieldwork_samples")
    interview_refs = refs_of("interviews")

    class Meta:
        model = EngagementFinding
        fields = record_fields(
            "engagement",
            "engagement_ref",
            "origin",
            "engine_finding",
            "engine_finding_ref",
            "key",
            "clause",
            "grade",
            "severity",
            "statement",
            "requirement",
            "records",
            "engine_samples",
            "fieldwork_samples",
            "fieldwork_sample_refs",
            "interviews",
            "interview_refs",
            "status",
            "reason",
            "nonconformity",
            "nonconformity_ref",
            "closure_evidence",
        )
        read_only_fields = fields


class SampleJudgementSerializer(OrgScopedSerializer):
    engagement_ref = ref_of("engagement")
    sample_ref = ref_of("sample", null=True)
    fieldwork_sample_ref = ref_of("fieldwork_sample", null=True)

    class Meta:
        model = SampleJudgement
        fields = record_fields(
            "engagement",
            "engagement_ref",
            "sample",
            "sample_ref",
            "fieldwork_sample",
            "fieldwork_sample_ref",
            "record",
            "attributes",
            "engine_verdict",
            "verdict",
            "note",
            "judged_by",
            "judged_at",
        )
        read_only_fields = fields


class FieldworkSampleSerializer(OrgScopedSerializer):
    engagement_ref = ref_of("engagement")

    class Meta:
        model = FieldworkSample
        fields = record_fields(
            "engagement",
            "engagement_ref",
            "population",
            "clause",
            "seed",
            "method",
            "population_size",
            "sample_size",
            "excluded",
            "records",
        )
        read_only_fields = fields


class InterviewSerializer(OrgScopedSerializer):
    engagement_ref = ref_of("engagement")
    interviewee_ref = ref_of("interviewee")
    interviewer_ref = ref_of("interviewer", null=True)

    class Meta:
        model = Interview
        fields = record_fields(
            "engagement",
            "engagement_ref",
            "interviewee",
            "interviewee_ref",
            "role",
            "held_on",
            "clauses",
            "answers",
            "evidence_seen",
            "interviewer",
            "interviewer_ref",
        )
        read_only_fields = fields


class CertificationDecisionSerializer(OrgScopedSerializer):
    engagement_ref = ref_of("engagement")
    decided_by_ref = ref_of("decided_by", null=True)

    class Meta:
        model = CertificationDecision
        fields = record_fields(
            "engagement",
            "engagement_ref",
            "recommendation",
            "decision",
            "concerns_to_resolve",
            "decided_by",
            "decided_by_ref",
            "decided_by_name",
            "decided_at",
            "rationale",
        )
        read_only_fields = fields


# Inputs of the verbs ------------------------------------------------------------------


class AddFindingSerializer(OrgScopedFields, serializers.Serializer):
    clause = serializers.CharField(max_length=16)
    grade = serializers.ChoiceField(choices=Grade.choices)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, default="")
    statement = serializers.CharField()
    requirement = serializers.CharField(help_text="The requirement it fails, in your own words")
    reason = serializers.CharField(help_text="Why the auditor raises it")
    records = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    samples = serializers.PrimaryKeyRelatedField(
        queryset=Sample.objects.all(), many=True, required=False, default=list
    )
    fieldwork_samples = serializers.PrimaryKeyRelatedField(
        queryset=FieldworkSample.objects.all(), many=True, required=False, default=list
    )
    interviews = serializers.PrimaryKeyRelatedField(
        queryset=Interview.objects.all(), many=True, required=False, default=list
    )


class JudgeSerializer(OrgScopedFields, serializers.Serializer):
    sample = serializers.PrimaryKeyRelatedField(
        queryset=Sample.objects.all(), required=False, allow_null=True, default=None
    )
    fieldwork_sample = serializers.PrimaryKeyRelatedField(
        queryset=FieldworkSample.objects.all(), required=False, allow_null=True, default=None
    )
    record_ref = serializers.CharField(max_length=64)
    verdict = serializers.ChoiceField(choices=SampleJudgement.Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DrawSerializer(serializers.Serializer):
    population = serializers.ChoiceField(choices=[p.name for p in POPULATIONS])
    seed = serializers.IntegerField(required=False, min_value=0, max_value=MAX_SEED)
    size = serializers.IntegerField(required=False, min_value=1, max_value=1000)


class AnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField(allow_blank=True)


class InterviewInputSerializer(OrgScopedFields, serializers.Serializer):
    interviewee = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    role = serializers.ChoiceField(choices=ROLES)
    held_on = serializers.DateField()
    clauses = serializers.ListField(child=serializers.CharField(max_length=16), min_length=1)
    answers = AnswerSerializer(many=True)
    evidence_seen = serializers.CharField(required=False, allow_blank=True, default="")
    interviewer = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True, default=None
    )


class VerifyClosureSerializer(serializers.Serializer):
    evidence = serializers.CharField()
    closed_on = serializers.DateField(required=False, default=None)


class RecommendationSerializer(serializers.Serializer):
    recommendation = serializers.CharField()
    label = serializers.CharField()
