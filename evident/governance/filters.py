"""Filters for scope statements, objectives, risks, the SMS plan and processes."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, TIME_RANGE, OrgScopedFilterSet

from .models import Milestone, Objective, Process, Risk, ScopeStatement, SmsPlan


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
        }


class ProcessFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Process
        fields = {"key": ["exact"], "owner": ["exact"], "in_scope": ["exact"]}
