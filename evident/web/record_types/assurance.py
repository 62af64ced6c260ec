"""Record types of service assurance (8.7): availability and information security."""

from evident.assurance.models import AvailabilityMeasurement, AvailabilityTarget, SecurityControl

from ..registry import OPERATION, RecordType

ASSURANCE_TYPES = [
    RecordType(
        AvailabilityTarget,
        "availability-targets",
        OPERATION,
        clause="8.7.1",
    ),
    RecordType(
        AvailabilityMeasurement,
        "availability-measurements",
        OPERATION,
        clause="8.7.1",
    ),
    RecordType(
        SecurityControl,
        "security-controls",
        OPERATION,
        clause="8.7.3",
    ),
]
