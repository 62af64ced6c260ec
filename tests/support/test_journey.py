"""The communication plan and its log, documents shown in use, and knowledge articles."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.catalogue.models import Service
from evident.core.models import Person
from evident.core.services import create_record
from evident.operations.models import Change
from evident.support.models import CommunicationPlanItem, Document, DocumentUse
from evident.support.services import next_due_after, record_communication, record_document_use

SENT = dt.datetime(2025, 1, 31, 9, tzinfo=dt.UTC)


def plan_item(org, frequency, **fields):
    return create_record(
        CommunicationPlanItem,
        org,
        subject="SMS newsletter",
        audience="All staff",
        frequency=frequency,
        next_due=dt.date(2025, 1, 31),
        **fields,
    )


@pytest.mark.parametrize(
    "frequency, expected",
    [
        ("once", None),
        ("weekly", dt.date(2025, 2, 7)),
        ("monthly", dt.date(2025, 2, 28)),
        ("quarterly", dt.date(2025, 4, 30)),
        ("yearly", dt.date(2026, 1, 31)),
    ],
)
def test_a_delivered_communication_moves_its_plan_item_on(org, as_cli, frequency, expected):
    item = plan_item(org, frequency)
    sender = create_record(Person, org, name="Dana Reyes")
    communication = record_communication(item, SENT, sent_by=sender)
    item.refresh_from_db()
    assert item.next_due == expected == next_due_after(item, SENT.date())
    assert (communication.plan_item, communication.subject, communication.audience) == (
        item,
        "SMS newsletter",
        "All staff",
    )
    assert list(item.log.all()) == [communication]


def test_a_retired_plan_item_is_not_delivered(org, as_cli):
    item = plan_item(org, "monthly", active=False)
    with pytest.raises(ValidationError):
        record_communication(item, SENT)
    assert not item.log.exists()


class TestDocumentUse:
    @pytest.fixture
    def procedure(self, org, as_cli):
        return create_record(Document, org, title="Change procedure", doc_type="procedure")

    def test_names_the_record_that_shows_the_document_used(self, org, procedure):
        service = create_record(Service, org, name="Email")
        change = create_record(Change, org, title="Patch relay", service=service, requested_at=SENT)
        use = record_document_use(procedure, change, "Followed the change procedure")
        assert (use.record_type, use.record_ref) == ("operations.change", change.ref)
        assert use.used_in() == change

    def test_refuses_a_record_that_does_not_exist_in_the_organisation(
        self, org, other_org, procedure
    ):
        service = create_record(Service, other_org, name="Email")
        theirs = create_record(
            Change, other_org, title="Theirs", service=service, requested_at=SENT
        )
        with pytest.raises(ValidationError) as error:
            create_record(
                DocumentUse,
                org,
                document=procedure,
                record_type="operations.change",
                record_ref=theirs.ref,
            )
        assert "record_ref" in error.value.message_dict

    @pytest.mark.parametrize("label", ["operations.unicorn", "auth.user", "nonsense"])
    def test_refuses_what_is_not_a_record_type(self, org, procedure, label):
        with pytest.raises(ValidationError) as error:
            create_record(DocumentUse, org, document=procedure, record_type=label, record_ref="X1")
        assert "record_type" in error.value.message_dict
