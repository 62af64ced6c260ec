"""Domain verbs of competence (7.2): recording that someone completed a course.

Each verb writes through ``core.services`` so that validation, tenancy and the
evidence ledger apply; callers open the ``acting(...)`` block that says who writes.
"""

from __future__ import annotations

import calendar
import datetime as dt

from evident.core import services
from evident.core.models import Person

from .models import TrainingCourse, TrainingRecord


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
