"""Filters for the service portfolio: services, catalogue, plans, parties, assets and CIs."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, OrgScopedFilterSet

from .models import (
    Asset,
    CatalogueEntry,
    CiRelation,
    ConfigurationItem,
    LifecycleParty,
    Service,
    ServicePlan,
)


class ServiceFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Service
        fields = {"status": ["exact"], "owner": ["exact"], "live_on": DATE_RANGE}


class CatalogueEntryFilterSet(OrgScopedFilterSet):
    class Meta:
        model = CatalogueEntry
        fields = {"status": ["exact"], "service": ["exact"], "published_on": DATE_RANGE}


class ServicePlanFilterSet(OrgScopedFilterSet):
    class Meta:
        model = ServicePlan
        fields = {
            "service": ["exact"],
            "kind": ["exact"],
            "status": ["exact"],
            "owner": ["exact"],
            "target_date": DATE_RANGE,
        }


class LifecyclePartyFilterSet(OrgScopedFilterSet):
    class Meta:
        model = LifecycleParty
        fields = {
            "service": ["exact"],
            "kind": ["exact"],
            "person": ["exact"],
            "supplier": ["exact"],
        }


class AssetFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Asset
        fields = {
            "asset_type": ["exact"],
            "status": ["exact"],
            "owner": ["exact"],
            "configuration_item": ["exact"],
            "expires_on": DATE_RANGE,
        }


class ConfigurationItemFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ConfigurationItem
        fields = {
            "ci_type": ["exact"],
            "status": ["exact"],
            "owner": ["exact"],
            "services": ["exact"],
        }


class CiRelationFilterSet(OrgScopedFilterSet):
    class Meta:
        model = CiRelation
        fields = {"source": ["exact"], "target": ["exact"], "kind": ["exact"]}
