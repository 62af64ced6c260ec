"""Domain verbs of service assurance (8.7): continuity plans and tests, controls, availability.

Each verb writes through ``core.services`` so that validation, tenancy and the
evidence ledger apply; callers open the ``acting(...)`` block that says who writes.
A plan's approval (who approved which version, when) is set only by approving
it: typed into a form it would claim a decision nobody recorded.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.models import Person
from evident.core.verbs import verb

from .models import AvailabilityMeasurement, ContinuityPlan, ContinuityTest, SecurityControl

APPROVAL_FIELDS = ("approved_by", "approved_at")


@verb("continuity_plan.drafted")
def draft_continuity_plan(organisation, **fields) -> ContinuityPlan:
    """Enter a continuity plan; its approval is recorded by approving it."""
    if given := [name for name in APPROVAL_FIELDS if fields.get(name)]:
        raise ValidationError({name: "Recorded by approving the plan." for name in given})
    return services.create_record(ContinuityPlan, organisation, **fields)


@verb("continuity_plan.revised")
def revise_continuity_plan(plan: ContinuityPlan, **changes) -> ContinuityPlan:
    """Edit a plan, leaving its approval as it was given: a new version is approved anew."""
    guarded = APPROVAL_FIELDS
    if plan.status == ContinuityPlan.Status.APPROVED:
        guarded += ("version",)
    if changed := [name for name in guarded if _changes(plan, changes, name)]:
        raise ValidationError({name: "Recorded by approving the plan." for name in changed})
    return services.update_record(plan, **changes)


@verb("continuity_plan.approved")
def approve_continuity_plan(
    plan: ContinuityPlan,
    version: str,
    approved_by: Person,
    approved_at: dt.datetime,
    next_review_due: dt.date,
) -> ContinuityPlan:
    """Approve ``version`` of the plan and set when it is next reviewed."""
    if plan.status == ContinuityPlan.Status.RETIRED:
        raise ValidationError({"status": f"{plan.ref} is retired."})
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


@verb("continuity_plan.retired")
def retire_continuity_plan(plan: ContinuityPlan) -> ContinuityPlan:
    """The plan no longer applies (its services are gone, or another plan replaces it)."""
    if plan.status == ContinuityPlan.Status.RETIRED:
        raise ValidationError({"status": f"{plan.ref} is already retired."})
    return services.update_record(plan, status=ContinuityPlan.Status.RETIRED)


def follow_up_errors(values: dict) -> dict[str, str]:
    """A continuity test that showed issues says what will be done about them."""
    showed_issues = values.get("result") not in (None, "", ContinuityTest.Result.PASSED)
    if showed_issues and not (values.get("follow_up_actions") or "").strip():
        return {"follow_up_actions": "Say what will be done about the issues the test showed."}
    return {}


@verb("continuity_test.recorded")
def record_continuity_test(
    plan: ContinuityPlan,
    tested_on: dt.date,
    result: str,
    notes: str = "",
    follow_up_actions: str = "",
) -> ContinuityTest:
    """Record an exercise of the plan; a test that showed issues says what follows from it."""
    if errors := follow_up_errors({"result": result, "follow_up_actions": follow_up_actions}):
        raise ValidationError(errors)
    return services.create_record(
        ContinuityTest,
        plan.organisation,
        plan=plan,
        tested_on=tested_on,
        result=result,
        notes=notes,
        follow_up_actions=follow_up_actions,
    )


@verb("security_control.implemented")
def implement_control(control: SecurityControl) -> SecurityControl:
    """The planned control is in place; its effectiveness is then shown by testing it."""
    if control.status != SecurityControl.Status.PLANNED:
        raise ValidationError({"status": f"{control.ref} is already {control.status}."})
    return services.update_record(control, status=SecurityControl.Status.IMPLEMENTED)


@verb("security_control.tested")
def record_control_test(
    control: SecurityControl, tested_on: dt.date, effectiveness: str
) -> SecurityControl:
    """Record that the control was tested and how effective it proved."""
    if not effectiveness:
        raise ValidationError({"effectiveness": "A test concludes on the control's effectiveness."})
    return services.update_record(control, last_tested_on=tested_on, effectiveness=effectiveness)


@verb("availability.acted_on")
def act_on_availability(
    measurement: AvailabilityMeasurement, action: str
) -> AvailabilityMeasurement:
    """Record what was done about a month whose availability fell below its target."""
    if not action.strip():
        raise ValidationError({"action_taken": "Describe the action taken."})
    return services.update_record(measurement, action_taken=action)


def _changes(record, changes: dict, name: str) -> bool:
    """Whether ``changes`` gives ``name`` a value other than the record's."""
    if name not in changes:
        return False
    value = changes[name]
    return getattr(value, "pk", value) != getattr(record, f"{name}_id", getattr(record, name))
