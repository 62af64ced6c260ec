"""Endpoints for services and catalogue entries."""

from evident.core.api import OrgScopedViewSet

from .. import filters
from ..models import CatalogueEntry, Service
from . import serializers


class ServiceViewSet(OrgScopedViewSet):
    """Services the organisation delivers, catalogued or not."""

    queryset = Service.objects.all()
    serializer_class = serializers.ServiceSerializer
    filterset_class = filters.ServiceFilterSet


class CatalogueEntryViewSet(OrgScopedViewSet):
    """Services as published in the service catalogue (8.2)."""

    queryset = CatalogueEntry.objects.all()
    serializer_class = serializers.CatalogueEntrySerializer
    filterset_class = filters.CatalogueEntryFilterSet
