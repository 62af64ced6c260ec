"""Domain verbs of support: training (7.2), communication (7.4), documents in use (7.5).

Each verb writes through ``core.services`` so that validation, tenancy and the
evidence ledger apply, as one operation (``core.verbs``); callers open the
``acting(...)`` block that says who writes. Documents and knowledge have their
verbs in ``document_services``.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.models import OrgRecord, Person
from evident.core.verbs import verb

from .models import (
    Communication,
    CommunicationPlanItem,
    Document,
    DocumentUse,
    TrainingCourse,
    TrainingRecord,
)

# How far a delivered communication moves its plan item's next due date.
FREQUENCY_MONTHS = {
    CommunicationPlanItem.Frequency.MONTHLY: 1,
    CommunicationPlanItem.Frequency.QUARTERLY: 3,
    CommunicationPlanItem.Frequency.YEARLY: 12,
}


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def training_expiry(course: TrainingCourse, completed_on: dt.date) -> dt.date | None:
    """When a completion of ``course`` stops counting; ``None`` for a course that never expires."""
    if course.validity_months is None:
        return None
    return months_later(completed_on, course.validity_months)


@verb("trainingrecord.recorded")
def record_training(
    person: Person, course: TrainingCourse, completed_on: dt.date
) -> TrainingRecord:
    """Record that ``person`` completed ``course``, valid for the course's validity period."""
    return services.create_record(
        TrainingRecord,
        person.organisation,
        person=person,
        course=course,
        completed_on=completed_on,
        expires_on=training_expiry(course, completed_on),
    )


def next_due_after(item: CommunicationPlanItem, sent_on: dt.date) -> dt.date | None:
    """When ``item`` is next due once delivered on ``sent_on``; None for a one-off."""
    if item.frequency == CommunicationPlanItem.Frequency.ONCE:
        return None
    if item.frequency == CommunicationPlanItem.Frequency.WEEKLY:
        return sent_on + dt.timedelta(days=7)
    return months_later(sent_on, FREQUENCY_MONTHS[item.frequency])


@verb("communication.sent")
def record_communication(
    item: CommunicationPlanItem,
    sent_at: dt.datetime,
    *,
    sent_by: Person | None = None,
    document: Document | None = None,
    subject: str = "",
) -> Communication:
    """Log that the planned communication ``item`` went out, and move its next due date on.

    The log entry takes the item's subject, audience and channel; a one-off item
    is then no longer due. The log entry and the new due date are one operation.
    """
    if not item.active:
        raise ValidationError({"plan_item": f"{item.ref} is no longer part of the plan."})
    communication = services.create_record(
        Communication,
        item.organisation,
        subject=subject or item.subject,
        document=document,
        audience=item.audience,
        channel=item.channel,
        sent_at=sent_at,
        sent_by=sent_by,
        plan_item=item,
    )
    services.update_record(item, next_due=next_due_after(item, sent_at.date()))
    return communication


@verb("documentuse.recorded")
def record_document_use(document: Document, record: OrgRecord, note: str = "") -> DocumentUse:
    """Record that ``record`` shows ``document`` in use (a change that followed the procedure)."""
    return services.create_record(
        DocumentUse,
        document.organisation,
        document=document,
        record_type=record._meta.label_lower,
        record_ref=record.ref,
        note=note,
    )
