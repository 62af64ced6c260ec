"""Endpoints for changes and their approvals, problems, incidents and service requests."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from evident.core.api import OrgScopedViewSet, ReadOnlyOrgScopedViewSet

from .. import change_schedule, filters
from ..models import (
    Change,
    ChangeApproval,
    Incident,
    IncidentStatusChange,
    Problem,
    ServiceRequest,
)
from . import serializers, transition
from .resolution import RecurrenceActionMixin

FROM_HELP = "Only changes planned to end after this instant (ISO 8601)."
UNTIL_HELP = "Only changes planned to start before this instant (ISO 8601)."


class ChangeViewSet(OrgScopedViewSet):
    """Changes to services and their components (8.5.1)."""

    queryset = Change.objects.all()
    serializer_class = serializers.ChangeSerializer
    filterset_class = filters.ChangeFilterSet

    @extend_schema(
        parameters=[
            OpenApiParameter("starting_from", OpenApiTypes.DATETIME, description=FROM_HELP),
            OpenApiParameter("until", OpenApiTypes.DATETIME, description=UNTIL_HELP),
        ],
        responses={200: transition.ConflictSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def conflicts(self, request, *args, **kwargs):
        """Pairs of changes planned in overlapping windows on a shared configuration item."""
        query = transition.ConflictQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = change_schedule.conflicts(
            self.organisation,
            starting_from=query.validated_data.get("starting_from"),
            until=query.validated_data.get("until"),
        )
        return Response(transition.ConflictSerializer(found, many=True).data)


class ChangeApprovalViewSet(OrgScopedViewSet):
    """Decisions on changes by the change authority."""

    queryset = ChangeApproval.objects.all()
    serializer_class = serializers.ChangeApprovalSerializer
    filterset_class = filters.ChangeApprovalFilterSet


class ProblemViewSet(OrgScopedViewSet):
    """Problems: the causes of incidents, with root cause and workaround (8.6.3)."""

    queryset = Problem.objects.all()
    serializer_class = serializers.ProblemSerializer
    filterset_class = filters.ProblemFilterSet


class IncidentViewSet(RecurrenceActionMixin, OrgScopedViewSet):
    """Unplanned interruptions or degradations of services (8.6.1)."""

    queryset = Incident.objects.all()
    serializer_class = serializers.IncidentSerializer
    filterset_class = filters.IncidentFilterSet


class IncidentStatusChangeViewSet(ReadOnlyOrgScopedViewSet):
    """An incident's status history: the steps the SLA clock reads, written by the incident's
    transitions and by imports."""

    queryset = IncidentStatusChange.objects.all()
    serializer_class = serializers.IncidentStatusChangeSerializer
    filterset_class = filters.IncidentStatusChangeFilterSet


class ServiceRequestViewSet(OrgScopedViewSet):
    """Requests for what the services provide (8.6.2)."""

    queryset = ServiceRequest.objects.all()
    serializer_class = serializers.ServiceRequestSerializer
    filterset_class = filters.ServiceRequestFilterSet
