"""Serializers for SLAs, their targets, measurements and reviews, and for suppliers."""

from evident.core.api import OrgScopedSerializer, record_fields, ref_of, refs_of

from ..models import SLA, SlaMeasurement, SlaReview, SlaTarget, Supplier, SupplierReview


class SlaSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")

    class Meta:
        model = SLA
        fields = record_fields(
            "name", "service", "service_ref", "customer", "status", "agreed_on", "review_due"
        )


class SlaTargetSerializer(OrgScopedSerializer):
    sla_ref = ref_of("sla")

    class Meta:
        model = SlaTarget
        fields = record_fields("sla", "sla_ref", "metric", "target_value", "unit", "direction")


class SlaMeasurementSerializer(OrgScopedSerializer):
    target_ref = ref_of("target")

    class Meta:
        model = SlaMeasurement
        fields = record_fields("target", "target_ref", "month", "value", "met")


class SlaReviewSerializer(OrgScopedSerializer):
    sla_ref = ref_of("sla")
    reviewer_ref = ref_of("reviewer", null=True)

    class Meta:
        model = SlaReview
        fields = record_fields("sla", "sla_ref", "reviewed_on", "reviewer", "reviewer_ref", "notes")


class SupplierSerializer(OrgScopedSerializer):
    service_refs = refs_of("services")
    manager_ref = ref_of("manager", null=True)

    class Meta:
        model = Supplier
        fields = record_fields(
            "name",
            "supplier_type",
            "services",
            "service_refs",
            "contract_ref",
            "contract_end",
            "status",
            "manager",
            "manager_ref",
        )


class SupplierReviewSerializer(OrgScopedSerializer):
    supplier_ref = ref_of("supplier")
    reviewer_ref = ref_of("reviewer", null=True)

    class Meta:
        model = SupplierReview
        fields = record_fields(
            "supplier",
            "supplier_ref",
            "reviewed_on",
            "reviewer",
            "reviewer_ref",
            "rating",
            "notes",
        )
        extra_kwargs = {"rating": {"min_value": 1, "max_value": 5}}
