"""Support verbs: a completed course counts until its validity runs out; every write is a verb."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.core.models import HistoryEntry, Person
from evident.core.services import create_record
from evident.core.verbs import is_verb
from evident.support import document_services, services
from evident.support.models import Document, DocumentVersion, TrainingCourse
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
    assert (entry.action, entry.source, entry.event, entry.after["expires_on"]) == (
        "create",
        "cli",
        "trainingrecord.recorded",
        "2027-03-03",
    )


def test_training_in_a_course_without_validity_never_expires(org, analyst):
    assert record_training(analyst, course(org, None), dt.date(2025, 3, 3)).expires_on is None


def test_expiry_at_the_end_of_a_long_month_falls_on_the_last_day_of_a_short_one():
    assert months_later(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert months_later(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert months_later(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)


WRITING_VERBS = {
    services: ("record_training", "record_communication", "record_document_use"),
    document_services: (
        "draft_document_version",
        "revise_document_version",
        "approve_document_version",
        "supersede_document_version",
        "withdraw_document_version",
        "publish_knowledge_article",
        "retire_knowledge_article",
    ),
}


def test_every_public_function_that_writes_is_a_verb():
    for module, names in WRITING_VERBS.items():
        assert all(is_verb(getattr(module, name)) for name in names), module.__name__
    pure = (services.months_later, services.training_expiry, services.next_due_after)
    assert not any(is_verb(function) for function in pure)


def test_only_an_approved_version_is_superseded_or_withdrawn(org, as_cli):
    policy = create_record(Document, org, title="SM policy", doc_type="sm_policy")
    draft = create_record(DocumentVersion, org, document=policy, version="1.0")
    for verb in (
        document_services.supersede_document_version,
        document_services.withdraw_document_version,
    ):
        with pytest.raises(ValidationError) as error:
            verb(draft)
        assert "status" in error.value.message_dict
