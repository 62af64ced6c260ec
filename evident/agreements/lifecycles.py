"""The lifecycles of agreements: SLAs, contracts, complaints and relationship reviews.

Each state records a decision or a fact an auditor samples (an SLA agreed with
its customer, a contract signed, renewed or ended, a complaint resolved or raised
as a nonconformity, a review held), so it moves only by the verb that keeps the
rule and leaves who decided and when in the ledger. Agreeing, signing, renewing,
terminating and retiring are management decisions: an internal auditor, who
audits them later, does not take them.
"""

from __future__ import annotations

from django import forms

from evident.core.models import Person, Role
from evident.core.records import Lifecycle, Transition

from . import services as verbs
from .models import SLA, Complaint, Contract, RelationshipReview
from .services.customers import STILL_OPEN

DECISION_ROLES = frozenset({Role.ADMIN, Role.SMS_MANAGER, Role.PROCESS_OWNER})
# Audits sits above agreements and registers the verb that raises a complaint as a
# nonconformity (its ``records.py``), so this layer never imports the one above it.
_nonconformity_raiser = None


def register_nonconformity_raiser(raise_nonconformity) -> None:
    global _nonconformity_raiser
    _nonconformity_raiser = raise_nonconformity


def _day(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    picker = forms.DateInput(attrs={"type": "date"})
    return forms.DateField(label=label, required=required, help_text=help_text, widget=picker)


def _text(label: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea)


def _present(inputs: dict) -> dict:
    """The optional inputs a person filled in (an empty one keeps the verb's default)."""
    return {name: value for name, value in inputs.items() if value not in (None, "")}


SLA_LIFECYCLE = Lifecycle(
    field="status",
    initial=(SLA.Status.DRAFT, SLA.Status.AGREED),
    transitions=(
        Transition(
            "agree",
            lambda sla, **i: verbs.agree_sla(sla, **i),
            sources=(SLA.Status.DRAFT,),
            target=SLA.Status.AGREED,
            inputs=lambda: {
                "agreed_on": _day("Agreed with the customer on"),
                "review_due": _day("First review due"),
            },
            roles=DECISION_ROLES,
            label="Agree with the customer",
        ),
        Transition(
            "review",
            lambda sla, **i: verbs.review_sla(sla, **_present(i)),
            sources=(SLA.Status.AGREED,),
            inputs=lambda: {
                "reviewed_on": _day("Reviewed on"),
                "reviewer": forms.ModelChoiceField(queryset=Person.objects.all(), required=False),
                "notes": _text("What the review found", required=False),
                "next_review_due": _day("Next review due"),
            },
            help="Names the missed months no earlier review looked into.",
        ),
        Transition(
            "retire",
            lambda sla, **i: verbs.retire_sla(sla),
            sources=(SLA.Status.DRAFT, SLA.Status.AGREED),
            target=SLA.Status.RETIRED,
            roles=DECISION_ROLES,
            help="The SLA is no longer measured or reviewed.",
        ),
    ),
)


def _renew(contract: Contract, *, ends_on, **inputs) -> None:
    verbs.renew_contract(contract, ends_on=ends_on, **_present(inputs))


CONTRACT_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Contract.Status.DRAFT, Contract.Status.ACTIVE),
    transitions=(
        Transition(
            "sign",
            lambda contract, **i: verbs.sign_contract(contract, **i),
            sources=(Contract.Status.DRAFT,),
            target=Contract.Status.ACTIVE,
            inputs=lambda: {"starts_on": _day("In force from")},
            roles=DECISION_ROLES,
        ),
        Transition(
            "renew",
            _renew,
            sources=(Contract.Status.ACTIVE,),
            target=Contract.Status.RENEWED,
            inputs=lambda: {
                "ends_on": _day("Renewal ends on", required=False, help_text="Empty: open-ended"),
                "starts_on": _day(
                    "Renewal starts on", required=False, help_text="Empty: the day after this ends"
                ),
                "value": forms.DecimalField(min_value=0, decimal_places=2, required=False),
                "notice_by": _day("Notice by", required=False),
            },
            roles=DECISION_ROLES,
            help="The renewal is a new contract with the same terms unless changed here.",
        ),
        Transition(
            "terminate",
            lambda contract, **i: verbs.terminate_contract(contract, **i),
            sources=(Contract.Status.ACTIVE,),
            target=Contract.Status.TERMINATED,
            inputs=lambda: {"ends_on": _day("Last day in force")},
            roles=DECISION_ROLES,
        ),
    ),
)


def _raise_nonconformity(complaint: Complaint, **inputs) -> None:
    if _nonconformity_raiser is None:
        raise LookupError("no app registered the verb that raises a nonconformity")
    verbs.escalate_complaint(complaint, raise_nonconformity=_nonconformity_raiser, **inputs)


def _withdraw(complaint: Complaint, *, resolution: str, resolved_on) -> None:
    verbs.withdraw_complaint(complaint, reason=resolution, withdrawn_on=resolved_on)


COMPLAINT_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Complaint.Status.OPEN,),
    transitions=(
        Transition(
            "raise-nonconformity",
            _raise_nonconformity,
            sources=(Complaint.Status.OPEN,),
            target=Complaint.Status.ESCALATED,
            inputs=lambda: {"raised_on": _day("Raised on")},
            label="Raise as a nonconformity",
            help="The complaint shows a requirement was not met: it is corrected as such.",
        ),
        Transition(
            "resolve",
            lambda complaint, **i: verbs.resolve_complaint(complaint, **i),
            sources=STILL_OPEN,
            target=Complaint.Status.RESOLVED,
            inputs=lambda: {
                "resolution": _text("How it was resolved"),
                "resolved_on": _day("Resolved on"),
            },
        ),
        Transition(
            "withdraw",
            _withdraw,
            sources=STILL_OPEN,
            target=Complaint.Status.WITHDRAWN,
            inputs=lambda: {
                "resolution": _text("Why the customer withdrew it"),
                "resolved_on": _day("Withdrawn on"),
            },
            label="Close as withdrawn",
        ),
    ),
)


def _hold_inputs():
    return {
        "held_on": _day("Held on"),
        "attendees": forms.ModelMultipleChoiceField(queryset=Person.objects.all(), required=False),
        "customer_attendees": _text("Who attended for the customer", required=False),
        "outcomes": _text("What the review concluded"),
        "actions": _text("Actions agreed, with owners and dates", required=False),
    }


REVIEW_LIFECYCLE = Lifecycle(
    field="status",
    initial=(RelationshipReview.Status.PLANNED, RelationshipReview.Status.HELD),
    transitions=(
        Transition(
            "hold",
            lambda review, **i: verbs.hold_planned_review(review, **i),
            sources=(RelationshipReview.Status.PLANNED,),
            target=RelationshipReview.Status.HELD,
            inputs=_hold_inputs,
            label="Record as held",
        ),
        Transition(
            "cancel",
            lambda review, *, outcomes: verbs.cancel_relationship_review(review, reason=outcomes),
            sources=(RelationshipReview.Status.PLANNED,),
            target=RelationshipReview.Status.CANCELLED,
            inputs=lambda: {"outcomes": _text("Why it was cancelled")},
        ),
    ),
)
