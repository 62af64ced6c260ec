"""Filters for context, scope, leadership, objectives, risks, the SMS plan and processes."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, TIME_RANGE, OrgScopedFilterSet

from .models import (
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


class ScopeStatementFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ScopeStatement
        fields = {"status": ["exact"], "services": ["exact"], "approved_at": TIME_RANGE}


class ObjectiveFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Objective
        fields = {"status": ["exact"], "owner": ["exact"], "due_date": DATE_RANGE}


class RiskFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Risk
        fields = {
            "status": ["exact"],
            "category": ["exact"],
            "owner": ["exact"],
            "likelihood": ["exact", "gte"],
            "impact": ["exact", "gte"],
            "review_due": DATE_RANGE,
        }


class SmsPlanFilterSet(OrgScopedFilterSet):
    class Meta:
        model = SmsPlan
        fields = {"owner": ["exact"], "approved_at": TIME_RANGE}


class MilestoneFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Milestone
        fields = {
            "plan": ["exact"],
            "status": ["exact"],
            "owner": ["exact"],
            "due_date": DATE_RANGE,
            "completed_on": DATE_RANGE,
            "clause": ["exact"],
        }


class ProcessFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Process
        fields = {"key": ["exact"], "owner": ["exact"], "in_scope": ["exact"]}


class ContextIssueFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ContextIssue
        fields = {"kind": ["exact"], "recorded_on": DATE_RANGE, "review_due": DATE_RANGE}


class InterestedPartyFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = InterestedParty
        fields = {"kind": ["exact"], "reviewed_on": DATE_RANGE}


class GoverningBodyFilterSet(OrgScopedFilterSet):
    class Meta:
        model = GoverningBody
        fields = {"executive_sponsor": ["exact"], "chair": ["exact"], "members": ["exact"]}


class BodyMeetingFilterSet(OrgScopedFilterSet):
    class Meta:
        model = BodyMeeting
        fields = {"body": ["exact"], "attendees": ["exact"], "held_on": DATE_RANGE}


class MeetingActionFilterSet(OrgScopedFilterSet):
    open = filters.BooleanFilter(
        field_name="closed_on", lookup_expr="isnull", help_text="Not yet closed"
    )

    class Meta:
        model = MeetingAction
        fields = {
            "meeting": ["exact"],
            "meeting__body": ["exact"],
            "owner": ["exact"],
            "due_date": DATE_RANGE,
            "closed_on": DATE_RANGE,
        }


class RoleAssignmentFilterSet(OrgScopedFilterSet):
    role = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = RoleAssignment
        fields = {"person": ["exact"], "process": ["exact"], "responsibility": ["exact"]}


class ScopeExclusionFilterSet(OrgScopedFilterSet):
    excluded = filters.CharFilter(lookup_expr="icontains")
    without_reason = filters.BooleanFilter(
        field_name="reason", lookup_expr="exact", method="filter_without_reason",
        help_text="Only exclusions that give no reason",
    )  # fmt: skip

    class Meta:
        model = ScopeExclusion
        fields = {"scope": ["exact"]}

    def filter_without_reason(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(reason="") if value else queryset.exclude(reason="")


class ScopePhaseFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ScopePhase
        fields = {
            "scope": ["exact"],
            "status": ["exact"],
            "services": ["exact"],
            "target_date": DATE_RANGE,
        }


class ResourceAllocationFilterSet(OrgScopedFilterSet):
    role = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ResourceAllocation
        fields = {
            "person": ["exact"],
            "process": ["exact"],
            "period_start": DATE_RANGE,
            "period_end": DATE_RANGE,
        }
