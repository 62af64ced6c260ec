"""Endpoints for availability, continuity and information security records."""

from evident.core.api import OrgScopedViewSet

from .. import filters
from ..models import (
    AvailabilityMeasurement,
    AvailabilityTarget,
    ContinuityPlan,
    ContinuityTest,
    SecurityControl,
)
from . import serializers


class AvailabilityTargetViewSet(OrgScopedViewSet):
    """The availability agreed for each service (8.7.1)."""

    queryset = AvailabilityTarget.objects.all()
    serializer_class = serializers.AvailabilityTargetSerializer
    filterset_class = filters.AvailabilityTargetFilterSet


class AvailabilityMeasurementViewSet(OrgScopedViewSet):
    """Monthly measured availability of services, derived from outages or entered by hand."""

    queryset = AvailabilityMeasurement.objects.all()
    serializer_class = serializers.AvailabilityMeasurementSerializer
    filterset_class = filters.AvailabilityMeasurementFilterSet


class ContinuityPlanViewSet(OrgScopedViewSet):
    """Plans to keep or restore services after a major disruption (8.7.2)."""

    queryset = ContinuityPlan.objects.all()
    serializer_class = serializers.ContinuityPlanSerializer
    filterset_class = filters.ContinuityPlanFilterSet


class ContinuityTestViewSet(OrgScopedViewSet):
    """Exercises of continuity plans and what they showed."""

    queryset = ContinuityTest.objects.all()
    serializer_class = serializers.ContinuityTestSerializer
    filterset_class = filters.ContinuityTestFilterSet


class SecurityControlViewSet(OrgScopedViewSet):
    """Information security controls, their owners and effectiveness (8.7.3)."""

    queryset = SecurityControl.objects.all()
    serializer_class = serializers.SecurityControlSerializer
    filterset_class = filters.SecurityControlFilterSet
