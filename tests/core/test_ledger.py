"""The evidence ledger: every write leaves a hash-chained entry; tampering is detected."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from evident.catalogue.models import Service
from evident.core import ledger, services
from evident.core.context import acting
from evident.core.models import HistoryEntry, Person


def entries(org):
    return list(HistoryEntry.objects.filter(organisation=org).order_by("seq"))


def test_create_update_delete_each_leave_an_entry_with_before_and_after(org, as_cli):
    svc = services.create_record(Service, org, name="Email")
    services.update_record(svc, name="Email and calendar")
    services.delete_record(svc)

    create, update, delete = entries(org)
    assert [e.action for e in (create, update, delete)] == ["create", "update", "delete"]
    assert create.before is None and create.after["name"] == "Email"
    assert update.before["name"] == "Email" and update.after["name"] == "Email and calendar"
    assert delete.before["name"] == "Email and calendar" and delete.after is None
    assert {e.object_ref for e in (create, update, delete)} == {svc.ref}
    assert all(e.source == "cli" and e.actor_name == "test-runner" for e in (create, update))


def test_an_update_that_changes_nothing_leaves_no_entry(org, as_cli):
    svc = services.create_record(Service, org, name="Email")
    services.update_record(svc, name="Email")
    assert len(entries(org)) == 1


def test_writes_outside_any_context_are_attributed_to_system(org):
    services.create_record(Service, org, name="Email")
    (entry,) = entries(org)
    assert (entry.source, entry.actor_name) == ("system", "system")


def test_import_rows_are_named_in_the_entry(org):
    with acting(source="import", actor_name="importer", file="people.csv"):
        services.bulk_create_records(
            Person,
            org,
            [Person(name="Ada"), Person(name="Grace")],
            row_details=[{"row": 2}, {"row": 3}],
        )
    rows = [(e.source_detail["file"], e.source_detail["row"]) for e in entries(org)]
    assert rows == [("people.csv", 2), ("people.csv", 3)]


def test_refs_are_issued_per_organisation_and_never_reused(org, other_org):
    a = services.create_record(Service, org, name="A")
    services.delete_record(a)
    b = services.create_record(Service, org, name="B")
    c = services.create_record(Service, other_org, name="C")
    assert (a.ref, b.ref, c.ref) == ("SVC000001", "SVC000002", "SVC000001")


def test_a_record_cannot_point_at_another_organisations_record(org, other_org):
    foreign_owner = services.create_record(Person, other_org, name="Mallory")
    with pytest.raises(ValidationError) as err:
        services.create_record(Service, org, name="Email", owner=foreign_owner)
    assert "owner" in err.value.message_dict
    assert not Service.objects.exists()
    assert entries(org) == []


def test_the_chain_verifies_and_names_the_first_tampered_entry(org):
    for name in ("A", "B", "C", "D"):
        services.create_record(Service, org, name=name)
    assert ledger.verify(org).ok

    HistoryEntry.objects.filter(organisation=org, seq=3).update(after={"name": "forged"})
    result = ledger.verify(org)
    assert not result.ok and result.first_broken_seq == 3


def test_deleting_an_entry_is_detected(org):
    for name in ("A", "B", "C"):
        services.create_record(Service, org, name=name)
    HistoryEntry.objects.filter(organisation=org, seq=2).delete()
    result = ledger.verify(org)
    assert not result.ok and result.first_broken_seq == 2


def test_chains_are_per_organisation(org, other_org):
    services.create_record(Service, org, name="A")
    services.create_record(Service, other_org, name="B")
    HistoryEntry.objects.filter(organisation=other_org).update(actor_name="forged")
    assert ledger.verify(org).ok
    assert not ledger.verify(other_org).ok


def test_verify_ledger_command_reports_ok_and_failure(org, capsys):
    services.create_record(Service, org, name="A")
    call_command("verify_ledger", "--org", org.slug)
    assert "intact" in capsys.readouterr().out

    HistoryEntry.objects.filter(organisation=org).update(source="web")
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_ledger", "--org", org.slug)
    assert exit_info.value.code == 1
    assert "#1" in capsys.readouterr().err


def test_bulk_delete_records_each_deleted_record_and_what_cascaded(org, as_cli):
    from evident.agreements.models import SLA, SlaTarget

    svc = services.create_record(Service, org, name="Email")
    sla = services.create_record(SLA, org, name="Email SLA", service=svc)
    services.create_record(SlaTarget, org, sla=sla, metric="availability", target_value="99.5")

    deleted = services.bulk_delete_records(SLA.objects.filter(organisation=org))

    assert deleted == 1
    assert not SlaTarget.objects.exists()
    deletes = HistoryEntry.objects.filter(organisation=org, action="delete")
    assert sorted(deletes.values_list("model", flat=True)) == [
        "agreements.sla",
        "agreements.slatarget",
    ]
    assert ledger.verify(org).ok


def test_deleting_a_record_also_records_what_was_deleted_with_it(org, as_cli):
    from evident.agreements.models import SLA, SlaTarget

    svc = services.create_record(Service, org, name="Email")
    sla = services.create_record(SLA, org, name="Email SLA", service=svc)
    target = services.create_record(
        SlaTarget, org, sla=sla, metric="availability", target_value="99.5"
    )

    services.delete_record(sla)

    deletes = HistoryEntry.objects.filter(organisation=org, action="delete")
    assert {(e.model, e.object_ref) for e in deletes} == {
        ("agreements.sla", sla.ref),
        ("agreements.slatarget", target.ref),
    }


def test_a_related_record_in_hand_is_checked_without_a_query(org, other_org, as_cli):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner = services.create_record(Person, org, name="Ada")
    foreign = services.create_record(Person, other_org, name="Mallory")
    with CaptureQueriesContext(connection) as queries:
        Service(organisation=org, ref="SVC9", name="Email", owner=owner).clean()
    assert not [q for q in queries.captured_queries if "core_person" in q["sql"]]
    with pytest.raises(ValidationError):
        Service(organisation=org, ref="SVC9", name="Email", owner=foreign).clean()


def test_advancing_a_counter_moves_refs_past_it_and_never_back(org):
    services.advance_counter(org, "SVC", 41)
    services.advance_counter(org, "SVC", 7)
    assert services.create_record(Service, org, name="Email").ref == "SVC000042"
