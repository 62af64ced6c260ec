"""Endpoints for continuity plans and continuity tests."""

from evident.core.api import OrgScopedViewSet

from .. import filters
from ..models import ContinuityPlan, ContinuityTest
from . import serializers


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
