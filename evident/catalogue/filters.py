"""Filters for services and catalogue entries."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, OrgScopedFilterSet

from .models import CatalogueEntry, Service


class ServiceFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Service
        fields = {"status": ["exact"], "owner": ["exact"]}


class CatalogueEntryFilterSet(OrgScopedFilterSet):
    class Meta:
        model = CatalogueEntry
        fields = {"status": ["exact"], "service": ["exact"], "published_on": DATE_RANGE}
