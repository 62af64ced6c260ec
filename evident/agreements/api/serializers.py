"""Serializers for SLAs, customers, suppliers and contracts, budgets, demand and capacity."""

from rest_framework import serializers

from evident.core.api import OrgScopedSerializer, record_fields, ref_of, refs_of

from ..models import (
    SLA,
    BusinessCalendar,
    SlaMeasurement,
    SlaReview,
    SlaTarget,
    Supplier,
    SupplierReview,
)
from ..services.service_levels import breach_review_errors


class BusinessCalendarSerializer(OrgScopedSerializer):
    working_hours = serializers.JSONField(
        help_text='Working intervals per weekday, e.g. {"monday": [["08:00", "17:00"]]}'
    )
    holidays = serializers.ListField(
        child=serializers.DateField(), required=False, help_text="Dated days off"
    )
    yearly_holidays = serializers.ListField(
        child=serializers.RegexField(r"^\d{2}-\d{2}$"),
        required=False,
        help_text="Days off every year, as MM-DD",
    )

    class Meta:
        model = BusinessCalendar
        fields = record_fields(
            "name",
            "time_zone",
            "working_hours",
            "holidays",
            "yearly_holidays",
            "holiday_country",
            "holiday_subdivision",
        )

    def validate_holidays(self, value):
        # Stored as ISO strings: the field is JSON.
        return [day.isoformat() for day in value]


class SlaSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    calendar_ref = ref_of("calendar", null=True)

    class Meta:
        model = SLA
        fields = record_fields(
            "name",
            "service",
            "service_ref",
            "customer",
            "status",
            "agreed_on",
            "review_due",
            "calendar",
            "calendar_ref",
            "availability_target",
        )


class SlaTargetSerializer(OrgScopedSerializer):
    sla_ref = ref_of("sla")

    class Meta:
        model = SlaTarget
        fields = record_fields(
            "sla",
            "sla_ref",
            "metric",
            "kind",
            "priority",
            "time_limit_minutes",
            "effective_from",
            "effective_to",
            "target_value",
            "unit",
            "direction",
        )


class AttainmentQuerySerializer(serializers.Serializer):
    """The period whose incidents are judged, as local days of the SLA's calendar."""

    def get_fields(self):
        # "from" is a Python keyword, so the fields cannot be declared as attributes.
        return {"from": serializers.DateField(), "to": serializers.DateField()}

    def validate(self, attrs):
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": ["The period ends before it starts."]})
        return attrs


class AttainmentRowSerializer(serializers.Serializer):
    """Share of incidents within their target, per kind of target, priority and month."""

    service = serializers.CharField(help_text="Ref of the SLA's service")
    kind = serializers.CharField(help_text="The kind of target: response or resolution")
    priority = serializers.IntegerField()
    month = serializers.DateField(help_text="First day of the month the incidents were opened")
    tickets = serializers.IntegerField(help_text="Incidents judged")
    within_target = serializers.IntegerField()
    attainment_percent = serializers.FloatField()


class SlaMeasurementSerializer(OrgScopedSerializer):
    target_ref = ref_of("target")

    class Meta:
        model = SlaMeasurement
        fields = record_fields("target", "target_ref", "month", "value", "met")


class SlaReviewSerializer(OrgScopedSerializer):
    sla_ref = ref_of("sla")
    reviewer_ref = ref_of("reviewer", null=True)
    breaches_reviewed_refs = refs_of("breaches_reviewed")

    class Meta:
        model = SlaReview
        fields = record_fields(
            "sla",
            "sla_ref",
            "reviewed_on",
            "reviewer",
            "reviewer_ref",
            "notes",
            "breaches_reviewed",
            "breaches_reviewed_refs",
        )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        sla = attrs.get("sla", getattr(self.instance, "sla", None))
        breaches = attrs.get("breaches_reviewed")
        if sla is not None and breaches and (errors := breach_review_errors(sla, breaches)):
            raise serializers.ValidationError(errors)
        return attrs


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
