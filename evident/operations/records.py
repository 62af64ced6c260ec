"""Record types of operations as people enter them, and the lifecycle of a change.

A change moves only by its transitions: assessed, approved or rejected by its
change authority, scheduled, implemented and reviewed, each through the verb
that keeps the rule (an approval by someone who sits on the board, after a risk
assessment). An approval is entered only as a decision on a change. Releases and
deployments are declared in ``release_records``; incidents, problems, requests
and their history in ``resolution_records``. Imports record changes as the
source tool had them, through ``core.services``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from evident.core.models import Person
from evident.core.records import Lifecycle, Transition, declare

from . import change_services as verbs
from . import release_records, resolution_records
from .filters import (
    ChangeApprovalFilterSet,
    ChangeFilterSet,
)
from .inputs import when as _when
from .models import Change, ChangeApproval, ChangeAuthority

Status = Change.Status


def _assess_inputs():
    return {
        "risk": forms.ChoiceField(choices=Change.Risk.choices),
        "assessment": forms.CharField(widget=forms.Textarea, label="What could go wrong"),
        "assessed_by": forms.ModelChoiceField(queryset=Person.objects.all()),
        "assessed_at": _when("Assessed at"),
    }


def _decision_inputs():
    return {
        "authority": forms.ChoiceField(choices=ChangeApproval.Authority.choices),
        "body": forms.ModelChoiceField(
            queryset=ChangeAuthority.objects.all(), required=False, label="Board"
        ),
        "approver": forms.ModelChoiceField(queryset=Person.objects.all(), required=False),
        "decided_at": _when("Decided at"),
    }


def _decide(decision: str):
    def run(change: Change, **inputs):
        verbs.approve_change(change, decision=decision, **inputs)

    return run


def _schedule(change: Change, **inputs):
    verbs.schedule_change(change, **inputs)


CHANGE_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Status.REQUESTED,),
    transitions=(
        Transition(
            "assess",
            lambda change, **i: verbs.assess_change(change, **i),
            sources=(Status.REQUESTED, Status.ASSESSED),
            target=Status.ASSESSED,
            inputs=_assess_inputs,
            label="Assess risk",
        ),
        Transition(
            "approve",
            _decide(ChangeApproval.Decision.APPROVED),
            sources=(Status.REQUESTED, Status.ASSESSED),
            target=Status.APPROVED,
            inputs=_decision_inputs,
            help="A normal change is approved once assessed for risk.",
        ),
        Transition(
            "reject",
            _decide(ChangeApproval.Decision.REJECTED),
            sources=(Status.REQUESTED, Status.ASSESSED),
            target=Status.REJECTED,
            inputs=_decision_inputs,
        ),
        Transition(
            "schedule",
            _schedule,
            sources=(Status.APPROVED,),
            inputs=lambda: {
                "planned_start": _when("Planned start"),
                "planned_end": _when("Planned end"),
            },
        ),
        Transition(
            "implement",
            lambda change, **i: verbs.implement_change(change, **i),
            sources=(Status.APPROVED,),
            target=Status.IMPLEMENTED,
            inputs=lambda: {
                "actual_start": _when("Actual start"),
                "actual_end": _when("Actual end"),
                "outcome": forms.ChoiceField(choices=Change.Outcome.choices[1:]),
            },
            help="Only an approved change is implemented.",
        ),
        Transition(
            "review",
            lambda change, **i: verbs.review_change(change, **i),
            sources=(Status.IMPLEMENTED,),
            target=Status.CLOSED,
            inputs=lambda: {
                "completed_at": _when("Review completed at"),
                "notes": forms.CharField(widget=forms.Textarea, label="What the review found"),
            },
            label="Review and close",
        ),
    ),
)


def enter_approval(organisation, **fields) -> ChangeApproval:
    """An approval entered by a person is the change authority's decision, with its rules."""
    change = fields.pop("change")
    return verbs.approve_change(
        change,
        authority=fields.get("authority", ChangeApproval.Authority.CAB),
        decision=fields["decision"],
        decided_at=fields["decided_at"],
        approver=fields.get("approver"),
        body=fields.get("authority_body"),
    )


def refuse_revision(record, **changes):
    raise ValidationError(
        f"{record.ref} is a decision already taken: void it with a reason and record a new one."
    )


declare(
    Change,
    create=verbs.record_change,
    update=verbs.revise_change,
    lifecycle=CHANGE_LIFECYCLE,
    fields=(
        "title",
        "change_type",
        "service",
        "risk",
        "status",
        "requested_at",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "outcome",
        "review_completed_at",
        "review_notes",
        "template",
        "risk_assessment",
        "assessed_by",
        "assessed_at",
        "backout_plan",
        "configuration_items",
    ),
    columns=("ref", "title", "change_type", "service", "risk", "status", "actual_start", "outcome"),
    filters=("change_type", "status", "risk", "outcome", "service"),
    search=("ref", "title"),
    filterset=ChangeFilterSet,
)
declare(
    ChangeApproval,
    create=enter_approval,
    update=refuse_revision,
    fields=("change", "authority", "authority_body", "approver", "decision", "decided_at"),
    columns=("ref", "change", "authority", "decision", "approver", "decided_at"),
    filters=("authority", "decision"),
    search=("ref", "change__ref", "change__title"),
    filterset=ChangeApprovalFilterSet,
)
release_records.register()
resolution_records.register()
