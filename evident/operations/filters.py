"""Filters for changes and their approvals, problems, incidents and service requests."""

from django_filters import rest_framework as filters

from evident.core.filters import TIME_RANGE, OrgScopedFilterSet

from .models import (
    Change,
    ChangeApproval,
    Incident,
    IncidentStatusChange,
    Problem,
    ServiceRequest,
)


class ChangeFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Change
        fields = {
            "change_type": ["exact"],
            "status": ["exact"],
            "service": ["exact"],
            "risk": ["exact"],
            "outcome": ["exact"],
            "requested_at": TIME_RANGE,
            "actual_start": TIME_RANGE,
        }


class ChangeApprovalFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ChangeApproval
        fields = {
            "change": ["exact"],
            "authority": ["exact"],
            "decision": ["exact"],
            "approver": ["exact"],
            "decided_at": TIME_RANGE,
        }


class ProblemFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Problem
        fields = {
            "status": ["exact"],
            "service": ["exact"],
            "opened_at": TIME_RANGE,
            "resolved_at": TIME_RANGE,
        }


class IncidentFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Incident
        fields = {
            "status": ["exact"],
            "priority": ["exact", "lte"],
            "service": ["exact"],
            "major": ["exact"],
            "assignment_group": ["exact"],
            "caused_by_change": ["exact"],
            "problem": ["exact"],
            "opened_at": TIME_RANGE,
            "resolved_at": TIME_RANGE,
        }


class IncidentStatusChangeFilterSet(OrgScopedFilterSet):
    class Meta:
        model = IncidentStatusChange
        fields = {"incident": ["exact"], "status": ["exact"], "changed_at": TIME_RANGE}


class ServiceRequestFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ServiceRequest
        fields = {
            "status": ["exact"],
            "service": ["exact"],
            "opened_at": TIME_RANGE,
            "fulfilled_at": TIME_RANGE,
        }
