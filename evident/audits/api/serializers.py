"""Serializers for audits, reviews, nonconformities and corrective action, and evaluations."""

import datetime as dt

from rest_framework import serializers

from evident.catalogue.models import Service
from evident.core.api import OrgScopedFields, OrgScopedSerializer, record_fields, ref_of, refs_of

from ..models import (
    AuditChecklistItem,
    AuditProgramme,
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    Improvement,
    InternalAudit,
    Kpi,
    KpiMeasurement,
    ManagementReview,
    Nonconformity,
    ReviewOutput,
    Sample,
    ServiceReport,
)


class AuditProgrammeSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)
    approved_by_ref = ref_of("approved_by", null=True)

    class Meta:
        model = AuditProgramme
        fields = record_fields(
            "title",
            "cycle_start",
            "cycle_end",
            "owner",
            "owner_ref",
            "approved_on",
            "approved_by",
            "approved_by_ref",
            "notes",
        )


class InternalAuditSerializer(OrgScopedSerializer):
    lead_auditor_ref = ref_of("lead_auditor", null=True)
    auditor_refs = refs_of("auditors")
    programme_ref = ref_of("programme", null=True)

    class Meta:
        model = InternalAudit
        fields = record_fields(
            "title",
            "programme",
            "programme_ref",
            "planned_date",
            "completed_on",
            "status",
            "clauses",
            "lead_auditor",
            "lead_auditor_ref",
            "auditors",
            "auditor_refs",
            "summary",
        )
        extra_kwargs = {"auditors": {"required": False}}


class AuditChecklistItemSerializer(OrgScopedSerializer):
    audit_ref = ref_of("audit")
    nonconformity_ref = ref_of("nonconformity", null=True)

    class Meta:
        model = AuditChecklistItem
        fields = record_fields(
            "audit",
            "audit_ref",
            "clause",
            "question",
            "result",
            "evidence",
            "nonconformity",
            "nonconformity_ref",
        )


class ManagementReviewSerializer(OrgScopedSerializer):
    chair_ref = ref_of("chair", null=True)

    class Meta:
        model = ManagementReview
        fields = record_fields(
            "title",
            "planned_date",
            "held_on",
            "status",
            "chair",
            "chair_ref",
            "minutes",
            "inputs",
            "compiled_at",
        )
        # The inputs are compiled from the records: POST .../compile/.
        read_only_fields = ["inputs", "compiled_at"]


class ReviewOutputSerializer(OrgScopedSerializer):
    review_ref = ref_of("review")
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = ReviewOutput
        fields = record_fields(
            "review",
            "review_ref",
            "kind",
            "description",
            "owner",
            "owner_ref",
            "due_date",
            "closed_on",
        )


class KpiSerializer(OrgScopedSerializer):
    objective_ref = ref_of("objective", null=True)
    service_ref = ref_of("service", null=True)
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = Kpi
        fields = record_fields(
            "key",
            "name",
            "description",
            "computation",
            "unit",
            "direction",
            "target",
            "objective",
            "objective_ref",
            "service",
            "service_ref",
            "owner",
            "owner_ref",
        )


class KpiMeasurementSerializer(OrgScopedSerializer):
    kpi_ref = ref_of("kpi")

    class Meta:
        model = KpiMeasurement
        fields = record_fields(
            "kpi",
            "kpi_ref",
            "period_start",
            "period_end",
            "value",
            "source",
            "computed_at",
            "basis",
            "note",
        )
        # Computed values are written by ``evident measure-kpis``; by hand, only manual ones.
        read_only_fields = ["source", "computed_at", "basis"]


class ServiceReportSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")

    class Meta:
        model = ServiceReport
        fields = record_fields(
            "service",
            "service_ref",
            "period_start",
            "period_end",
            "content",
            "generated_at",
            "summary",
        )
        # The content is generated from the records when the report is created.
        read_only_fields = ["content", "generated_at"]


