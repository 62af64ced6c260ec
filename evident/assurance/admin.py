from evident.core.admin import register_records

from .models import (
    AvailabilityMeasurement,
    AvailabilityTarget,
    ContinuityPlan,
    ContinuityTest,
    SecurityControl,
)

register_records(
    AvailabilityTarget, AvailabilityMeasurement, ContinuityPlan, ContinuityTest, SecurityControl
)
