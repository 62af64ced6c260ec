"""Record types of resolution (8.6): the priority matrix and reviews of incidents."""

from evident.operations.models import IncidentReview, PriorityMatrix

from ..registry import OPERATION, RecordType

RESOLUTION_REVIEW_TYPES = [
    RecordType(
        PriorityMatrix,
        "priority-matrices",
        OPERATION,
        clause="8.6.1",
    ),
    RecordType(
        IncidentReview,
        "incident-reviews",
        OPERATION,
        clause="8.6.1",
    ),
]
