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
        name="Standard change template",
    ),
    RecordType(
        ChangeAuthority,
        "change-authorities",
        OPERATION,
        clause="8.5.1.3",
    ),
    RecordType(
        Release,
        "releases",
        OPERATION,
        clause="8.5.3",
    ),
    RecordType(
        Deployment,
        "deployments",
        OPERATION,
        clause="8.5.3",
    ),
    RecordType(
        ServiceDesign,
        "service-designs",
        OPERATION,
        clause="8.5.2.2",
    ),
    RecordType(
        TransitionPlan,
        "transition-plans",
        OPERATION,
        clause="8.5.2.3",
    ),
]
