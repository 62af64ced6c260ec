"""Competence verbs: a completed course counts until its validity runs out."""

import datetime as dt

import pytest

from evident.core.models import HistoryEntry, Person
from evident.core.services import create_record
from evident.support.models import TrainingCourse
from evident.support.services import months_later, record_training


@pytest.fixture
def analyst(org, as_cli):
    return create_record(Person, org, name="Cy Analyst")


def course(org, validity_months):
    return create_record(
        TrainingCourse, org, title="Incident handling", validity_months=validity_months
    )


def test_training_expires_after_the_courses_validity(org, analyst):
    trained = record_training(analyst, course(org, 24), dt.date(2025, 3, 3))
    assert (trained.completed_on, trained.expires_on) == (dt.date(2025, 3, 3), dt.date(2027, 3, 3))
    entry = HistoryEntry.objects.get(object_ref=trained.ref)
    assert (entry.action, entry.source, entry.after["expires_on"]) == (
        "create",
        "cli",
        "2027-03-03",
    )


def test_training_in_a_course_without_validity_never_expires(org, analyst):
    assert record_training(analyst, course(org, None), dt.date(2025, 3, 3)).expires_on is None


def test_expiry_at_the_end_of_a_long_month_falls_on_the_last_day_of_a_short_one():
    assert months_later(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert months_later(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert months_later(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)
