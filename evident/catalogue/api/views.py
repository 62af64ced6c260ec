"""Endpoints for the service portfolio, with the impact and dependency walks."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from evident.core.api import OrgScopedViewSet

from .. import filters
from ..impact import affected_services, rests_on
from ..models import (
    Asset,
    CatalogueEntry,
    CiRelation,
    ConfigurationItem,
    LifecycleParty,
    Service,
    ServicePlan,
)
from . import serializers


class ServiceViewSet(OrgScopedViewSet):
    """Services the organisation delivers, catalogued or not."""

    queryset = Service.objects.all()
    serializer_class = serializers.ServiceSerializer
    filterset_class = filters.ServiceFilterSet

    @extend_schema(responses={200: serializers.ComponentSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="rests-on")
    def rests_on(self, request, *args, **kwargs):
        """Every CI the service rests on, nearest first, with the chain that leads to it."""
        components = rests_on(self.get_object())
        return Response(serializers.ComponentSerializer(components, many=True).data)


class CatalogueEntryViewSet(OrgScopedViewSet):
    """Services as published in the service catalogue (8.2)."""

    queryset = CatalogueEntry.objects.all()
    serializer_class = serializers.CatalogueEntrySerializer
    filterset_class = filters.CatalogueEntryFilterSet


class ServicePlanViewSet(OrgScopedViewSet):
    """Plans for new services, changes to services and their retirement (8.2.2)."""

    queryset = ServicePlan.objects.all()
    serializer_class = serializers.ServicePlanSerializer
    filterset_class = filters.ServicePlanFilterSet


class LifecyclePartyViewSet(OrgScopedViewSet):
    """Parties that take part in a service's lifecycle and what they answer for (8.2.3)."""

    queryset = LifecycleParty.objects.all()
    serializer_class = serializers.LifecyclePartySerializer
    filterset_class = filters.LifecyclePartyFilterSet


class AssetViewSet(OrgScopedViewSet):
    """The asset register (8.2.5)."""

    queryset = Asset.objects.all()
    serializer_class = serializers.AssetSerializer
    filterset_class = filters.AssetFilterSet


class ConfigurationItemViewSet(OrgScopedViewSet):
    """Configuration items: the controlled components of the services (8.2.6)."""

    queryset = ConfigurationItem.objects.all()
    serializer_class = serializers.ConfigurationItemSerializer
    filterset_class = filters.ConfigurationItemFilterSet

    @extend_schema(responses={200: serializers.ImpactSerializer})
    @action(detail=True, methods=["get"])
    def impact(self, request, *args, **kwargs):
        """The services this CI affects and every CI affected through it, with the chains."""
        found = affected_services(self.get_object())
        return Response(serializers.ImpactSerializer(found).data)


class CiRelationViewSet(OrgScopedViewSet):
    """Typed relations between CIs: depends on, runs on, is part of."""

    queryset = CiRelation.objects.all()
    serializer_class = serializers.CiRelationSerializer
    filterset_class = filters.CiRelationFilterSet
