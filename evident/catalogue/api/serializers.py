"""Serializers for services and catalogue entries."""

from evident.core.api import OrgScopedSerializer, record_fields, ref_of

from ..models import CatalogueEntry, Service


class ServiceSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = Service
        fields = record_fields("name", "description", "status", "confirmed", "owner", "owner_ref")


class CatalogueEntrySerializer(OrgScopedSerializer):
    service_ref = ref_of("service")

    class Meta:
        model = CatalogueEntry
        fields = record_fields(
            "service", "service_ref", "summary", "service_hours", "status", "published_on"
        )
