"""The write model: verbs as operations with events, versions, voiding, and deletions recorded
whole."""

import pytest
from django.core.exceptions import ValidationError

from evident.audits.models import CorrectiveAction, CorrectiveActionPlan, Nonconformity
from evident.catalogue.models import CatalogueEntry, Service
from evident.catalogue.services import retire_service
from evident.core import services
from evident.core.models import HistoryEntry
from evident.core.records import declaration_for, declared_labels

pytestmark = pytest.mark.django_db


def entries(record):
    return HistoryEntry.objects.filter(
        model=record._meta.label_lower, object_id=record.pk
    ).order_by("seq")


@pytest.fixture
def mail(org, as_cli):
    return services.create_record(Service, org, name="E-mail")


def test_a_verb_is_one_operation_with_its_event(org, mail, as_cli):
    entry = services.create_record(
        CatalogueEntry, org, service=mail, summary="Mailboxes", published_on="2025-01-01"
    )
    retire_service(mail, "2025-06-30")
    written = [e for e in HistoryEntry.objects.order_by("seq") if e.event == "service.retired"]
    assert {(e.model, e.object_id) for e in written} == {
        ("catalogue.catalogueentry", entry.pk),
        ("catalogue.service", mail.pk),
    }
    assert len({e.operation for e in written}) == 1


def test_a_plain_write_names_its_own_event(mail, as_cli):
    services.update_record(mail, description="Mailboxes")
    services.void_record(mail, reason="Entered twice")
    assert [e.event for e in entries(mail)] == [
        "service.created",
        "service.updated",
        "service.voided",
    ]


def test_each_update_raises_the_version_and_writes_only_what_changed(mail, as_cli):
    services.update_record(mail, description="Mailboxes")
    services.update_record(mail, description="Mailboxes")  # no change: no write, no entry
    assert mail.record_version == 2
    last = entries(mail).last()
    changed = {k for k in last.after if last.before.get(k) != last.after[k]}
    assert changed == {"description", "record_version"}


def test_an_unknown_field_is_refused_by_name(mail, as_cli):
    with pytest.raises(ValidationError) as refusal:
        services.update_record(mail, colour="blue")
    assert "colour" in refusal.value.message_dict


def test_a_voided_record_is_kept_and_not_changed_again(mail, as_cli):
    with pytest.raises(ValidationError):
        services.void_record(mail, reason="  ")
    services.void_record(mail, reason="Entered twice")
    with pytest.raises(services.VoidedRecord):
        services.update_record(mail, description="again")
    assert Service.objects.get(pk=mail.pk).void_reason == "Entered twice"


def test_a_deletion_records_every_row_it_cascades_to(org, as_cli):
    nc = services.create_record(
        Nonconformity, org, title="Late", source="internal_audit", raised_on="2025-01-01"
    )
    plan = services.create_record(CorrectiveActionPlan, org, nonconformity=nc)
    action = services.create_record(
        CorrectiveAction, org, nonconformity=nc, description="Fix", due_date="2025-02-01"
    )
    nc_pk = nc.pk
    services.delete_record(nc)
    deleted = set(HistoryEntry.objects.filter(action="delete").values_list("model", "object_id"))
    assert {
        ("audits.nonconformity", nc_pk),
        ("audits.correctiveactionplan", plan.pk),
        ("audits.correctiveaction", action.pk),
    } <= deleted


def test_the_declared_record_types_are_record_models():
    assert {"operations.change", "operations.changeapproval", "catalogue.service"} <= (
        declared_labels()
    )
    assert not declaration_for(Service).deletable


def test_a_deletion_records_the_links_it_blanks(org, as_cli):
    from evident.support.models import Communication, Document

    policy = services.create_record(Document, org, title="Policy", doc_type="sm_policy")
    notice = services.create_record(
        Communication, org, subject="New policy", document=policy, sent_at="2025-03-03T09:00Z"
    )
    policy_pk = policy.pk
    services.delete_record(policy)
    blanked = entries(notice).last()
    assert (blanked.action, blanked.before["document_id"], blanked.after["document_id"]) == (
        "update",
        policy_pk,
        None,
    )
    assert Communication.objects.get(pk=notice.pk).document_id is None
