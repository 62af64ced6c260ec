"""Endpoints for changes and their approvals, problems, incidents and service requests."""

from evident.core.api import OrgScopedViewSet

from .. import filters
from ..models import (
    Change,
    ChangeApproval,
    Incident,
    IncidentStatusChange,
    Problem,
    ServiceRequest,
)
from . import serializers


class ChangeViewSet(OrgScopedViewSet):
    """Changes to services and their components (8.5.1)."""

    queryset = Change.objects.all()
    serializer_class = serializers.ChangeSerializer
    filterset_class = filters.ChangeFilterSet


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


class IncidentViewSet(OrgScopedViewSet):
    """Unplanned interruptions or degradations of services (8.6.1)."""

    queryset = Incident.objects.all()
    serializer_class = serializers.IncidentSerializer
    filterset_class = filters.IncidentFilterSet


class IncidentStatusChangeViewSet(OrgScopedViewSet):
    """An incident's status history: the steps the SLA clock reads."""

    queryset = IncidentStatusChange.objects.all()
    serializer_class = serializers.IncidentStatusChangeSerializer
    filterset_class = filters.IncidentStatusChangeFilterSet


class ServiceRequestViewSet(OrgScopedViewSet):
    """Requests for what the services provide (8.6.2)."""

    queryset = ServiceRequest.objects.all()
    serializer_class = serializers.ServiceRequestSerializer
    filterset_class = filters.ServiceRequestFilterSet
