"""Serializers for customers and the relationship with them, contracts and supplier results."""

from evident.core.api import OrgScopedSerializer, record_fields, ref_of, refs_of

from ..models import (
    Complaint,
    Contract,
    Customer,
    RelationshipReview,
    SatisfactionSurvey,
    SupplierMeasurement,
)


class CustomerSerializer(OrgScopedSerializer):
    contact_ref = ref_of("contact", null=True)
    service_refs = refs_of("services")

    class Meta:
        model = Customer
        fields = record_fields(
            "name",
            "kind",
            "status",
            "contact",
            "contact_ref",
            "customer_contact",
            "services",
            "service_refs",
        )


class RelationshipReviewSerializer(OrgScopedSerializer):
    customer_ref = ref_of("customer")
    attendee_refs = refs_of("attendees")

    class Meta:
        model = RelationshipReview
        fields = record_fields(
            "customer",
            "customer_ref",
            "status",
            "planned_on",
            "held_on",
            "attendees",
            "attendee_refs",
            "customer_attendees",
            "outcomes",
            "actions",
        )


class SatisfactionSurveySerializer(OrgScopedSerializer):
    customer_ref = ref_of("customer")
    service_ref = ref_of("service", null=True)

    class Meta:
        model = SatisfactionSurvey
        fields = record_fields(
            "customer",
            "customer_ref",
            "service",
            "service_ref",
            "period_start",
            "period_end",
            "conducted_on",
            "responses",
            "score",
            "comments",
        )


class ComplaintSerializer(OrgScopedSerializer):
    customer_ref = ref_of("customer")
    service_ref = ref_of("service", null=True)
    handler_ref = ref_of("handler", null=True)

    class Meta:
        model = Complaint
        fields = record_fields(
            "customer",
            "customer_ref",
            "service",
            "service_ref",
            "summary",
            "details",
            "received_on",
            "respond_by",
            "status",
            "resolved_on",
            "resolution",
            "handler",
            "handler_ref",
            "nonconformity_ref",
        )
        read_only_fields = ["nonconformity_ref"]


class ContractSerializer(OrgScopedSerializer):
    supplier_ref = ref_of("supplier")
    service_refs = refs_of("services")
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = Contract
        fields = record_fields(
            "supplier",
            "supplier_ref",
            "title",
            "kind",
            "services",
            "service_refs",
            "starts_on",
            "ends_on",
            "notice_by",
            "value",
            "currency",
            "targets",
            "status",
            "owner",
            "owner_ref",
        )


class SupplierMeasurementSerializer(OrgScopedSerializer):
    supplier_ref = ref_of("supplier")
    contract_ref = ref_of("contract", null=True)

    class Meta:
        model = SupplierMeasurement
        fields = record_fields(
            "supplier",
            "supplier_ref",
            "contract",
            "contract_ref",
            "month",
            "metric",
            "target",
            "direction",
            "actual",
            "unit",
            "met",
        )
