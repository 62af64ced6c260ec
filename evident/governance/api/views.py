"""Endpoints for context, scope, leadership, objectives, risks, the SMS plan and processes."""

from evident.core.api import OrgScopedViewSet

from .. import filters
from ..models import (
    BodyMeeting,
    ContextIssue,
    GoverningBody,
    InterestedParty,
    MeetingAction,
    Milestone,
    Objective,
    Process,
    Risk,
    RoleAssignment,
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
