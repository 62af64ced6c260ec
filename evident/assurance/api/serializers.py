"""Serializers for availability, continuity and information security records."""

from evident.core.api import OrgScopedSerializer, record_fields, ref_of, refs_of

from ..models import (
    AvailabilityMeasurement,
    AvailabilityTarget,
    ContinuityPlan,
    ContinuityTest,
    SecurityControl,
)


class AvailabilityTargetSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")

    class Meta:
        model = AvailabilityTarget
        fields = record_fields(
            "service", "service_ref", "target_percent", "measurement_window", "effective_from"
        )


class AvailabilityMeasurementSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")

    class Meta:
        model = AvailabilityMeasurement
        fields = record_fields(
            "service",
            "service_ref",
            "month",
            "agreed_minutes",
            "outage_minutes",
            "measured_percent",
            "target_percent",
            "met",
            "source",
            "action_taken",
        )


class ContinuityPlanSerializer(OrgScopedSerializer):
    service_refs = refs_of("services")
    owner_ref = ref_of("owner", null=True)
    approved_by_ref = ref_of("approved_by", null=True)

    class Meta:
        model = ContinuityPlan
        fields = record_fields(
            "title",
            "services",
            "service_refs",
            "status",
            "owner",
            "owner_ref",
            "version",
            "approved_by",
            "approved_by_ref",
            "approved_at",
            "next_review_due",
        )


class ContinuityTestSerializer(OrgScopedSerializer):
    plan_ref = ref_of("plan")

    class Meta:
        model = ContinuityTest
        fields = record_fields(
            "plan", "plan_ref", "tested_on", "result", "notes", "follow_up_actions"
        )


class SecurityControlSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = SecurityControl
        fields = record_fields(
            "name",
            "control_area",
            "owner",
            "owner_ref",
            "status",
            "last_tested_on",
            "effectiveness",
        )
