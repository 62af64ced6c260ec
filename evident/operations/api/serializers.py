"""Serializers for changes and their approvals, problems, incidents and service requests."""

from drf_spectacular.utils import extend_schema_serializer

from evident.core.api import OrgScopedSerializer, record_fields, ref_of

from ..models import Change, ChangeApproval, Incident, IncidentStatusChange, Problem, ServiceRequest


class ChangeSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")

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
        )


class ChangeApprovalSerializer(OrgScopedSerializer):
    change_ref = ref_of("change")
    approver_ref = ref_of("approver", null=True)

    class Meta:
        model = ChangeApproval
        fields = record_fields(
            "change",
            "change_ref",
            "authority",
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
        )


class IncidentSerializer(OrgScopedSerializer):
    service_ref = ref_of("service")
    caused_by_change_ref = ref_of("caused_by_change", null=True)
    problem_ref = ref_of("problem", null=True)

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
            "made_sla",
            "opened_at",
            "resolved_at",
            "closed_at",
            "caused_by_change",
            "caused_by_change_ref",
            "problem",
            "problem_ref",
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

    class Meta:
        model = ServiceRequest
        fields = record_fields(
            "title", "service", "service_ref", "status", "opened_at", "fulfilled_at"
        )
