"""Filters for SLAs and calendars, customers, suppliers and contracts, budgets, demand, capacity."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, OrgScopedFilterSet

from .models import (
    SLA,
    Budget,
    BusinessCalendar,
    CapacityPlan,
    CapacityReview,
    Complaint,
    Contract,
    Customer,
    DemandForecast,
    RelationshipReview,
    SatisfactionSurvey,
    SlaMeasurement,
    SlaReview,
    SlaTarget,
    Supplier,
    SupplierMeasurement,
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


class CustomerFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Customer
        fields = {
            "kind": ["exact"],
            "status": ["exact"],
            "services": ["exact"],
            "contact": ["exact"],
        }


class RelationshipReviewFilterSet(OrgScopedFilterSet):
    class Meta:
        model = RelationshipReview
        fields = {
            "customer": ["exact"],
            "status": ["exact"],
            "held_on": DATE_RANGE,
            "planned_on": DATE_RANGE,
        }


class SatisfactionSurveyFilterSet(OrgScopedFilterSet):
    class Meta:
        model = SatisfactionSurvey
        fields = {
            "customer": ["exact"],
            "service": ["exact"],
            "conducted_on": DATE_RANGE,
            "score": ["gte", "lte"],
        }


class ComplaintFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Complaint
        fields = {
            "customer": ["exact"],
            "service": ["exact"],
            "status": ["exact"],
            "handler": ["exact"],
            "received_on": DATE_RANGE,
            "respond_by": DATE_RANGE,
            "resolved_on": DATE_RANGE,
        }


class ContractFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Contract
        fields = {
            "supplier": ["exact"],
            "kind": ["exact"],
            "status": ["exact"],
            "services": ["exact"],
            "starts_on": DATE_RANGE,
            "ends_on": DATE_RANGE,
            "notice_by": DATE_RANGE,
        }


class SupplierMeasurementFilterSet(OrgScopedFilterSet):
    class Meta:
        model = SupplierMeasurement
        fields = {
            "supplier": ["exact"],
            "contract": ["exact"],
            "metric": ["exact"],
            "met": ["exact"],
            "month": DATE_RANGE,
        }


class BudgetFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Budget
        fields = {
            "service": ["exact"],
            "period_label": ["exact"],
            "currency": ["exact"],
            "period_start": DATE_RANGE,
            "period_end": DATE_RANGE,
        }


class DemandForecastFilterSet(OrgScopedFilterSet):
    class Meta:
        model = DemandForecast
        fields = {"service": ["exact"], "metric": ["exact"], "prepared_on": DATE_RANGE}


class CapacityPlanFilterSet(OrgScopedFilterSet):
    resource = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = CapacityPlan
        fields = {
            "service": ["exact"],
            "owner": ["exact"],
            "period_start": DATE_RANGE,
            "period_end": DATE_RANGE,
            "approved_on": DATE_RANGE,
        }


class CapacityReviewFilterSet(OrgScopedFilterSet):
    class Meta:
        model = CapacityReview
        fields = {
            "plan": ["exact"],
            "plan__service": ["exact"],
            "reviewer": ["exact"],
            "reviewed_on": DATE_RANGE,
        }
