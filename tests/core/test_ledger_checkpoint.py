"""The anchored ledger: keys, hash schemes, checkpoints and the records check."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from evident.agreements.models import SLA, SlaTarget
from evident.catalogue.models import Service
from evident.core import ledger, ledger_anchor, ledger_key, services
from evident.core.context import operation
from evident.core.ledger_records import check_records
from evident.core.models import HistoryEntry, Person
from evident.governance.models import ScopeStatement

KEY = "checkpoint-tests-ledger-key-0001"
OTHER_KEY = "checkpoint-tests-ledger-key-0002"


@pytest.fixture
def key(settings):
    settings.EVIDENT_LEDGER_KEY = KEY
    settings.EVIDENT_LEDGER_KEY_FILE = ""
    return settings


def write_services(org, *names):
    return [services.create_record(Service, org, name=name) for name in names]


def entries(org):
    return list(HistoryEntry.objects.filter(organisation=org).order_by("seq"))


# Keys ------------------------------------------------------------------------------------


def test_a_key_from_a_file_keys_every_entry_and_is_named_by_its_id(org, settings, tmp_path):
    path = tmp_path / "ledger.key"
    path.write_text(KEY + "\n")
    settings.EVIDENT_LEDGER_KEY, settings.EVIDENT_LEDGER_KEY_FILE = "", str(path)
    write_services(org, "Email", "Payroll")

    key_id = hashlib.sha256(KEY.encode()).hexdigest()[:16]
    first, second = entries(org)
    assert (first.key_id, second.key_id, first.scheme) == (key_id, key_id, 2)
    message = (first.hash + ledger.canonical(second)).encode()
    assert second.hash == hmac.new(KEY.encode(), message, hashlib.sha256).hexdigest()
    assert ledger.verify(org).ok


@pytest.mark.parametrize(
    ("value", "path", "message"),
    [
        (KEY, "ledger.key", "not both"),
        ("too-short", "", "at least 16 characters"),
        ("", "missing.key", "cannot read"),
    ],
)
def test_a_misconfigured_key_is_refused(settings, tmp_path, value, path, message):
    (tmp_path / "ledger.key").write_text(KEY)
    settings.EVIDENT_LEDGER_KEY = value
    settings.EVIDENT_LEDGER_KEY_FILE = str(tmp_path / path) if path else ""
    with pytest.raises(ImproperlyConfigured, match=message):
        ledger_key.configured()


def test_entries_written_before_the_key_still_verify_and_are_counted(org, settings, capsys):
    write_services(org, "Email", "Payroll")
    settings.EVIDENT_LEDGER_KEY = KEY
    write_services(org, "VPN")

    result = ledger.verify(org)
    assert result.ok and result.unkeyed == 2 and result.entries == 3
    call_command("verify_ledger", "--org", org.slug)
    assert "2 entries were written before the key was configured" in capsys.readouterr().out


def test_entries_signed_with_another_key_fail(org, key):
    write_services(org, "Email", "Payroll")
    key.EVIDENT_LEDGER_KEY = OTHER_KEY
    result = ledger.verify(org)
    assert not result.ok and result.first_broken_seq == 1
    assert result.reason.startswith("signed with another key")


def test_keyed_entries_without_the_key_configured_cannot_pass(org, key):
    write_services(org, "Email")
    key.EVIDENT_LEDGER_KEY = ""
    result = ledger.verify(org)
    assert not result.ok and "no ledger key is configured" in result.reason


# Hash schemes ----------------------------------------------------------------------------


def to_scheme_1(org, seqs):
    """Rewrite entries as the first scheme wrote them (before the anchored ledger)."""
    prev = ledger.GENESIS
    for entry in entries(org):
        if entry.seq in seqs:
            entry.scheme, entry.key_id = 1, ""
            entry.hash = ledger.entry_digest(prev, ledger.hashed_fields(entry))
        else:
            entry.hash = ledger.chain_hash(prev, entry, None)
        entry.prev_hash = prev
        prev = entry.hash
        HistoryEntry.objects.filter(pk=entry.pk).update(
            scheme=entry.scheme, key_id=entry.key_id, prev_hash=entry.prev_hash, hash=entry.hash
        )


def test_first_scheme_entries_verify_by_their_own_formula(org):
    write_services(org, "Email", "Payroll", "VPN")
    to_scheme_1(org, {1, 2})
    assert ledger.verify(org).ok

    HistoryEntry.objects.filter(organisation=org, seq=2).update(actor_name="forged")
    result = ledger.verify(org)
    assert (result.first_broken_seq, result.reason) == (2, "content does not match its hash")


def test_a_first_scheme_entry_after_a_current_one_breaks_the_chain(org):
    write_services(org, "Email", "Payroll", "VPN")
    to_scheme_1(org, {1, 3})
    result = ledger.verify(org)
    assert result.first_broken_seq == 3 and "old scheme" in result.reason


def other_user_id(org):
    return get_user_model().objects.create(username="someone").pk


# Every column the hash must cover, with a value that differs from the one written.
COLUMNS = {
    "organisation_id": None,  # set to the other organisation's id in the test
    "at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    "actor_id": other_user_id,
    "actor_name": "someone else",
    "source": "api",
    "source_detail": {"file": "other.csv"},
    "action": "delete",
    "model": "catalogue.person",
    "object_id": 999_999,
    "object_ref": "SVC999999",
    "before": {"name": "before"},
    "after": {"name": "after"},
    "event": "service.retired",
    "operation": "0" * 32,
    "scheme": 1,
    "key_id": "0123456789abcdef",
}


@pytest.mark.parametrize("column", list(COLUMNS))
def test_every_column_is_inside_the_hash(org, other_org, column):
    write_services(org, "Email", "Payroll", "VPN")
    value = COLUMNS[column]
    value = other_org.pk if column == "organisation_id" else value
    value = value(org) if callable(value) else value
    HistoryEntry.objects.filter(organisation=org, seq=2).update(**{column: value})

    result = ledger.verify(org)
    assert not result.ok and result.first_broken_seq == 2, result


def test_one_append_is_one_operation_and_carries_the_events(org, as_cli):
    with operation(event="service.catalogued", operation_id="op-42"):
        services.create_record(Service, org, name="Email")
        ledger.append(
            org,
            [
                ledger.Change("update", "catalogue.service", 1, "SVC000001", {}, {}),
                ledger.Change("update", "catalogue.service", 1, "SVC000001", {}, {}, event="x.y"),
            ],
        )
    services.bulk_create_records(Person, org, [Person(name="Ada"), Person(name="Grace")])
    services.create_record(Service, org, name="Payroll")

    rows = [(e.event, e.operation) for e in entries(org)]
    assert rows[:3] == [
        ("service.catalogued", "op-42"),
        ("service.catalogued", "op-42"),
        ("x.y", "op-42"),
    ]
    (ada, grace, payroll) = rows[3:]
    assert ada[1] == grace[1] != payroll[1]
    assert uuid.UUID(hex=ada[1])
    assert ledger.verify(org).ok


# Checkpoints -----------------------------------------------------------------------------


def test_the_checkpoint_command_prints_a_signed_head(org, key, capsys):
    write_services(org, "Email", "Payroll")
    call_command("ledger_checkpoint", "--org", org.slug)
    data = json.loads(capsys.readouterr().out)

    last = entries(org)[-1]
    assert set(data) == {"organisation", "seq", "hash", "count", "at", "key_id", "signature"}
    assert (data["organisation"], data["seq"], data["hash"], data["count"]) == (
        org.slug,
        2,
        last.hash,
        2,
    )
    assert data["key_id"] == ledger_key.key_id_of(KEY.encode())
    signed = {k: v for k, v in data.items() if k != "signature"}
    body = json.dumps(signed, sort_keys=True, separators=(",", ":")).encode()
    assert data["signature"] == hmac.new(KEY.encode(), body, hashlib.sha256).hexdigest()
    assert ledger_anchor.check(org, data) == []


def test_without_a_key_the_checkpoint_is_unsigned_and_says_so(org, tmp_path, capsys):
    write_services(org, "Email")
    path = tmp_path / "checkpoint.json"
    call_command("ledger_checkpoint", "--org", org.slug, "--output", str(path))

    out, err = capsys.readouterr()
    data = json.loads(path.read_text())
    assert (data["signature"], data["key_id"]) == ("", "")
    assert "unsigned" in err and str(path) in out
    call_command("verify_ledger", "--org", org.slug, "--checkpoint", str(path))
    assert "holds" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda d: d.update(seq=1, count=1), "signature does not hold"),
        (lambda d: d.update(signature=""), "unsigned though a ledger key is configured"),
        (lambda d: d.update(organisation="globex"), "of organisation 'globex'"),
        (lambda d: d.pop("hash"), "malformed: hash"),
        (lambda d: d.update(key_id="0123456789abcdef"), "signed with another key"),
    ],
)
def test_an_edited_checkpoint_is_refused(org, key, edit, problem):
    write_services(org, "Email", "Payroll")
    data = ledger_anchor.checkpoint(org)
    edit(data)
    problems = ledger_anchor.check(org, data)
    assert any(problem in p for p in problems), problems


def test_a_checkpoint_signed_under_a_key_no_longer_configured_is_not_trusted(org, key):
    write_services(org, "Email")
    data = ledger_anchor.checkpoint(org)
    key.EVIDENT_LEDGER_KEY = ""
    assert ["no ledger key is configured" in p for p in ledger_anchor.check(org, data)] == [True]


def test_an_unreadable_checkpoint_is_a_command_error(org, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "checkpoint.json"
    path.write_text("not json")
    with pytest.raises(CommandError, match="cannot read the checkpoint"):
        call_command("verify_ledger", "--org", org.slug, "--checkpoint", str(path))


# Records against the ledger --------------------------------------------------------------


def test_records_written_through_evident_match_their_pictures(org, as_cli, capsys):
    email, _ = write_services(org, "Email", "Payroll")
    sla = services.create_record(SLA, org, name="Email SLA", service=email)
    services.create_record(SlaTarget, org, sla=sla, metric="availability", target_value="99.5")
    # Written without validation, as generators do: a decimal, a date and an instant as text.
    services.bulk_create_records(
        SlaTarget, org, [SlaTarget(sla=sla, metric="response", target_value=decimal.Decimal("4"))]
    )
    services.bulk_create_records(
        ScopeStatement,
        org,
        [ScopeStatement(statement="All services", approved_at="2026-03-01T09:30:00Z")],
    )
    services.bulk_create_records(Service, org, [Service(name="VPN", live_on="2026-01-05")])
    services.update_record(email, name="Email and calendar")

    compared, problems = check_records(org)
    assert (compared, problems) == (7, [])
    call_command("verify_ledger", "--org", org.slug, "--records")
    assert "records: all 7 match their last ledger picture" in capsys.readouterr().out


def test_a_record_changed_outside_evident_is_named_with_its_fields(org, as_cli, capsys):
    email, payroll = write_services(org, "Email", "Payroll")
    Service.objects.filter(pk=email.pk).update(name="Edited", status="retired")
    Service.objects.filter(pk=payroll.pk).delete()

    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_ledger", "--org", org.slug, "--records")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert (
        f"records: changed outside Evident: catalogue.service {email.ref} (id {email.pk}): "
        "name, status differ from entry #1"
    ) in err
    assert f"records: deleted outside Evident: catalogue.service {payroll.ref}" in err
    assert "records: 2 written outside Evident (1 live records compared" in err


def test_records_of_other_organisations_are_not_compared(org, other_org):
    write_services(org, "Email")
    (foreign,) = write_services(other_org, "Payroll")
    Service.objects.filter(pk=foreign.pk).update(name="Edited")
    assert check_records(org) == (1, [])
    assert len(check_records(other_org)[1]) == 1
