"""Filters for availability, continuity and information security records."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, TIME_RANGE, OrgScopedFilterSet

from .models import (
    AvailabilityMeasurement,
    AvailabilityTarget,
    ContinuityPlan,
    ContinuityTest,
    SecurityControl,
)


class AvailabilityTargetFilterSet(OrgScopedFilterSet):
    class Meta:
        model = AvailabilityTarget
        fields = {"service": ["exact"], "effective_from": DATE_RANGE}


class AvailabilityMeasurementFilterSet(OrgScopedFilterSet):
    class Meta:
        model = AvailabilityMeasurement
        fields = {
            "service": ["exact"],
            "met": ["exact"],
            "source": ["exact"],
            "month": DATE_RANGE,
        }


class ContinuityPlanFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ContinuityPlan
        fields = {
            "status": ["exact"],
            "services": ["exact"],
            "owner": ["exact"],
            "approved_at": TIME_RANGE,
            "next_review_due": DATE_RANGE,
        }


class ContinuityTestFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ContinuityTest
        fields = {"plan": ["exact"], "result": ["exact"], "tested_on": DATE_RANGE}


class SecurityControlFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = SecurityControl
        fields = {
            "control_area": ["exact"],
            "status": ["exact"],
            "effectiveness": ["exact"],
            "owner": ["exact"],
            "last_tested_on": DATE_RANGE,
        }
