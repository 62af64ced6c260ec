"""Serializers for scope statements, objectives, risks, the SMS plan and processes."""

from rest_framework import serializers

from evident.core.api import OrgScopedSerializer, record_fields, ref_of, refs_of

from ..models import Milestone, Objective, Process, Risk, ScopeStatement, SmsPlan

# Likelihood and impact are scored 1 to 5; the database refuses anything else.
SCORE_LIMITS = {"min_value": 1, "max_value": 5}


class ScopeStatementSerializer(OrgScopedSerializer):
    service_refs = refs_of("services")
    approved_by_ref = ref_of("approved_by", null=True)

    class Meta:
        model = ScopeStatement
        fields = record_fields(
            "version",
            "statement",
            "services",
            "service_refs",
            "units",
            "locations",
            "exclusions",
            "status",
            "approved_by",
            "approved_by_ref",
            "approved_at",
        )


class ObjectiveSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)
    is_measurable = serializers.BooleanField(read_only=True)

    class Meta:
        model = Objective
        fields = record_fields(
            "title",
            "measure",
            "target_value",
            "unit",
            "is_measurable",
            "owner",
            "owner_ref",
            "due_date",
            "status",
        )


class RiskSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)
    score = serializers.IntegerField(read_only=True, help_text="Likelihood times impact")

    class Meta:
        model = Risk
        fields = record_fields(
            "title",
            "description",
            "category",
            "likelihood",
            "impact",
            "score",
            "treatment",
            "owner",
            "owner_ref",
            "review_due",
            "status",
        )
        extra_kwargs = {"likelihood": SCORE_LIMITS, "impact": SCORE_LIMITS}


class SmsPlanSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = SmsPlan
        fields = record_fields("title", "owner", "owner_ref", "approved_at")


class MilestoneSerializer(OrgScopedSerializer):
    plan_ref = ref_of("plan")
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = Milestone
        fields = record_fields(
            "plan",
            "plan_ref",
            "title",
            "due_date",
            "owner",
            "owner_ref",
            "status",
            "completed_on",
        )


class ProcessSerializer(OrgScopedSerializer):
    clause = serializers.CharField(read_only=True, help_text="The clause-8 clause it serves")
    owner_ref = ref_of("owner", null=True)
    procedure_ref = ref_of("procedure", null=True)

    class Meta:
        model = Process
        fields = record_fields(
            "key", "clause", "owner", "owner_ref", "procedure", "procedure_ref", "in_scope"
        )
