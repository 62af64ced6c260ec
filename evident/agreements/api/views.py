"""Endpoints for SLAs and their calendars, customers, suppliers and contracts, supply and demand.

Calendars and targets are written through the agreements verbs, which refuse a
calendar the SLA clock cannot run on and a target that cannot be measured. An SLA's
attainment is computed from the incident records on request.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from evident.core.api import Conflict, OrgScopedViewSet

from .. import filters
from ..models import (
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
from ..sla_measurement import measure_sla
from . import relationships, serializers, supply

# Attainment is computed on request; a longer period belongs in the monthly measurements.
LONGEST_ATTAINMENT_DAYS = 2 * 366
FROM_HELP = "First day the incidents were opened (YYYY-MM-DD, in the SLA calendar's zone)"
TO_HELP = "Last day the incidents were opened (YYYY-MM-DD), at most two years after from"


class BusinessCalendarViewSet(OrgScopedViewSet):
    """Working hours, time zones and days off on which SLA clocks run."""

    queryset = BusinessCalendar.objects.all()
    serializer_class = serializers.BusinessCalendarSerializer
    filterset_class = filters.BusinessCalendarFilterSet


class SlaViewSet(OrgScopedViewSet):
    """Service level agreements (8.3.3)."""

    queryset = SLA.objects.all()
    serializer_class = serializers.SlaSerializer
    filterset_class = filters.SlaFilterSet

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True, description=FROM_HELP),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True, description=TO_HELP),
        ],
        responses={200: serializers.AttainmentRowSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def attainment(self, request, *args, **kwargs):
        """Share of incidents within their response and resolution targets, by month."""
        sla = self.get_object()
        query = serializers.AttainmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        first, last = query.validated_data["from"], query.validated_data["to"]
        if (last - first).days >= LONGEST_ATTAINMENT_DAYS:
            raise ValidationError({"to": [f"Ask for at most {LONGEST_ATTAINMENT_DAYS} days."]})
        try:
            results = measure_sla(sla, first, last)
        except ValueError as error:
            raise Conflict(f"The SLA's business calendar is unusable: {error}") from None
        rows = serializers.AttainmentRowSerializer(results.attainment_rows(), many=True)
        return Response(rows.data)


class SlaTargetViewSet(OrgScopedViewSet):
    """Measurable targets of SLAs; response and resolution targets have a time limit."""

    queryset = SlaTarget.objects.all()
    serializer_class = serializers.SlaTargetSerializer
    filterset_class = filters.SlaTargetFilterSet


class SlaMeasurementViewSet(OrgScopedViewSet):
    """Monthly measured values of SLA targets."""

    queryset = SlaMeasurement.objects.all()
    serializer_class = serializers.SlaMeasurementSerializer
    filterset_class = filters.SlaMeasurementFilterSet


class SlaReviewViewSet(OrgScopedViewSet):
    """Reviews of SLAs and their performance with the customer."""

    queryset = SlaReview.objects.all()
    serializer_class = serializers.SlaReviewSerializer
    filterset_class = filters.SlaReviewFilterSet


class SupplierViewSet(OrgScopedViewSet):
    """External and internal suppliers, and customers acting as suppliers (8.3.4)."""

    queryset = Supplier.objects.all()
    serializer_class = serializers.SupplierSerializer
    filterset_class = filters.SupplierFilterSet


class SupplierReviewViewSet(OrgScopedViewSet):
    """Reviews of suppliers' performance against their contracts."""

    queryset = SupplierReview.objects.all()
    serializer_class = serializers.SupplierReviewSerializer
    filterset_class = filters.SupplierReviewFilterSet


class CustomerViewSet(OrgScopedViewSet):
    """Customers of the services, external and internal (8.3.1)."""

    queryset = Customer.objects.all()
    serializer_class = relationships.CustomerSerializer
    filterset_class = filters.CustomerFilterSet


class RelationshipReviewViewSet(OrgScopedViewSet):
    """Business relationship reviews with customers, planned and held (8.3.2)."""

    queryset = RelationshipReview.objects.all()
    serializer_class = relationships.RelationshipReviewSerializer
    filterset_class = filters.RelationshipReviewFilterSet


class SatisfactionSurveyViewSet(OrgScopedViewSet):
    """Customer satisfaction survey results per customer, service and period (8.3.2)."""

    queryset = SatisfactionSurvey.objects.all()
    serializer_class = relationships.SatisfactionSurveySerializer
    filterset_class = filters.SatisfactionSurveyFilterSet


class ComplaintViewSet(OrgScopedViewSet):
    """Customer complaints from receipt to resolution (8.3.2)."""

    queryset = Complaint.objects.all()
    serializer_class = relationships.ComplaintSerializer
    filterset_class = filters.ComplaintFilterSet


class ContractViewSet(OrgScopedViewSet):
    """Contracts with suppliers and agreements with internal suppliers (8.3.4)."""

    queryset = Contract.objects.all()
    serializer_class = relationships.ContractSerializer
    filterset_class = filters.ContractFilterSet


class SupplierMeasurementViewSet(OrgScopedViewSet):
    """Suppliers' monthly results against the targets of their contracts (8.3.4)."""

    queryset = SupplierMeasurement.objects.all()
    serializer_class = relationships.SupplierMeasurementSerializer
    filterset_class = filters.SupplierMeasurementFilterSet


class BudgetViewSet(OrgScopedViewSet):
    """Budgets and actual costs per service and period (8.4.1)."""

    queryset = Budget.objects.all()
    serializer_class = supply.BudgetSerializer
    filterset_class = filters.BudgetFilterSet


class DemandForecastViewSet(OrgScopedViewSet):
    """Demand forecasts per service (8.4.2)."""

    queryset = DemandForecast.objects.all()
    serializer_class = supply.DemandForecastSerializer
    filterset_class = filters.DemandForecastFilterSet


class CapacityPlanViewSet(OrgScopedViewSet):
    """Capacity plans for services and shared resources (8.4.3)."""

    queryset = CapacityPlan.objects.all()
    serializer_class = supply.CapacityPlanSerializer
    filterset_class = filters.CapacityPlanFilterSet


class CapacityReviewViewSet(OrgScopedViewSet):
    """Reviews of capacity use against the plans' thresholds (8.4.3)."""

    queryset = CapacityReview.objects.all()
    serializer_class = supply.CapacityReviewSerializer
    filterset_class = filters.CapacityReviewFilterSet
