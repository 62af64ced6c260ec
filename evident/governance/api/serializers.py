"""Serializers for context, scope, leadership, objectives, risks, the SMS plan and processes."""

from decimal import Decimal

from rest_framework import serializers

from evident.core.api import OrgScopedSerializer, record_fields, ref_of, refs_of

from ..clause_catalogue import is_catalogue_clause
from ..models import (
    BodyMeeting,
    ContextIssue,
    GoverningBody,
    InterestedParty,
    MeetingAction,
    Milestone,
    Objective,
    Process,
    ResourceAllocation,
    Risk,
    RoleAssignment,
    ScopeExclusion,
    ScopePhase,
    ScopeStatement,
    SmsPlan,
)

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
    dependency_refs = refs_of("dependencies")

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
            "dependencies",
            "dependency_refs",
            "clause",
        )

    def validate_clause(self, value):
        if value and not is_catalogue_clause(value):
            raise serializers.ValidationError(f"{value} is not a clause of the catalogue.")
        return value


class ProcessSerializer(OrgScopedSerializer):
    clause = serializers.CharField(read_only=True, help_text="The clause-8 clause it serves")
    owner_ref = ref_of("owner", null=True)
    procedure_ref = ref_of("procedure", null=True)

    class Meta:
        model = Process
        fields = record_fields(
            "key", "clause", "owner", "owner_ref", "procedure", "procedure_ref", "in_scope"
        )


class ContextIssueSerializer(OrgScopedSerializer):
    class Meta:
        model = ContextIssue
        fields = record_fields(
            "title", "kind", "description", "effect", "recorded_on", "review_due"
        )


class InterestedPartySerializer(OrgScopedSerializer):
    class Meta:
        model = InterestedParty
        fields = record_fields("name", "kind", "needs", "obligations", "reviewed_on")


class GoverningBodySerializer(OrgScopedSerializer):
    executive_sponsor_ref = ref_of("executive_sponsor", null=True)
    chair_ref = ref_of("chair", null=True)
    member_refs = refs_of("members")

    class Meta:
        model = GoverningBody
        fields = record_fields(
            "name",
            "purpose",
            "executive_sponsor",
            "executive_sponsor_ref",
            "chair",
            "chair_ref",
            "members",
            "member_refs",
            "meeting_interval_days",
        )


class BodyMeetingSerializer(OrgScopedSerializer):
    body_ref = ref_of("body")
    attendee_refs = refs_of("attendees")

    class Meta:
        model = BodyMeeting
        fields = record_fields(
            "body",
            "body_ref",
            "held_on",
            "attendees",
            "attendee_refs",
            "minutes",
            "decisions",
        )


class MeetingActionSerializer(OrgScopedSerializer):
    meeting_ref = ref_of("meeting")
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = MeetingAction
        fields = record_fields(
            "meeting",
            "meeting_ref",
            "description",
            "owner",
            "owner_ref",
            "due_date",
            "closed_on",
        )


class RoleAssignmentSerializer(OrgScopedSerializer):
    person_ref = ref_of("person")
    process_ref = ref_of("process", null=True)

    class Meta:
        model = RoleAssignment
        fields = record_fields(
            "person",
            "person_ref",
            "role",
            "process",
            "process_ref",
            "responsibility",
            "assigned_on",
        )


class ScopeExclusionSerializer(OrgScopedSerializer):
    scope_ref = ref_of("scope")

    class Meta:
        model = ScopeExclusion
        fields = record_fields("scope", "scope_ref", "excluded", "reason")


class ScopePhaseSerializer(OrgScopedSerializer):
    scope_ref = ref_of("scope")
    service_refs = refs_of("services")

    class Meta:
        model = ScopePhase
        fields = record_fields(
            "scope", "scope_ref", "number", "services", "service_refs", "target_date", "status"
        )


class ResourceAllocationSerializer(OrgScopedSerializer):
    person_ref = ref_of("person", null=True)
    process_ref = ref_of("process", null=True)

    class Meta:
        model = ResourceAllocation
        fields = record_fields(
            "person",
            "person_ref",
            "external_support",
            "role",
            "process",
            "process_ref",
            "period_start",
            "period_end",
            "fte",
        )
        extra_kwargs = {"fte": {"min_value": Decimal("0.01")}}


class PersonMonthLoadSerializer(serializers.Serializer):
    """One person's total allocation in one month."""

    person = serializers.IntegerField(source="person.pk")
    person_ref = serializers.CharField(source="person.ref")
    person_name = serializers.CharField(source="person.name")
    month = serializers.DateField(help_text="First day of the month")
    fte = serializers.DecimalField(max_digits=6, decimal_places=2)
    over_allocated = serializers.BooleanField(help_text="More than 1.0 FTE")
    allocation_refs = serializers.ListField(child=serializers.CharField())
