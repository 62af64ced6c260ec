"""Serializers for continuity plans and continuity tests."""

from evident.core.api import OrgScopedSerializer, record_fields, ref_of, refs_of

from ..models import ContinuityPlan, ContinuityTest


class ContinuityPlanSerializer(OrgScopedSerializer):
    service_refs = refs_of("services")
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = ContinuityPlan
        fields = record_fields(
            "title", "services", "service_refs", "status", "owner", "owner_ref", "approved_at"
        )


class ContinuityTestSerializer(OrgScopedSerializer):
    plan_ref = ref_of("plan")

    class Meta:
        model = ContinuityTest
        fields = record_fields("plan", "plan_ref", "tested_on", "result", "notes")
