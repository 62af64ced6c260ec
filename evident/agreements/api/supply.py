"""Serializers for budgets, demand forecasts, capacity plans and capacity reviews (8.4)."""

from evident.core.api import OrgScopedSerializer, record_fields, ref_of

from ..models import Budget, CapacityPlan, CapacityReview, DemandForecast


class BudgetSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = Budget
        fields = record_fields(
            "service",
            "service_ref",
            "period_label",
            "period_start",
            "period_end",
            "planned_amount",
            "actual_cost",
            "actual_as_of",
            "currency",
            "owner",
            "owner_ref",
            "notes",
        )


class DemandForecastSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    prepared_by_ref = ref_of("prepared_by", null=True)

    class Meta:
        model = DemandForecast
        fields = record_fields(
            "service",
            "service_ref",
            "prepared_on",
            "period_start",
            "period_end",
            "metric",
            "current_volume",
            "forecast_volume",
            "basis",
            "prepared_by",
            "prepared_by_ref",
        )


class CapacityPlanSerializer(OrgScopedSerializer):
    service_ref = ref_of("service", null=True)
    owner_ref = ref_of("owner", null=True)
    approved_by_ref = ref_of("approved_by", null=True)

    class Meta:
        model = CapacityPlan
        fields = record_fields(
            "service",
            "service_ref",
            "resource",
            "period_start",
            "period_end",
            "metric",
            "current_capacity",
            "planned_capacity",
            "warning_threshold",
            "critical_threshold",
            "owner",
            "owner_ref",
            "approved_by",
            "approved_by_ref",
            "approved_on",
        )


class CapacityReviewSerializer(OrgScopedSerializer):
    plan_ref = ref_of("plan")
    reviewer_ref = ref_of("reviewer", null=True)

    class Meta:
        model = CapacityReview
        fields = record_fields(
            "plan",
            "plan_ref",
            "reviewed_on",
            "utilisation_percent",
            "findings",
            "actions",
            "reviewer",
            "reviewer_ref",
        )
