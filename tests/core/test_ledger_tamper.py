"""The tamper matrix: with a ledger key and a checkpoint, every tampering is found and named.

Each case tampers with the real tables through ``connection.cursor()`` (as
someone with database access and without the key would), in its own test and
so its own transaction, then runs the three checks: the chain, the
checkpoint and the records against their last ledger pictures. Each case
names which checks find it and what they must say.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from evident.catalogue.models import Service
from evident.core import ledger, ledger_anchor, services
from evident.core.context import acting
from evident.core.ledger_records import check_records
from evident.core.models import HistoryEntry, Person, Role

KEY = "tamper-matrix-key-held-outside-the-database"
PEOPLE = 600  # imported first: entries #1-#600
# Then, from the web by a manager: #601 Email, #602 Payroll and #603 VPN created,
# #604 Email renamed, #605 VPN deleted.
HEAD = PEOPLE + 5
EMAIL, PAYROLL, VPN = "SVC000001", "SVC000002", "SVC000003"


@pytest.fixture
def keyed(settings):
    settings.EVIDENT_LEDGER_KEY = KEY
    settings.EVIDENT_LEDGER_KEY_FILE = ""


@pytest.fixture
def history(org, keyed, make_user):
    """An organisation's ledger of ``HEAD`` keyed entries and a checkpoint taken at its head."""
    with acting(source="import", actor_name="importer", file="people.csv"):
        services.bulk_create_records(
            Person, org, [Person(name=f"Person {n}") for n in range(1, PEOPLE + 1)]
        )
    with acting(source="web", user=make_user(org, Role.SMS_MANAGER)):
        email = services.create_record(Service, org, name="Email")
        services.create_record(Service, org, name="Payroll")
        vpn = services.create_record(Service, org, name="VPN")
        services.update_record(email, name="Email and calendar")
        services.delete_record(vpn)
    return ledger_anchor.checkpoint(org)


def found(org, checkpoint: dict) -> dict[str, list[str]]:
    """What each check says, for the checks that find something."""
    result = ledger.verify(org)
    chain = [] if result.ok else [f"entry #{result.first_broken_seq}: {result.reason}"]
    _, records = check_records(org)
    said = {
        "chain": chain,
        "checkpoint": ledger_anchor.check(org, checkpoint),
        "records": [str(problem) for problem in records],
    }
    return {check: lines for check, lines in said.items() if lines}


# Direct SQL ----------------------------------------------------------------------------


def execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def prepared(obj, field):
    return field.get_db_prep_save(getattr(obj, field.attname), connection)


def sql_update(obj, *names: str) -> None:
    fields = [obj._meta.get_field(name) for name in names]
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    execute(
        f"UPDATE {table(type(obj))} SET {assignments} WHERE id = %s",
        [*(prepared(obj, f) for f in fields), obj.pk],
    )