class GenerateServiceReportSerializer(OrgScopedFields, serializers.Serializer):
    """Which service and month to report on (or an explicit period)."""

    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all())
    month = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        help_text="YYYY-MM; or give period_start and period_end",
    )
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)

    def validate(self, attrs):
        if "month" in attrs:
            year, month = (int(part) for part in attrs.pop("month").split("-"))
            first = dt.date(year, month, 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            attrs["period_start"], attrs["period_end"] = first, last - dt.timedelta(days=1)
        missing = [n for n in ("period_start", "period_end") if n not in attrs]
        if missing:
            raise serializers.ValidationError(
                {name: "Give a month, or both ends of the period." for name in missing}
            )
        if attrs["period_end"] < attrs["period_start"]:
            raise serializers.ValidationError({"period_end": "must not be before period_start"})
        return attrs


class ImprovementSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = Improvement
        fields = record_fields(
            "title",
            "source",
            "finding_key",
            "raised_on",
            "opportunity",
            "expected_benefit",
            "decision",
            "decided_on",
            "owner",
            "owner_ref",
            "status",
            "completed_on",
            "result",
        )


class NonconformitySerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = Nonconformity
        fields = record_fields(
            "title",
            "source",
            "clause",
            "grade",
            "statement",
            "finding_key",
            "raised_on",
            "status",
            "closed_on",
            "closure_verified",
            "correction",
            "root_cause",
            "owner",
            "owner_ref",
            "due_date",
        )
        # Closing is a decision with rules of its own: POST .../close/ (the status is
        # refused by the declaration, which names that transition).
        read_only_fields = ["closed_on", "closure_verified"]


class CorrectiveActionSerializer(OrgScopedSerializer):
    nonconformity_ref = ref_of("nonconformity")
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = CorrectiveAction
        fields = record_fields(
            "nonconformity",
            "nonconformity_ref",
            "description",
            "owner",
            "owner_ref",
            "due_date",
            "closed_on",
            "effectiveness",
            "effectiveness_checked_on",
        )


class CorrectiveActionPlanSerializer(OrgScopedSerializer):
    nonconformity_ref = ref_of("nonconformity")
    owner_ref = ref_of("owner", null=True)
    is_complete = serializers.BooleanField(
        read_only=True, help_text="Correction, root cause, action, owner and due date all given"
    )

    class Meta:
        model = CorrectiveActionPlan
        fields = record_fields(
            "nonconformity",
            "nonconformity_ref",
            "correction",
            "root_cause",
            "corrective_action",
            "owner",
            "owner_ref",
            "due_date",
            "is_complete",
            "status",
            "decided_at",
            "decided_by",
            "return_reason",
        )
        # The plan moves through submit, accept and return: POST .../<transition>/.
        read_only_fields = ["decided_at", "decided_by", "return_reason"]


class EvaluationSerializer(OrgScopedSerializer):
    findings_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Evaluation
        fields = record_fields(
            "stage",
            "audit_date",
            "period_start",
            "period_end",
            "seed",
            "engine_version",
            "evidence_digest",
            "outcome",
            "recommendation",
            "findings_count",
        )
        read_only_fields = fields


# Audit dates the engine can place a twelve-month audit period around.
EARLIEST_AUDIT_DATE = dt.date(1900, 1, 1)
LATEST_AUDIT_DATE = dt.date(2999, 12, 31)


class EvaluationRunSerializer(serializers.Serializer):
    """What to evaluate: the stage, and optionally the audit date and sampling seed."""

    stage = serializers.ChoiceField(choices=Evaluation.Stage.choices)
    audit_date = serializers.DateField(
        required=False, help_text="Defaults to today; the audit period is the year before it"
    )
    seed = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text="Sampling seed; give the same seed on the same records for the same samples",
    )

    def validate_audit_date(self, value):
        if not EARLIEST_AUDIT_DATE <= value <= LATEST_AUDIT_DATE:
            raise serializers.ValidationError(
                f"must fall between {EARLIEST_AUDIT_DATE} and {LATEST_AUDIT_DATE}"
            )
        return value


class FindingSerializer(OrgScopedSerializer):
    evaluation_ref = ref_of("evaluation")

    class Meta:
        model = Finding
        fields = record_fields(
            "evaluation",
            "evaluation_ref",
            "clause",
            "grade",
            "severity",
            "statement",
            "fix_hint",
            "records",
            "key",
            "check_id",
            "cap_accepted",
        )
        read_only_fields = fields


class SampleSerializer(OrgScopedSerializer):
    evaluation_ref = ref_of("evaluation")

    class Meta:
        model = Sample
        fields = record_fields(
            "evaluation",
            "evaluation_ref",
            "population",
            "clause",
            "population_size",
            "sample_size",
            "seed",
            "method",
            "records",
        )
        read_only_fields = fields


class RaiseNonconformitySerializer(OrgScopedFields, serializers.Serializer):
    """The engine finding a nonconformity answers, and the day it is raised."""

    finding = serializers.PrimaryKeyRelatedField(
        queryset=Finding.objects.all(), help_text="A major or minor finding"
    )
    raised_on = serializers.DateField(required=False, help_text="Defaults to today")
