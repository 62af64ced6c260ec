"""Serializers for the service portfolio: services, catalogue, plans, parties, assets, CIs."""

from rest_framework import serializers

from evident.core.api import OrgScopedSerializer, record_fields, ref_of, refs_of

from ..impact import Link
from ..models import (
    Asset,
    CatalogueEntry,
    CiRelation,
    ConfigurationItem,
    LifecycleParty,
    Service,
    ServicePlan,
)


class ServiceSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = Service
        fields = record_fields(
            "name",
            "description",
            "status",
            "confirmed",
            "owner",
            "owner_ref",
            "live_on",
            "retired_on",
        )


class CatalogueEntrySerializer(OrgScopedSerializer):
    service_ref = ref_of("service")

    class Meta:
        model = CatalogueEntry
        fields = record_fields(
            "service", "service_ref", "summary", "service_hours", "status", "published_on"
        )


class ServicePlanSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = ServicePlan
        fields = record_fields(
            "title",
            "service",
            "service_ref",
            "kind",
            "requirements",
            "target_date",
            "status",
            "owner",
            "owner_ref",
            "completed_on",
        )


class LifecyclePartySerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    person_ref = ref_of("person", null=True)
    supplier_ref = ref_of("supplier", null=True)

    class Meta:
        model = LifecycleParty
        fields = record_fields(
            "service",
            "service_ref",
            "kind",
            "name",
            "person",
            "person_ref",
            "supplier",
            "supplier_ref",
            "role",
            "responsibilities",
        )


class AssetSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)
    configuration_item_ref = ref_of("configuration_item", null=True)

    class Meta:
        model = Asset
        fields = record_fields(
            "name",
            "asset_type",
            "status",
            "owner",
            "owner_ref",
            "location",
            "acquired_on",
            "disposed_on",
            "contract_ref",
            "licence_seats",
            "expires_on",
            "configuration_item",
            "configuration_item_ref",
        )


class ConfigurationItemSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)
    service_refs = refs_of("services")

    class Meta:
        model = ConfigurationItem
        fields = record_fields(
            "name",
            "ci_type",
            "status",
            "version",
            "location",
            "description",
            "owner",
            "owner_ref",
            "services",
            "service_refs",
            "retired_on",
        )


class CiRelationSerializer(OrgScopedSerializer):
    source_ref = ref_of("source")
    target_ref = ref_of("target")

    class Meta:
        model = CiRelation
        fields = record_fields("source", "source_ref", "kind", "target", "target_ref", "note")


# Read-only answers of the graph walks.


class LinkSerializer(serializers.Serializer):
    """One CI of a chain, and the relation by which the walk reached it from the one before."""

    id = serializers.IntegerField(source="item.pk")
    ref = serializers.CharField(source="item.ref")
    name = serializers.CharField(source="item.name")
    status = serializers.CharField(source="item.status")
    relation = serializers.CharField(
        source="kind", help_text="depends_on, runs_on or part_of; empty for the first CI"
    )
    relation_ref = serializers.SerializerMethodField()

    def get_relation_ref(self, link: Link) -> str:
        return link.relation.ref if link.relation else ""


class AffectedServiceSerializer(serializers.Serializer):
    """A service the CI affects and the chain of CIs from it to the one supporting the service."""

    id = serializers.IntegerField(source="service.pk")
    ref = serializers.CharField(source="service.ref")
    name = serializers.CharField(source="service.name")
    status = serializers.CharField(source="service.status")
    depth = serializers.IntegerField(help_text="Relations between the CI and the service's CI")
    path = LinkSerializer(source="chain", many=True)


class ComponentSerializer(serializers.Serializer):
    """A CI reached by a walk and the chain of CIs that leads to it."""

    id = serializers.IntegerField(source="item.pk")
    ref = serializers.CharField(source="item.ref")
    name = serializers.CharField(source="item.name")
    status = serializers.CharField(source="item.status")
    depth = serializers.IntegerField()
    path = LinkSerializer(source="chain", many=True)


class ImpactSerializer(serializers.Serializer):
    """What a CI affects, following relations upwards."""

    ref = serializers.CharField(source="item.ref")
    services = AffectedServiceSerializer(many=True)
    items = ComponentSerializer(many=True, help_text="Every other CI affected through it")
