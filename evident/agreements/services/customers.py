"""Verbs of the customer relationship (8.3.2): complaints from receipt to closure, reviews.

Creating the nonconformity raised from a complaint is audits' verb
(``evident.audits.complaints.raise_complaint_as_nonconformity``): agreements sits
below audits, so the complaint's escalation receives that verb as an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.verbs import verb

from ..models import Complaint, Customer, RelationshipReview

# The organisation's default promise: a complaint is resolved within this many days.
COMPLAINT_RESPONSE_DAYS = 20
CLOSED = (Complaint.Status.RESOLVED, Complaint.Status.WITHDRAWN)
STILL_OPEN = (Complaint.Status.OPEN, Complaint.Status.ESCALATED)


@verb("complaint.recorded")
def record_complaint(
    customer: Customer,
    *,
    summary: str,
    received_on: dt.date,
    respond_within_days: int = COMPLAINT_RESPONSE_DAYS,
    **fields,
) -> Complaint:
    """Record a complaint as received, with the day a resolution is promised by."""
    if respond_within_days < 1:
        raise ValidationError({"respond_by": ["Allow at least one day to resolve a complaint."]})
    if fields.get("respond_by") is None:
        fields["respond_by"] = received_on + dt.timedelta(days=respond_within_days)
    fields.pop("status", None)  # a complaint is received open; it moves by its verbs
    return services.create_record(
        Complaint,
        customer.organisation,
        customer=customer,
        summary=summary,
        received_on=received_on,
        status=Complaint.Status.OPEN,
        **fields,
    )


def enter_complaint(organisation, **fields) -> Complaint:
    """A complaint a person enters is recorded by the verb, which sets the promised day."""
    return record_complaint(fields.pop("customer"), **fields)


def complaint_closure_errors(values: dict) -> dict[str, str]:
    """A complaint still open has no closing day: that is set by resolving or withdrawing it."""
    if values.get("status", Complaint.Status.OPEN) in STILL_OPEN and values.get("resolved_on"):
        return {"resolved_on": "Set by resolving or withdrawing the complaint, not by editing."}
    return {}


@verb("complaint.resolved")
def resolve_complaint(complaint: Complaint, *, resolution: str, resolved_on: dt.date) -> Complaint:
    """Close a complaint with what was done about it; the customer's answer must be on record."""
    _refuse_closed(complaint)
    if not resolution.strip():
        raise ValidationError({"resolution": ["Say how the complaint was resolved."]})
    return services.update_record(
        complaint,
        status=Complaint.Status.RESOLVED,
        resolution=resolution,
        resolved_on=resolved_on,
    )


@verb("complaint.withdrawn")
def withdraw_complaint(complaint: Complaint, *, reason: str, withdrawn_on: dt.date) -> Complaint:
    """Close a complaint the customer withdrew; why is kept as its resolution."""
    _refuse_closed(complaint)
    if not reason.strip():
        raise ValidationError({"resolution": ["Say why the complaint was withdrawn."]})
    if withdrawn_on < complaint.received_on:
        raise ValidationError({"resolved_on": ["It cannot be withdrawn before it was received."]})
    return services.update_record(
        complaint,
        status=Complaint.Status.WITHDRAWN,
        resolution=reason,
        resolved_on=withdrawn_on,
    )


@verb("complaint.raised_as_nonconformity")
def escalate_complaint(
    complaint: Complaint, *, raised_on: dt.date, raise_nonconformity: Callable
) -> Complaint:
    """Escalate an open complaint by raising the nonconformity it shows, in one operation.

    ``raise_nonconformity(complaint, raised_on=...)`` is audits' verb; it creates the
    nonconformity and names it on the complaint, which is then escalated.
    """
    if complaint.status != Complaint.Status.OPEN:
        raise ValidationError(
            {"status": [f"Only an open complaint is raised; it is {complaint.status}."]}
        )
    raise_nonconformity(complaint, raised_on=raised_on)
    return services.update_record(complaint, status=Complaint.Status.ESCALATED)


def _refuse_closed(complaint: Complaint) -> None:
    if complaint.status in CLOSED:
        raise ValidationError({"status": [f"The complaint is already {complaint.status}."]})


@verb("relationship_review.held")
def hold_relationship_review(
    customer: Customer, *, held_on: dt.date, attendees=(), **fields
) -> RelationshipReview:
    """Record a business relationship review held with ``customer``.

    A review planned for the customer and not yet held is completed rather than
    duplicated: the earliest planned one becomes the held one.
    """
    planned = (
        RelationshipReview.objects.filter(
            organisation=customer.organisation,
            customer=customer,
            status=RelationshipReview.Status.PLANNED,
            voided_at__isnull=True,
        )
        .order_by("planned_on", "ref")
        .first()
    )
    if planned is not None:
        return hold_planned_review(planned, held_on=held_on, attendees=attendees, **fields)
    changes = _held(held_on, attendees, fields)
    return services.create_record(
        RelationshipReview, customer.organisation, customer=customer, **changes
    )


@verb("relationship_review.held")
def hold_planned_review(
    review: RelationshipReview, *, held_on: dt.date, attendees=(), **fields
) -> RelationshipReview:
    """Record that the planned review ``review`` took place, with what it concluded."""
    if review.status != RelationshipReview.Status.PLANNED:
        raise ValidationError({"status": [f"{review.ref} is {review.status}, not planned."]})
    return services.update_record(review, **_held(held_on, attendees, fields))


@verb("relationship_review.cancelled")
def cancel_relationship_review(review: RelationshipReview, *, reason: str) -> RelationshipReview:
    """Cancel a planned review; why it did not take place is kept as its outcome."""
    if review.status != RelationshipReview.Status.PLANNED:
        raise ValidationError({"status": [f"{review.ref} is {review.status}, not planned."]})
    if not reason.strip():
        raise ValidationError({"outcomes": ["Say why the review was cancelled."]})
    return services.update_record(
        review, status=RelationshipReview.Status.CANCELLED, outcomes=reason
    )


def _held(held_on: dt.date, attendees, fields: dict) -> dict:
    changes = {"status": RelationshipReview.Status.HELD, "held_on": held_on, **fields}
    if attendees:
        changes["attendees"] = [getattr(p, "pk", p) for p in attendees]
    return changes
