"""Record types of resolution (8.6): the priority matrix and reviews of incidents."""

from evident.operations.models import IncidentReview, PriorityMatrix

from ..registry import OPERATION, RecordType

RESOLUTION_REVIEW_TYPES = [
    RecordType(
        PriorityMatrix,
        "priority-matrices",
        OPERATION,
        clause="8.6.1",
        columns=("ref", "name", "major_incident_procedure", "approved_by", "approved_at"),
        filters=("approved_by",),
        search=("ref", "name"),
    ),
    RecordType(
        IncidentReview,
        "incident-reviews",
        OPERATION,
        clause="8.6.1",
        columns=("ref", "incident", "kind", "held_on", "reviewed_by", "reported_to"),
        filters=("kind", "reviewed_by"),
        search=("ref", "incident__ref", "lessons", "actions"),
        form_fields=(
            "incident",
            "kind",
            "held_on",
            "reviewed_by",
            "timeline",
            "root_cause_summary",
            "lessons",
            "actions",
            "reported_to",
            "reported_on",
        ),
    ),
]
