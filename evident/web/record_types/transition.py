"""Record types of design, build and transition (8.5): change models, boards, releases.

Changes and their approvals are declared with the other operational records in
``operation``; this module adds what surrounds them.
"""

from evident.operations.models import (
    ChangeAuthority,
    ChangeTemplate,
    Deployment,
    Release,
    ServiceDesign,
    TransitionPlan,
)

from ..registry import OPERATION, RecordType

TRANSITION_TYPES = [
    RecordType(
        ChangeTemplate,
        "change-templates",
        OPERATION,
        clause="8.5.1.2",
        columns=("ref", "name", "risk", "active", "approved_by", "approved_at"),
        filters=("risk", "active"),
        search=("ref", "name", "description"),
        form_fields=(
            "name",
            "description",
            "steps",
            "risk",
            "approved_by",
            "approved_at",
            "active",
        ),
        name="Standard change template",
    ),
    RecordType(
        ChangeAuthority,
        "change-authorities",
        OPERATION,
        clause="8.5.1.3",
        columns=("ref", "name", "kind", "chair"),
        filters=("kind",),
        search=("ref", "name"),
        form_fields=("name", "kind", "chair", "members", "remit"),
    ),
    RecordType(
        Release,
        "releases",
        OPERATION,
        clause="8.5.3",
        columns=("ref", "name", "version", "service", "release_type", "status", "released_at"),
        filters=("release_type", "status", "outcome", "service"),
        search=("ref", "name", "version"),
        form_fields=(
            "name",
            "version",
            "service",
            "release_type",
            "status",
            "planned_for",
            "released_at",
            "outcome",
            "changes",
        ),
    ),
    RecordType(
        Deployment,
        "deployments",
        OPERATION,
        clause="8.5.3",
        columns=("ref", "release", "environment", "deployed_at", "outcome", "deployed_by"),
        filters=("environment", "outcome"),
        search=("ref", "release__ref", "release__name"),
        form_fields=(
            "release",
            "environment",
            "deployed_at",
            "outcome",
            "deployed_by",
            "rollback_note",
            "incident",
            "follow_up_change",
        ),
    ),
    RecordType(
        ServiceDesign,
        "service-designs",
        OPERATION,
        clause="8.5.2.2",
        columns=("ref", "service", "purpose", "requirements_met", "approved_by", "approved_at"),
        filters=("purpose", "requirements_met", "service"),
        search=("ref", "service__name", "summary"),
        form_fields=(
            "service",
            "purpose",
            "change",
            "summary",
            "requirements",
            "requirements_met",
            "approved_by",
            "approved_at",
        ),
    ),
    RecordType(
        TransitionPlan,
        "transition-plans",
        OPERATION,
        clause="8.5.2.3",
        columns=("ref", "design", "planned_date", "completed_on", "accepted_by"),
        filters=("accepted_by",),
        search=("ref", "design__ref", "acceptance_criteria"),
        form_fields=(
            "design",
            "planned_date",
            "acceptance_criteria",
            "completed_on",
            "accepted_by",
            "notes",
        ),
    ),
]
