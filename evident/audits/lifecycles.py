"""The lifecycles of audits' records: audits, reviews, nonconformities, plans, improvements.

Each transition is a verb of ``audits.services`` with the inputs a person gives
and the roles that may make it; ``records.py`` declares them.
"""

from __future__ import annotations

from django import forms

from evident.core.models import FINDING_WRITER_ROLES, WRITER_ROLES, Person
from evident.core.records import Lifecycle, Transition

from . import services as verbs
from .models import (
    CorrectiveActionPlan,
    Improvement,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)


def _day(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    picker = forms.DateInput(attrs={"type": "date"})
    return forms.DateField(label=label, required=required, help_text=help_text, widget=picker)


def _text(label: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea)


def _reason():
    return {"reason": _text("Why it is cancelled")}


def _given(inputs: dict) -> dict:
    """The inputs a person filled in: an empty form field leaves the stored value alone."""
    return {name: value for name, value in inputs.items() if value not in ("", None)}


# The internal audit programme (9.2) and management reviews (9.3) ------------------------

Audit = InternalAudit.Status

AUDIT_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Audit.PLANNED,),
    transitions=(
        Transition(
            "complete",
            lambda audit, **i: verbs.complete_internal_audit(audit, **i),
            sources=(Audit.PLANNED,),
            target=Audit.COMPLETED,
            inputs=lambda: {
                "completed_on": _day("Completed on"),
                "summary": _text("What the audit found"),
            },
            help="Record that the audit took place and what it found (9.2.2).",
        ),
        Transition(
            "cancel",
            lambda audit, **i: verbs.cancel_internal_audit(audit, **i),
            sources=(Audit.PLANNED,),
            target=Audit.CANCELLED,
            inputs=_reason,
            help="The programme then shows the clauses left without an audit.",
        ),
    ),
)

Review = ManagementReview.Status

REVIEW_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Review.PLANNED,),
    transitions=(
        Transition(
            "hold",
            lambda review, **i: verbs.hold_management_review(review, **i),
            sources=(Review.PLANNED,),
            target=Review.HELD,
            inputs=lambda: {"held_on": _day("Held on"), "minutes": _text("Minutes")},
            label="Record as held",
        ),
        Transition(
            "cancel",
            lambda review, **i: verbs.cancel_management_review(review, **i),
            sources=(Review.PLANNED,),
            target=Review.CANCELLED,
            inputs=_reason,
        ),
    ),
)


# Nonconformity and corrective action (10.1) --------------------------------------------


def _close(nonconformity: Nonconformity, *, closed_on=None, verified=False):
    # An auditor may close by verifying; without verification it is the organisation's call.
    if not verified:
        verbs.require_role(
            nonconformity.organisation, WRITER_ROLES, "close a nonconformity unverified"
        )
    verbs.close_nonconformity(nonconformity, closed_on=closed_on, verified=verified)


NONCONFORMITY_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Nonconformity.Status.OPEN,),
    transitions=(
        Transition(
            "close",
            _close,
            sources=(Nonconformity.Status.OPEN,),
            target=Nonconformity.Status.CLOSED,
            inputs=lambda: {
                "closed_on": _day("Closed on", required=False, help_text="Defaults to today"),
                "verified": forms.BooleanField(
                    required=False,
                    label="Closure verified by an auditor",
                    help_text="Only an auditor verifies; a major closes only verified.",
                ),
            },
            roles=frozenset(FINDING_WRITER_ROLES),
        ),
    ),
)

Plan = CorrectiveActionPlan.Status


def _plan_inputs():
    return {
        "correction": _text("Correction", required=False),
        "root_cause": _text("Root cause", required=False),
        "corrective_action": _text("Corrective action", required=False),
        "owner": forms.ModelChoiceField(queryset=Person.objects.all(), required=False),
        "due_date": _day("Due date", required=False),
    }


PLAN_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Plan.DRAFT,),
    transitions=(
        Transition(
            "submit",
            lambda plan, **i: verbs.submit_action_plan(plan, **_given(i)),
            sources=(Plan.DRAFT, Plan.RETURNED),
            target=Plan.SUBMITTED,
            inputs=_plan_inputs,
            help="Complete the plan as you submit it; parts left empty keep their value.",
        ),
        Transition(
            "accept",
            lambda plan, **i: verbs.accept_action_plan(plan),
            sources=(Plan.SUBMITTED,),
            target=Plan.ACCEPTED,
            roles=verbs.AUDITOR_ROLES,
            help="An auditor accepts a complete plan; you are recorded as the one who decided.",
        ),
        Transition(
            "return",
            lambda plan, **i: verbs.return_action_plan(plan, **i),
            sources=(Plan.SUBMITTED,),
            target=Plan.RETURNED,
            inputs=lambda: {"reason": _text("What the plan still needs")},
            roles=verbs.AUDITOR_ROLES,
        ),
    ),
)


# The improvement register (10.2) -------------------------------------------------------

Idea = Improvement.Status


def _decide(improvement: Improvement, *, decision, decided_on, owner=None):
    verbs.decide_improvement(improvement, decision=decision, decided_on=decided_on, owner=owner)


IMPROVEMENT_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Idea.PROPOSED,),
    transitions=(
        Transition(
            "decide",
            _decide,
            sources=(Idea.PROPOSED,),
            inputs=lambda: {
                "decision": forms.ChoiceField(choices=Improvement.Decision.choices[1:]),
                "decided_on": _day("Decided on"),
                "owner": forms.ModelChoiceField(
                    queryset=Person.objects.all(),
                    required=False,
                    help_text="Needed to accept it",
                ),
            },
            help="Accept (with an owner), defer, or reject it, which closes it.",
        ),
        Transition(
            "start",
            lambda improvement, **i: verbs.start_improvement(improvement),
            sources=(Idea.PROPOSED,),
            target=Idea.IN_PROGRESS,
            help="Only an accepted improvement is started.",
        ),
        Transition(
            "complete",
            lambda improvement, **i: verbs.complete_improvement(improvement, **i),
            sources=(Idea.PROPOSED, Idea.IN_PROGRESS),
            target=Idea.COMPLETED,
            inputs=lambda: {
                "completed_on": _day("Completed on"),
                "result": _text("What it achieved"),
            },
        ),
    ),
)
