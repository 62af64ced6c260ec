"""Record types of service assurance (8.7): availability and information security."""

from evident.assurance.models import AvailabilityMeasurement, AvailabilityTarget, SecurityControl

from ..registry import OPERATION, RecordType

ASSURANCE_TYPES = [
    RecordType(
        AvailabilityTarget,
        "availability-targets",
        OPERATION,
        clause="8.7.1",
        columns=("ref", "service", "target_percent", "measurement_window", "effective_from"),
        filters=("service",),
        search=("ref", "service__name"),
        form_fields=("service", "target_percent", "measurement_window", "effective_from"),
    ),
    RecordType(
        AvailabilityMeasurement,
        "availability-measurements",
        OPERATION,
        clause="8.7.1",
        columns=(
            "ref",
            "service",
            "month",
            "measured_percent",
            "target_percent",
            "met",
            "source",
        ),
        filters=("service", "met", "source"),
        search=("ref", "service__name", "action_taken"),
    ),
    RecordType(
        SecurityControl,
        "security-controls",
        OPERATION,
        clause="8.7.3",
        columns=("ref", "name", "control_area", "owner", "status", "last_tested_on"),
        filters=("control_area", "status", "effectiveness", "owner"),
        search=("ref", "name"),
        form_fields=(
            "name",
            "control_area",
            "owner",
            "status",
            "last_tested_on",
            "effectiveness",
        ),
    ),
]
