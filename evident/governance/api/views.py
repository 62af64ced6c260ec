"""Endpoints for context, scope, leadership, objectives, risks, the SMS plan and processes."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from evident.core.api import OrgScopedViewSet

from .. import filters, resources
from ..models import (
    BodyMeeting,
    ContextIssue,
    GoverningBody,
    InterestedParty,
    MeetingAction,
    Milestone,
    Objective,
    Process,
    ResourceAllocation,
    Risk,
    RoleAssignment,
    ScopeExclusion,
    ScopePhase,
    ScopeStatement,
    SmsPlan,
)
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


class ContextIssueViewSet(OrgScopedViewSet):
    """Internal and external issues that bear on the SMS (4.1)."""

    queryset = ContextIssue.objects.all()
    serializer_class = serializers.ContextIssueSerializer
    filterset_class = filters.ContextIssueFilterSet


class InterestedPartyViewSet(OrgScopedViewSet):
    """Interested parties, their needs and the obligations taken on (4.2)."""

    queryset = InterestedParty.objects.all()
    serializer_class = serializers.InterestedPartySerializer
    filterset_class = filters.InterestedPartyFilterSet


class GoverningBodyViewSet(OrgScopedViewSet):
    """Steering committees and boards that direct the SMS (5.1)."""

    queryset = GoverningBody.objects.all()
    serializer_class = serializers.GoverningBodySerializer
    filterset_class = filters.GoverningBodyFilterSet


class BodyMeetingViewSet(OrgScopedViewSet):
    """Meetings of governing bodies: attendance, minutes and decisions (5.1)."""

    queryset = BodyMeeting.objects.all()
    serializer_class = serializers.BodyMeetingSerializer
    filterset_class = filters.BodyMeetingFilterSet


class MeetingActionViewSet(OrgScopedViewSet):
    """Actions given out at governing-body meetings, and their closure."""

    queryset = MeetingAction.objects.all()
    serializer_class = serializers.MeetingActionSerializer
    filterset_class = filters.MeetingActionFilterSet


class RoleAssignmentViewSet(OrgScopedViewSet):
    """Who holds which SMS role, as RACI entries per process (5.3)."""

    queryset = RoleAssignment.objects.all()
    serializer_class = serializers.RoleAssignmentSerializer
    filterset_class = filters.RoleAssignmentFilterSet


class ScopeExclusionViewSet(OrgScopedViewSet):
    """What a scope statement leaves out, each with its reason (4.3)."""

    queryset = ScopeExclusion.objects.all()
    serializer_class = serializers.ScopeExclusionSerializer
    filterset_class = filters.ScopeExclusionFilterSet


class ScopePhaseViewSet(OrgScopedViewSet):
    """The phased certification plan: which services each phase brings into certification."""

    queryset = ScopePhase.objects.all()
    serializer_class = serializers.ScopePhaseSerializer
    filterset_class = filters.ScopePhaseFilterSet


class ResourceAllocationViewSet(OrgScopedViewSet):
    """The resource plan (7.1): FTE given to SMS roles per period; ``load/`` sums it per month."""

    queryset = ResourceAllocation.objects.all()
    serializer_class = serializers.ResourceAllocationSerializer
    filterset_class = filters.ResourceAllocationFilterSet

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="First month, YYYY-MM (default: this month)"),
            OpenApiParameter("to", str, description="Last month, YYYY-MM (default: 11 months on)"),
            OpenApiParameter("over_allocated", bool, description="Only months above 1.0 FTE"),
        ],
        responses={200: serializers.PersonMonthLoadSerializer(many=True)},
        filters=False,
    )
    @action(detail=False, methods=["get"], url_path="load", filter_backends=[])
    def load(self, request, *args, **kwargs):
        """Each person's total FTE per month, and whether it is over 1.0."""
        first, last = resources.months_from_query(request.query_params)
        loads = resources.person_month_loads(self.organisation, first, last)
        if request.query_params.get("over_allocated", "").lower() in ("1", "true", "yes"):
            loads = [load for load in loads if load.over_allocated]
        return Response(serializers.PersonMonthLoadSerializer(loads, many=True).data)
