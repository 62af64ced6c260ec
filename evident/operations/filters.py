"""Filters for changes and their approvals, problems, incidents and service requests."""

from django_filters import rest_framework as filters

from evident.core.filters import TIME_RANGE, OrgScopedFilterSet

from .models import (
    Change,
    ChangeApproval,
    ChangeAuthority,
    ChangeTemplate,
    Deployment,
    Incident,
    IncidentStatusChange,
    Problem,
    Release,
    ServiceDesign,
    ServiceRequest,
    TransitionPlan,
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
            "planned_start": TIME_RANGE,
            "template": ["exact"],
            "configuration_items": ["exact"],
        }


class ChangeApprovalFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ChangeApproval
        fields = {
            "change": ["exact"],
            "authority": ["exact"],
            "authority_body": ["exact"],
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
            "security": ["exact"],
            "priority_overridden": ["exact"],
            "category": ["exact"],
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


# Change control, release and deployment (8.5).


class ChangeTemplateFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ChangeTemplate
        fields = {"risk": ["exact"], "active": ["exact"], "approved_at": TIME_RANGE}


class ChangeAuthorityFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ChangeAuthority
        fields = {"kind": ["exact"], "chair": ["exact"], "members": ["exact"]}


class ReleaseFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Release
        fields = {
            "service": ["exact"],
            "release_type": ["exact"],
            "status": ["exact"],
            "outcome": ["exact"],
            "changes": ["exact"],
            "planned_for": TIME_RANGE,
            "released_at": TIME_RANGE,
        }


class DeploymentFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Deployment
        fields = {
            "release": ["exact"],
            "environment": ["exact"],
            "outcome": ["exact"],
            "deployed_by": ["exact"],
            "deployed_at": TIME_RANGE,
        }


class ServiceDesignFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ServiceDesign
        fields = {
            "service": ["exact"],
            "purpose": ["exact"],
            "change": ["exact"],
            "requirements_met": ["exact"],
            "approved_at": TIME_RANGE,
        }


class TransitionPlanFilterSet(OrgScopedFilterSet):
    class Meta:
        model = TransitionPlan
        fields = {
            "design": ["exact"],
            "accepted_by": ["exact"],
            "planned_date": ["exact", "gte", "lte"],
            "completed_on": ["exact", "gte", "lte"],
        }
