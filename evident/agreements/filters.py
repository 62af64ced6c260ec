"""Filters for business calendars, SLAs and their targets, measurements and reviews, suppliers."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, OrgScopedFilterSet

from .models import (
    SLA,
    BusinessCalendar,
    SlaMeasurement,
    SlaReview,
    SlaTarget,
    Supplier,
    SupplierReview,
)


class BusinessCalendarFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = BusinessCalendar
        fields = {"time_zone": ["exact"], "holiday_country": ["exact"]}


class SlaFilterSet(OrgScopedFilterSet):
    customer = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = SLA
        fields = {
            "status": ["exact"],
            "service": ["exact"],
            "calendar": ["exact"],
            "agreed_on": DATE_RANGE,
            "review_due": DATE_RANGE,
        }


class SlaTargetFilterSet(OrgScopedFilterSet):
    class Meta:
        model = SlaTarget
        fields = {
            "sla": ["exact"],
            "sla__service": ["exact"],
            "direction": ["exact"],
            "kind": ["exact"],
            "priority": ["exact"],
        }


class SlaMeasurementFilterSet(OrgScopedFilterSet):
    class Meta:
        model = SlaMeasurement
        fields = {
            "target": ["exact"],
            "target__sla": ["exact"],
            "month": DATE_RANGE,
            "met": ["exact"],
        }


class SlaReviewFilterSet(OrgScopedFilterSet):
    class Meta:
        model = SlaReview
        fields = {"sla": ["exact"], "reviewer": ["exact"], "reviewed_on": DATE_RANGE}


class SupplierFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Supplier
        fields = {
            "supplier_type": ["exact"],
            "status": ["exact"],
            "services": ["exact"],
            "manager": ["exact"],
            "contract_end": DATE_RANGE,
        }


class SupplierReviewFilterSet(OrgScopedFilterSet):
    class Meta:
        model = SupplierReview
        fields = {
            "supplier": ["exact"],
            "reviewer": ["exact"],
            "rating": ["exact", "lte"],
            "reviewed_on": DATE_RANGE,
        }
