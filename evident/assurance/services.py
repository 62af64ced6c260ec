"""Domain verbs of service assurance (8.7): continuity plans and tests, controls, availability.

Each verb writes through ``core.services`` so that validation, tenancy and the
evidence ledger apply; callers open the ``acting(...)`` block that says who writes.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.models import Person

from .models import AvailabilityMeasurement, ContinuityPlan, ContinuityTest, SecurityControl


def approve_continuity_plan(
    plan: ContinuityPlan,
    version: str,
    approved_by: Person,
    approved_at: dt.datetime,
    next_review_due: dt.date,
) -> ContinuityPlan:
    """Approve ``version`` of the plan and set when it is next reviewed."""
    if next_review_due <= approved_at.date():
        raise ValidationError({"next_review_due": "The next review falls after the approval."})
    if plan.version and version == plan.version and plan.status == ContinuityPlan.Status.APPROVED:
        raise ValidationError({"version": f"Version {version} is already approved."})
    return services.update_record(
        plan,
        version=version,
        status=ContinuityPlan.Status.APPROVED,
        approved_by=approved_by,
        approved_at=approved_at,
        next_review_due=next_review_due,
    )


def record_continuity_test(
    plan: ContinuityPlan,
    tested_on: dt.date,
    result: str,
    notes: str = "",
    follow_up_actions: str = "",
) -> ContinuityTest:
    """Record an exercise of the plan; a test that showed issues says what follows from it."""
    if result != ContinuityTest.Result.PASSED and not follow_up_actions.strip():
        raise ValidationError(
            {"follow_up_actions": "Say what will be done about the issues the test showed."}
        )
    return services.create_record(
        ContinuityTest,
        plan.organisation,
        plan=plan,
        tested_on=tested_on,
        result=result,
        notes=notes,
        follow_up_actions=follow_up_actions,
    )


def record_control_test(
    control: SecurityControl, tested_on: dt.date, effectiveness: str
) -> SecurityControl:
    """Record that the control was tested and how effective it proved."""
    if not effectiveness:
        raise ValidationError({"effectiveness": "A test concludes on the control's effectiveness."})
    return services.update_record(control, last_tested_on=tested_on, effectiveness=effectiveness)


def act_on_availability(
    measurement: AvailabilityMeasurement, action: str
) -> AvailabilityMeasurement:
    """Record what was done about a month whose availability fell below its target."""
    if not action.strip():
        raise ValidationError({"action_taken": "Describe the action taken."})
    return services.update_record(measurement, action_taken=action)
