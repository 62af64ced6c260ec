"""Serializers for changes and their approvals, problems, incidents and service requests."""

from drf_spectacular.utils import extend_schema_serializer

from evident.core.api import OrgScopedSerializer, record_fields, ref_of, refs_of

from ..models import Change, ChangeApproval, Incident, IncidentStatusChange, Problem, ServiceRequest


class ChangeSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    template_ref = ref_of("template", null=True)
    assessed_by_ref = ref_of("assessed_by", null=True)
    configuration_item_refs = refs_of("configuration_items")

    class Meta:
        model = Change
        fields = record_fields(
            "title",
            "change_type",
            "service",
            "service_ref",
            "risk",
            "status",
            "requested_at",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "outcome",
            "review_completed_at",
            "review_notes",
            "template",
            "template_ref",
            "risk_assessment",
            "assessed_by",
            "assessed_by_ref",
            "assessed_at",
            "backout_plan",
            "configuration_items",
            "configuration_item_refs",
        )


class ChangeApprovalSerializer(OrgScopedSerializer):
    change_ref = ref_of("change")
    approver_ref = ref_of("approver", null=True)
    authority_body_ref = ref_of("authority_body", null=True)

    class Meta:
        model = ChangeApproval
        fields = record_fields(
            "change",
            "change_ref",
            "authority",
            "authority_body",
            "authority_body_ref",
            "approver",
            "approver_ref",
            "decision",
            "decided_at",
        )


class ProblemSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")

    class Meta:
        model = Problem
        fields = record_fields(
            "title",
            "service",
            "service_ref",
            "status",
            "opened_at",
            "resolved_at",
            "root_cause",
            "workaround",
            "known_error_at",
        )


class IncidentSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    caused_by_change_ref = ref_of("caused_by_change", null=True)
    problem_ref = ref_of("problem", null=True)
    configuration_item_refs = refs_of("configuration_items")

    class Meta:
        model = Incident
        fields = record_fields(
            "title",
            "service",
            "service_ref",
            "priority",
            "impact",
            "urgency",
            "category",
            "status",
            "assignment_group",
            "major",
            "security",
            "priority_overridden",
            "override_reason",
            "made_sla",
            "opened_at",
            "resolved_at",
            "closed_at",
            "caused_by_change",
            "caused_by_change_ref",
            "problem",
            "problem_ref",
            "configuration_items",
            "configuration_item_refs",
        )


class IncidentStatusChangeSerializer(OrgScopedSerializer):
    incident_ref = ref_of("incident")

    class Meta:
        model = IncidentStatusChange
        fields = record_fields("incident", "incident_ref", "status", "source_status", "changed_at")


# "ServiceRequest" is already the name of the service's input schema.
@extend_schema_serializer(component_name="ServiceRequestRecord")
class ServiceRequestSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    approved_by_ref = ref_of("approved_by", null=True)
    fulfilled_by_ref = ref_of("fulfilled_by", null=True)

    class Meta:
        model = ServiceRequest
        fields = record_fields(
            "title",
            "service",
            "service_ref",
            "status",
            "request_type",
            "needs_approval",
            "approved_by",
            "approved_by_ref",
            "approved_at",
            "opened_at",
            "fulfilled_at",
            "fulfilled_by",
            "fulfilled_by_ref",
            "fulfilment_notes",
        )