def sql_insert(obj, *, with_pk: bool = False) -> None:
    fields = [f for f in obj._meta.concrete_fields if with_pk or not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    markers = ", ".join(["%s"] * len(fields))
    execute(
        f"INSERT INTO {table(type(obj))} ({columns}) VALUES ({markers})",
        [prepared(obj, f) for f in fields],
    )


def entry(org, seq: int) -> HistoryEntry:
    return HistoryEntry.objects.get(organisation=org, seq=seq)


def service(org, ref: str) -> Service:
    return Service.objects.get(organisation=org, ref=ref)


# Tampering with the ledger ---------------------------------------------------------------


def edit_entry(org):
    tampered = entry(org, 300)
    tampered.actor_name = "mallory"
    sql_update(tampered, "actor_name")


def delete_entries(*, first: int | None = None, last: int | None = None):
    def delete(org):
        bounds = [(">=", first), ("<=", last)]
        where = " AND ".join(f"seq {op} %s" for op, value in bounds if value is not None)
        execute(
            f"DELETE FROM {table(HistoryEntry)} WHERE organisation_id = %s"
            + (f" AND {where}" if where else ""),
            [org.pk, *(value for _, value in bounds if value is not None)],
        )

    return delete


def forge_append(*, key_id: str | None):
    """Append an entry renaming Email, its hash computed as the code does, without the key."""

    def forge(org):
        last = entry(org, HEAD)
        forged = entry(org, HEAD - 1)  # Email renamed: the forgery renames it again
        forged.pk, forged.seq, forged.prev_hash = None, HEAD + 1, last.hash
        forged.at = timezone.now()
        forged.after = {**forged.after, "name": "Email (forged)"}
        if key_id is not None:
            forged.key_id = key_id
        forged.hash = ledger.chain_hash(last.hash, forged, None)
        sql_insert(forged)

    return forge


def rewrite_from(seq: int, edit, *, key_id: str | None = None):
    """Edit entry ``seq`` and recompute every later hash, without the key."""

    def rewrite(org):
        rows = HistoryEntry.objects.filter(organisation=org, seq__gte=seq).order_by("seq")
        prev = None
        for row in rows:
            prev = row.prev_hash if prev is None else prev
            if row.seq == seq:
                edit(row)
            if key_id is not None:
                row.key_id = key_id
            row.prev_hash = prev
            row.hash = prev = ledger.chain_hash(prev, row, None)
            sql_update(row, "actor_name", "after", "key_id", "prev_hash", "hash")

    return rewrite


def rename_person(row):
    row.after = {**row.after, "name": "Rewritten"}


def reattribute(row):
    row.actor_name = "someone else"


def change_actor(org):
    tampered = entry(org, 604)
    assert tampered.actor_id is not None
    tampered.actor_id = get_user_model().objects.create(username="mallory").pk
    sql_update(tampered, "actor")


# Tampering with the records --------------------------------------------------------------


def update_record_row(org):
    email = service(org, EMAIL)
    email.name = "Email (edited in SQL)"
    sql_update(email, "name")


def insert_record_row(org):
    now = timezone.now()
    sql_insert(
        Person(organisation=org, ref="PER900000", name="Ghost", created_at=now, updated_at=now)
    )


def delete_record_row(org):
    execute(f"DELETE FROM {table(Service)} WHERE id = %s", [service(org, PAYROLL).pk])


def delete_and_reinsert_row(org):
    payroll = service(org, PAYROLL)
    execute(f"DELETE FROM {table(Service)} WHERE id = %s", [payroll.pk])
    payroll.name = "Payroll (re-inserted)"
    sql_insert(payroll, with_pk=True)


def reinsert_deleted_row(org):
    picture = entry(org, HEAD).before  # the VPN as Evident deleted it
    now = timezone.now()
    vpn = Service(organisation=org, created_at=now, updated_at=now)
    for name, value in picture.items():
        setattr(vpn, name, value)
    sql_insert(vpn, with_pk=True)


# The matrix -------------------------------------------------------------------------------

CASES = {
    "untouched": (lambda org: None, {}),
    "entry edited": (edit_entry, {"chain": ["entry #300: forged"]}),
    "first entry deleted": (
        delete_entries(first=1, last=1),
        {
            "chain": ["entry #1: entry #1 is missing"],
            "checkpoint": [f"truncated: {HEAD - 1} entries, the checkpoint counted {HEAD}"],
            "records": ["inserted outside Evident: core.person PER000001"],
        },
    ),
    "middle entry deleted": (
        delete_entries(first=300, last=300),
        {
            "chain": ["entry #300: entry #300 is missing"],
            "checkpoint": ["truncated"],
            "records": ["inserted outside Evident: core.person PER000300"],
        },
    ),
    "last entry deleted": (
        delete_entries(first=HEAD),
        {
            "checkpoint": [f"truncated: entry #{HEAD}, the checkpoint's head, is missing"],
            "records": [f"deleted outside Evident: catalogue.service {VPN}"],
        },
    ),
    "last 500 entries deleted": (
        delete_entries(first=HEAD - 499),
        {
            "checkpoint": [f"the ledger now ends at #{HEAD - 500}", "(500 gone)"],
            "records": [
                "inserted outside Evident: core.person PER000600",
                f"inserted outside Evident: catalogue.service {EMAIL}",
            ],
        },
    ),
    "every entry deleted": (
        delete_entries(),
        {
            "checkpoint": ["the ledger is now empty", f"({HEAD} gone)"],
            "records": ["inserted outside Evident: core.person PER000001"],
        },
    ),
    "forged append under the key's id": (
        forge_append(key_id=None),
        {
            "chain": [f"entry #{HEAD + 1}: forged"],
            "records": [f"changed outside Evident: catalogue.service {EMAIL}"],
        },
    ),
    "forged append without a key id": (
        forge_append(key_id=""),
        {
            "chain": [f"entry #{HEAD + 1}: unkeyed"],
            "records": [f"changed outside Evident: catalogue.service {EMAIL}"],
        },
    ),
    "chain rewritten and recomputed": (
        rewrite_from(300, rename_person),
        {
            "chain": ["entry #300: forged"],
            "checkpoint": [f"rewritten since the checkpoint: entry #{HEAD}"],
            "records": ["changed outside Evident: core.person PER000300", "name differ"],
        },
    ),
    "whole chain rewritten unkeyed": (
        rewrite_from(1, reattribute, key_id=""),
        {"checkpoint": [f"rewritten since the checkpoint: entry #{HEAD}"]},
    ),
    "actor changed": (change_actor, {"chain": ["entry #604: forged"]}),
    "record row updated": (
        update_record_row,
        {"records": [f"changed outside Evident: catalogue.service {EMAIL}", ": name differ"]},
    ),
    "record row inserted": (
        insert_record_row,
        {"records": ["inserted outside Evident: core.person PER900000"]},
    ),
    "record row deleted": (
        delete_record_row,
        {"records": [f"deleted outside Evident: catalogue.service {PAYROLL}"]},
    ),
    "record row deleted and re-inserted changed": (
        delete_and_reinsert_row,
        {"records": [f"changed outside Evident: catalogue.service {PAYROLL}", ": name differ"]},
    ),
    "deleted record re-inserted": (
        reinsert_deleted_row,
        {"records": [f"{VPN}", f"present though entry #{HEAD} deleted it"]},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_tampering_is_found_and_named(org, history, case):
    tamper, expected = CASES[case]
    assert found(org, history) == {}

    tamper(org)

    said = found(org, history)
    assert set(said) == set(expected), said
    for check, phrases in expected.items():
        text = "\n".join(said[check])
        assert all(phrase in text for phrase in phrases), (phrases, said[check])


def test_the_command_names_every_problem_and_exits_non_zero(org, history, tmp_path, capsys):
    path = tmp_path / "checkpoint.json"
    call_command("ledger_checkpoint", "--org", org.slug, "--output", str(path))
    delete_entries(first=HEAD)(org)
    update_record_row(org)

    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_ledger", "--org", org.slug, "--checkpoint", str(path), "--records")

    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"checkpoint: truncated: entry #{HEAD}" in err
    assert f"records: deleted outside Evident: catalogue.service {VPN}" in err
    assert f"records: changed outside Evident: catalogue.service {EMAIL}" in err
