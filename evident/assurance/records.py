"""How the records of service assurance (8.7) change.

A continuity plan is approved (a version, by a named person, with its next
review) and retired by its verbs, and its approval is never typed into an edit.
A security control goes from planned to implemented by its verb, and each test
of it records its effectiveness. A continuity test that showed issues says what
follows from it. Availability targets are entered; measurements are derived by
Evident from incident outages or entered by hand, and a month below target
records the action taken. Imports and bundles write through ``core.services``.
"""

from __future__ import annotations

from django import forms

from evident.core.models import Person, Role
from evident.core.records import Lifecycle, Transition, declare

from . import services as verbs
from .filters import (
    AvailabilityMeasurementFilterSet,
    AvailabilityTargetFilterSet,
    ContinuityPlanFilterSet,
    ContinuityTestFilterSet,
    SecurityControlFilterSet,
)
from .models import (
    AvailabilityMeasurement,
    AvailabilityTarget,
    ContinuityPlan,
    ContinuityTest,
    SecurityControl,
)

# Approving and retiring a plan are management decisions, which internal auditors audit.
DECISION_ROLES = frozenset({Role.ADMIN, Role.SMS_MANAGER, Role.PROCESS_OWNER})
Plan = ContinuityPlan.Status
Control = SecurityControl.Status


def _day(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


def _approval_inputs():
    picker = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    return {
        "version": forms.CharField(max_length=32, label="Version approved"),
        "approved_by": forms.ModelChoiceField(queryset=Person.objects.all()),
        "approved_at": forms.DateTimeField(label="Approved at", help_text="UTC", widget=picker),
        "next_review_due": _day("Next review due"),
    }


PLAN_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Plan.DRAFT,),
    transitions=(
        Transition(
            "approve",
            lambda plan, **i: verbs.approve_continuity_plan(plan, **i),
            sources=(Plan.DRAFT, Plan.APPROVED),
            target=Plan.APPROVED,
            inputs=_approval_inputs,
            roles=DECISION_ROLES,
            help="Approves a version; a revised plan is approved again as a new version.",
        ),
        Transition(
            "retire",
            lambda plan, **i: verbs.retire_continuity_plan(plan),
            sources=(Plan.DRAFT, Plan.APPROVED),
            target=Plan.RETIRED,
            roles=DECISION_ROLES,
        ),
    ),
)

CONTROL_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Control.PLANNED, Control.IMPLEMENTED),
    transitions=(
        Transition(
            "implement",
            lambda control, **i: verbs.implement_control(control),
            sources=(Control.PLANNED,),
            target=Control.IMPLEMENTED,
            label="Mark implemented",
        ),
        Transition(
            "test",
            lambda control, **i: verbs.record_control_test(control, **i),
            sources=(Control.IMPLEMENTED,),
            inputs=lambda: {
                "tested_on": _day("Tested on"),
                "effectiveness": forms.ChoiceField(
                    choices=SecurityControl.Effectiveness.choices[1:]
                ),
            },
            label="Record a test",
        ),
    ),
)

declare(
    AvailabilityTarget,
    fields=("service", "target_percent", "measurement_window", "effective_from"),
    columns=("ref", "service", "target_percent", "measurement_window", "effective_from"),
    filters=("service",),
    search=("ref", "service__name"),
    filterset=AvailabilityTargetFilterSet,
)
declare(
    AvailabilityMeasurement,
    columns=("ref", "service", "month", "measured_percent", "target_percent", "met", "source"),
    filters=("service", "met", "source"),
    search=("ref", "service__name", "action_taken"),
    filterset=AvailabilityMeasurementFilterSet,
    fields=(
        "service",
        "month",
        "agreed_minutes",
        "outage_minutes",
        "measured_percent",
        "target_percent",
        "met",
        "source",
        "action_taken",
    ),
)
declare(
    ContinuityPlan,
    create=verbs.draft_continuity_plan,
    update=verbs.revise_continuity_plan,
    lifecycle=PLAN_LIFECYCLE,
    columns=("ref", "title", "status", "owner", "approved_at"),
    filters=("status", "services"),
    search=("ref", "title"),
    filterset=ContinuityPlanFilterSet,
    fields=(
        "title",
        "services",
        "status",
        "owner",
        "version",
        "approved_by",
        "approved_at",
        "next_review_due",
    ),
)
declare(
    ContinuityTest,
    rules=(verbs.follow_up_errors,),
    columns=("ref", "plan", "tested_on", "result"),
    filters=("result", "plan"),
    search=("ref", "notes"),
    filterset=ContinuityTestFilterSet,
    fields=("plan", "tested_on", "result", "notes", "follow_up_actions"),
)
declare(
    SecurityControl,
    lifecycle=CONTROL_LIFECYCLE,
    fields=("name", "control_area", "owner", "status", "last_tested_on", "effectiveness"),
    columns=("ref", "name", "control_area", "owner", "status", "last_tested_on"),
    filters=("control_area", "status", "effectiveness", "owner"),
    search=("ref", "name"),
    filterset=SecurityControlFilterSet,
)
