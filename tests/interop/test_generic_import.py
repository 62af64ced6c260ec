"""Importing a user's own CSV into any record type by a column mapping."""

import datetime as dt
import decimal

import pytest

from evident.agreements.models import Supplier
from evident.catalogue.models import Service
from evident.core.models import HistoryEntry, Person
from evident.core.services import create_record
from evident.core.tenancy import scoped
from evident.governance.models import Risk
from evident.interop.importers import ImportRefused, import_csv
from evident.interop.importers.generic_mapping import check_mapping
from evident.operations.models import Change, Incident

INCIDENTS = {
    "record_type": "operations.incident",
    "key_column": "Number",
    "columns": {
        "Summary": "title",
        "Service": "service",
        "Priority": "priority",
        "State": "status",
        "Major": "major",
        "Opened": "opened_at",
    },
}


def mapping(base=INCIDENTS, **options):
    return check_mapping({**base, **options})


def write(tmp_path, text, name="sheet.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


INCIDENT_CSV = (
    "Number,Summary,Service,Priority,State,Major,Opened\n"
    "EXT-1,Mail down,Email,1,Resolved,yes,2026-03-01 09:30\n"
    "EXT-2,Slow VPN,Remote access,3,new,no,2026-03-02T10:00:00Z\n"
)


def test_incidents_are_created_with_the_key_as_ref_and_unknown_services_unconfirmed(org, tmp_path):
    result = import_csv(org, write(tmp_path, INCIDENT_CSV), mapping=mapping())
    assert (result.created, result.updated, result.rejected) == (2, 0, 0)
    mail = scoped(Incident, org).get(ref="EXT-1")
    assert (mail.title, mail.priority, mail.status, mail.major) == (
        "Mail down",
        1,
        "resolved",
        True,
    )
    assert mail.opened_at == dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    services = scoped(Service, org).order_by("name")
    assert [(s.name, s.confirmed) for s in services] == [("Email", False), ("Remote access", False)]
    assert result.services_created == 2


def test_reimporting_the_same_file_changes_nothing_and_a_changed_row_updates(org, tmp_path):
    path = write(tmp_path, INCIDENT_CSV)
    import_csv(org, path, mapping=mapping())
    again = import_csv(org, path, mapping=mapping())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert scoped(Incident, org).count() == 2
    assert scoped(Service, org).count() == 2
    changed = write(tmp_path, INCIDENT_CSV.replace("Slow VPN", "VPN drops"))
    third = import_csv(org, changed, mapping=mapping())
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert scoped(Incident, org).get(ref="EXT-2").title == "VPN drops"


def test_history_entries_name_the_file_and_the_row(org, tmp_path):
    import_csv(org, write(tmp_path, INCIDENT_CSV), mapping=mapping(), actor_name="ops")
    entry = HistoryEntry.objects.get(organisation=org, object_ref="EXT-2", action="create")
    assert entry.source == "import"
    assert (entry.source_detail["file"], entry.source_detail["row"]) == ("sheet.csv", 2)


def test_a_linked_service_is_found_by_ref_or_by_name(org, tmp_path, as_cli):
    email = create_record(Service, org, name="Email")
    text = (
        "Number,Summary,Service,Priority,State,Major,Opened\n"
        f"EXT-1,Mail down,{email.ref},1,new,no,2026-03-01\n"
        "EXT-2,Mail slow,email,2,new,no,2026-03-01\n"
        "EXT-3,Mail lost,Email,2,new,no,2026-03-01\n"
    )
    result = import_csv(org, write(tmp_path, text), mapping=mapping())
    assert result.created == 3 and result.services_created == 1
    assert scoped(Incident, org).get(ref="EXT-1").service == email
    assert scoped(Incident, org).get(ref="EXT-3").service == email
    assert scoped(Incident, org).get(ref="EXT-2").service.confirmed is False


CHANGES = {
    "record_type": "changes",
    "key_column": "ID",
    "columns": {
        "Title": "title",
        "Type": "change_type",
        "Service": "service",
        "Requested": "requested_at",
        "Start": "planned_start",
    },
}


def test_changes_with_day_first_dates_detected_from_the_column(org, tmp_path):
    text = (
        "ID;Title;Type;Service;Requested;Start\n"
        "C-1;Patch mail;Normal;Email;03/04/2026 10:00;13/04/2026 22:00\n"
        "C-2;Patch VPN;normal;Email;25/04/2026;\n"
    )
    result = import_csv(org, write(tmp_path, text), mapping=mapping(CHANGES))
    assert (result.created, result.rejected) == (2, 0), result.problems
    patch = scoped(Change, org).get(ref="C-1")
    assert patch.requested_at == dt.datetime(2026, 4, 3, 10, 0, tzinfo=dt.UTC)
    assert patch.planned_start == dt.datetime(2026, 4, 13, 22, 0, tzinfo=dt.UTC)
    assert scoped(Change, org).get(ref="C-2").planned_start is None


def test_a_date_column_that_could_be_read_two_ways_is_refused_naming_it(org, tmp_path):
    text = "ID,Title,Type,Service,Requested,Start\nC-1,Patch,normal,Email,03/04/2026,\n"
    with pytest.raises(ImportRefused, match="column 'Requested'.*declare date_format"):
        import_csv(org, write(tmp_path, text), mapping=mapping(CHANGES))
    assert not scoped(Change, org).exists() and not scoped(Service, org).exists()


def test_a_declared_date_format_settles_an_ambiguous_column(org, tmp_path):
    text = "ID,Title,Type,Service,Requested,Start\nC-1,Patch,normal,Email,03/04/2026,\n"
    result = import_csv(
        org, write(tmp_path, text), mapping=mapping(CHANGES, date_format="%m/%d/%Y")
    )
    assert result.created == 1
    assert scoped(Change, org).get().requested_at.date() == dt.date(2026, 3, 4)


def test_a_column_mixing_day_first_and_month_first_is_refused(org, tmp_path):
    text = (
        "ID,Title,Type,Service,Requested,Start\n"
        "C-1,Patch,normal,Email,13/04/2026,\n"
        "C-2,Patch,normal,Email,04/13/2026,\n"
    )
    with pytest.raises(ImportRefused, match="mixes day-first dates"):
        import_csv(org, write(tmp_path, text), mapping=mapping(CHANGES))


SERVICES = {
    "record_type": "catalogue.service",
    "key_column": "Code",
    "columns": {"Name": "name", "Description": "description", "Status": "status", "Owner": "owner"},
}


def test_services_with_owners_found_by_name_and_choices_by_label(org, tmp_path, as_cli):
    create_record(Person, org, name="Dana Reyes")
    text = (
        "Code\tName\tDescription\tStatus\tOwner\nSVC-1\tEmail\tMail for staff\tLive\tDana Reyes\n"
    )
    result = import_csv(org, write(tmp_path, text), mapping=mapping(SERVICES))
    assert result.created == 1, result.problems
    service = scoped(Service, org).get(ref="SVC-1")
    assert (service.name, service.status, service.owner.name) == ("Email", "live", "Dana Reyes")
    assert service.confirmed is True


def test_an_unknown_owner_rejects_the_row_naming_the_column(org, tmp_path):
    text = "Code,Name,Description,Status,Owner\nSVC-1,Email,,live,Nobody Known\n"
    result = import_csv(org, write(tmp_path, text), mapping=mapping(SERVICES))
    assert (result.created, result.rejected) == (0, 1)
    problem = result.problems[0]
    assert (problem.row, problem.column, problem.number) == (1, "Owner", "SVC-1")
    assert "no person has the ref or name 'Nobody Known'" in problem.reason


SUPPLIERS = {
    "record_type": "agreements.supplier",
    "key_column": "Supplier no",
    "columns": {
        "Name": "name",
        "Type": "supplier_type",
        "Services": "services",
        "Ends": "contract_end",
    },
}


def test_suppliers_with_several_services_in_one_cell(org, tmp_path, as_cli):
    create_record(Service, org, name="Email")
    create_record(Service, org, name="VPN")
    text = 'Supplier no,Name,Type,Services,Ends\nS1,Relay Co,external,"Email; VPN",2027-01-31\n'
    path = write(tmp_path, text)
    result = import_csv(org, path, mapping=mapping(SUPPLIERS))
    assert result.created == 1, result.problems
    supplier = scoped(Supplier, org).get(ref="S1")
    assert sorted(supplier.services.values_list("name", flat=True)) == ["Email", "VPN"]
    assert supplier.contract_end == dt.date(2027, 1, 31)
    assert import_csv(org, path, mapping=mapping(SUPPLIERS)).unchanged == 1


RISKS = {
    "record_type": "governance.risk",
    "key_column": "Risk ID",
    "columns": {
        "Risk": "title",
        "Likelihood": "likelihood",
        "Impact": "impact",
        "Review": "review_due",
    },
}


def test_risks_from_a_semicolon_file_in_windows_1252(org, tmp_path):
    text = "Risk ID;Risk;Likelihood;Impact;Review\nR-1;Données perdues – backup;4;5;31.12.2026\n"
    path = write(tmp_path, text, encoding="cp1252")
    result = import_csv(org, path, mapping=mapping(RISKS))
    assert result.created == 1, result.problems
    risk = scoped(Risk, org).get(ref="R-1")
    assert (risk.title, risk.likelihood, risk.impact) == ("Données perdues – backup", 4, 5)
    assert risk.review_due == dt.date(2026, 12, 31)


def test_a_declared_encoding_the_file_does_not_have_is_refused(org, tmp_path):
    path = write(tmp_path, "Risk ID;Risk\nR-1;Données\n", encoding="cp1252")
    with pytest.raises(ImportRefused, match="is not utf-8 text"):
        import_csv(org, path, mapping=mapping(RISKS, encoding="utf-8", columns={"Risk": "title"}))
    assert not scoped(Risk, org).exists()


def test_utf16_with_a_byte_order_mark_is_read(org, tmp_path):
    path = write(tmp_path, "Risk ID,Risk\nR-1,Ünïcode risk\n", encoding="utf-16")
    result = import_csv(org, path, mapping=mapping(RISKS, columns={"Risk": "title"}))
    assert result.created == 1 and scoped(Risk, org).get().title == "Ünïcode risk"


def test_decimal_commas_are_detected(org, tmp_path):
    objectives = {
        "record_type": "governance.objective",
        "key_column": "Id",
        "columns": {"Objective": "title", "Measure": "measure", "Target": "target_value"},
    }
    text = (
        'Id;Objective;Measure;Target\nO-1;Answer fast;P1 response;"1.234,5"\nO-2;Uptime;%;99,95\n'
    )
    result = import_csv(org, write(tmp_path, text), mapping=mapping(objectives))
    assert result.created == 2, result.problems
    from evident.governance.models import Objective

    values = dict(scoped(Objective, org).values_list("ref", "target_value"))
    assert values == {"O-1": decimal.Decimal("1234.5"), "O-2": decimal.Decimal("99.95")}


def test_a_key_in_evidents_own_ref_form_moves_the_counter_past_it(org, tmp_path, as_cli):
    text = "Risk ID,Risk\nRSK000041,Relay outage\n"
    import_csv(org, write(tmp_path, text), mapping=mapping(RISKS, columns={"Risk": "title"}))
    later = create_record(Risk, org, title="Staff leave")
    assert later.ref == "RSK000042"


def test_an_update_can_relink_and_a_rejected_update_creates_nothing(org, tmp_path):
    import_csv(org, write(tmp_path, INCIDENT_CSV), mapping=mapping())
    moved = INCIDENT_CSV.replace("Mail down,Email", "Mail down,Messaging").replace(
        "Slow VPN,Remote access", f"{'x' * 300},Ghost"
    )
    result = import_csv(org, write(tmp_path, moved), mapping=mapping())
    assert (result.updated, result.rejected, result.services_created) == (1, 1, 1)
    assert scoped(Incident, org).get(ref="EXT-1").service.name == "Messaging"
    assert (result.problems[0].column, result.problems[0].number) == ("Summary", "EXT-2")
    assert not scoped(Service, org).filter(name="Ghost").exists()
    assert scoped(Incident, org).get(ref="EXT-2").title == "Slow VPN"
