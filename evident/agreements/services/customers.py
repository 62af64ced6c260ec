"""Verbs of the customer relationship (8.3.2): complaints from receipt to resolution, reviews.

Raising a complaint as a nonconformity creates an audits record, so that verb is
``evident.audits.complaints.raise_complaint_as_nonconformity``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from evident.core import services

from ..models import Complaint, Customer, RelationshipReview

# The organisation's default promise: a complaint is resolved within this many days.
COMPLAINT_RESPONSE_DAYS = 20
CLOSED = (Complaint.Status.RESOLVED, Complaint.Status.WITHDRAWN)


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
    fields.setdefault("respond_by", received_on + dt.timedelta(days=respond_within_days))
    return services.create_record(
        Complaint,
        customer.organisation,
        customer=customer,
        summary=summary,
        received_on=received_on,
        status=Complaint.Status.OPEN,
        **fields,
    )


def resolve_complaint(complaint: Complaint, *, resolution: str, resolved_on: dt.date) -> Complaint:
    """Close a complaint with what was done about it; the customer's answer must be on record."""
    if complaint.status in CLOSED:
        raise ValidationError({"status": [f"The complaint is already {complaint.status}."]})
    if not resolution.strip():
        raise ValidationError({"resolution": ["Say how the complaint was resolved."]})
    return services.update_record(
        complaint,
        status=Complaint.Status.RESOLVED,
        resolution=resolution,
        resolved_on=resolved_on,
    )


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
        )
        .order_by("planned_on", "ref")
        .first()
    )
    changes = {"status": RelationshipReview.Status.HELD, "held_on": held_on, **fields}
    if attendees:
        changes["attendees"] = [getattr(p, "pk", p) for p in attendees]
    if planned is not None:
        return services.update_record(planned, **changes)
    return services.create_record(
        RelationshipReview, customer.organisation, customer=customer, **changes
    )
