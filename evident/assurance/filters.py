"""Filters for continuity plans and continuity tests."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, TIME_RANGE, OrgScopedFilterSet

from .models import ContinuityPlan, ContinuityTest


class ContinuityPlanFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ContinuityPlan
        fields = {
            "status": ["exact"],
            "services": ["exact"],
            "owner": ["exact"],
            "approved_at": TIME_RANGE,
        }


class ContinuityTestFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ContinuityTest
        fields = {"plan": ["exact"], "result": ["exact"], "tested_on": DATE_RANGE}
