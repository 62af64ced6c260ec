"""Endpoints for SLAs, their targets, measurements and reviews, and for suppliers."""

from evident.core.api import OrgScopedViewSet

from .. import filters
from ..models import SLA, SlaMeasurement, SlaReview, SlaTarget, Supplier, SupplierReview
from . import serializers


class SlaViewSet(OrgScopedViewSet):
    """Service level agreements (8.3.3)."""

    queryset = SLA.objects.all()
    serializer_class = serializers.SlaSerializer
    filterset_class = filters.SlaFilterSet


class SlaTargetViewSet(OrgScopedViewSet):
    """Measurable targets of SLAs."""

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
