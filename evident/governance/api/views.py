"""Endpoints for scope statements, objectives, risks, the SMS plan and processes."""

from evident.core.api import OrgScopedViewSet

from .. import filters
from ..models import Milestone, Objective, Process, Risk, ScopeStatement, SmsPlan
from . import serializers


class ScopeStatementViewSet(OrgScopedViewSet):
    """Versions of the SMS scope (4.3); the latest approved one is in force."""

    queryset = ScopeStatement.objects.all()
    serializer_class = serializers.ScopeStatementSerializer
    filterset_class = filters.ScopeStatementFilterSet


class ObjectiveViewSet(OrgScopedViewSet):
    """Service management objectives (6.2)."""

    queryset = Objective.objects.all()
    serializer_class = serializers.ObjectiveSerializer
    filterset_class = filters.ObjectiveFilterSet


class RiskViewSet(OrgScopedViewSet):
    """The risk register (6.1)."""

    queryset = Risk.objects.all()
    serializer_class = serializers.RiskSerializer
    filterset_class = filters.RiskFilterSet


class SmsPlanViewSet(OrgScopedViewSet):
    """Plans to establish and improve the SMS (6.3)."""

    queryset = SmsPlan.objects.all()
    serializer_class = serializers.SmsPlanSerializer
    filterset_class = filters.SmsPlanFilterSet


class MilestoneViewSet(OrgScopedViewSet):
    """Dated steps of the SMS plan."""

    queryset = Milestone.objects.all()
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilterSet


class ProcessViewSet(OrgScopedViewSet):
    """The clause-8 processes of the SMS, their owners and procedures."""

    queryset = Process.objects.all()
    serializer_class = serializers.ProcessSerializer
    filterset_class = filters.ProcessFilterSet
