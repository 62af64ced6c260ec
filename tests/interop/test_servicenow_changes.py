"""The ServiceNow change_request importer: mapping, approvals, re-imports, bad rows, the engine."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from evident.catalogue.models import ConfigurationItem, Service
from evident.core import services
from evident.core.context import acting
from evident.core.models import HistoryEntry, Person
from evident.core.tenancy import scoped
from evident.interop.importers import FORMATS, ImportRefused, import_servicenow
from evident.interop.importers.servicenow import UNRECORDED_SERVICE
from evident.interop.importers.servicenow_cis import UNCONFIRMED_CI
from evident.operations.models import Change, ChangeApproval, ChangeTemplate
from tests.audits.builders import findings

DATA = Path(__file__).parent / "data"
CSV = DATA / "servicenow_changes.csv"
JSON = DATA / "servicenow_changes.json"
BAD = DATA / "servicenow_changes_bad.csv"


def at(day, month, hour, minute=0):
    return dt.datetime(2025, month, day, hour, minute, tzinfo=dt.UTC)


@pytest.fixture
def template(org):
    with acting(source="cli", actor_name="test"):
        approver = services.create_record(Person, org, name="Change Manager")
        return services.create_record(
            ChangeTemplate,
            org,
            name="Restart application pool",
            approved_by=approver,
            approved_at=at(1, 1, 9),
        )


def change(org, ref):
    return scoped(Change, org).get(ref=ref)


def test_each_row_becomes_a_change_with_its_servicenow_values(org, template):
    result = import_servicenow(org, CSV)
    assert (result.created, result.updated, result.rejected, result.problems) == (4, 0, 0, [])
    mail = change(org, "CHG0030001")
    assert mail.title == "Upgrade the mail gateway"
    assert (mail.change_type, mail.status, mail.risk) == ("normal", "closed", "medium")
    assert mail.requested_at == at(1, 3, 9)
    assert (mail.planned_start, mail.planned_end) == (at(10, 3, 20), at(10, 3, 22))
    assert (mail.actual_start, mail.actual_end) == (at(10, 3, 20, 5), at(10, 3, 21, 30))
    assert mail.outcome == Change.Outcome.SUCCESSFUL
    assert mail.backout_plan == "Restore the gateway snapshot"
    assert mail.risk_assessment.startswith("Mail is down")
    assert mail.assessed_at == at(8, 3, 14)  # by the time the board approved it
    assert mail.service.name == "Email"
    assert [ci.name for ci in mail.configuration_items.all()] == ["mail-gw-01"]
    patch = change(org, "CHG0030002")
    assert (patch.change_type, patch.status, patch.outcome) == (
        "emergency",
        "implemented",
        "failed",
    )
    assert patch.review_completed_at == at(18, 3, 0)
    assert patch.review_notes == "Patch clashed with the checkout plugin"
    port = change(org, "CHG0030004")
    assert (port.status, port.risk, port.actual_start) == ("assessed", "medium", None)
    assert port.service.name == UNRECORDED_SERVICE


def test_an_approval_becomes_a_decision_of_the_board_the_change_type_calls_for(org, template):
    import_servicenow(org, CSV)
    decisions = scoped(ChangeApproval, org).order_by("change__ref")
    assert list(decisions.values_list("change__ref", "authority", "decision", "decided_at")) == [
        ("CHG0030001", "cab", "approved", at(8, 3, 14)),
        ("CHG0030002", "ecab", "approved", at(14, 3, 7, 30)),
    ]
    standard = change(org, "CHG0030003")
    assert standard.template == template  # pre-approved by its template: no decision recorded
    assert (standard.status, standard.risk) == ("closed", "low")


def test_unknown_services_and_cis_are_created_unconfirmed(org, template):
    result = import_servicenow(org, CSV)
    assert result.services_created == 4  # Email, Web Shop, Payroll, not recorded
    assert not scoped(Service, org).filter(confirmed=True).exists()
    assert result.cis_created == 3
    items = scoped(ConfigurationItem, org)
    assert sorted(items.values_list("name", flat=True)) == [
        "mail-gw-01",
        "payroll-app-01",
        "web-01",
    ]
    assert set(items.values_list("description", flat=True)) == {UNCONFIRMED_CI}


def test_table_api_json_is_read_by_display_values(org):
    result = import_servicenow(org, JSON)
    assert (result.created, result.rejected) == (2, 0)
    share = change(org, "CHG0040001")
    assert (share.change_type, share.status, share.risk) == ("normal", "closed", "high")
    assert share.outcome == Change.Outcome.BACKED_OUT
    assert share.service.name == "File Services"
    assert [ci.name for ci in share.configuration_items.all()] == ["nas-02"]
    vpn = change(org, "CHG0040002")
    # No approval_set: the last update is the latest the approval can have been.
    assert vpn.approvals.get().decided_at == at(20, 2, 8, 45)
    assert (vpn.status, vpn.actual_start, vpn.actual_end) == ("approved", at(20, 2, 9), None)


def test_reimporting_changes_nothing_and_a_changed_file_updates(org, template, tmp_path):
    import_servicenow(org, CSV)
    entries = HistoryEntry.objects.filter(organisation=org).count()
    again = import_servicenow(org, CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert HistoryEntry.objects.filter(organisation=org).count() == entries
    assert scoped(ChangeApproval, org).count() == 2
    edited = tmp_path / "changes.csv"
    edited.write_text(CSV.read_text().replace("Authorize,3 - Moderate", "Scheduled,High"))
    third = import_servicenow(org, edited)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 3)
    assert (change(org, "CHG0030004").status, change(org, "CHG0030004").risk) == (
        "approved",
        "high",
    )
    assert scoped(Change, org).count() == 4


def test_the_ledger_names_the_file_and_the_row(org, template):
    import_servicenow(org, CSV)
    entry = HistoryEntry.objects.get(
        organisation=org, model="operations.change", action="create", object_ref="CHG0030002"
    )
    assert entry.source == "import"
    assert entry.source_detail == {"file": "servicenow_changes.csv", "rows": [2]}


def test_bad_rows_are_reported_by_row_column_and_reason_and_written_not_at_all(org):
    result = import_servicenow(org, BAD)
    where = {(p.row, p.column) for p in result.problems}
    assert where == {
        (2, "opened_at"),
        (3, "type"),
        (4, "state"),
        (5, "number"),
        (6, "number"),
        (7, "work_end"),
        (8, "std_change_producer_version"),
    }
    reasons = {p.row: p.reason for p in result.problems}
    assert "Expedited" in reasons[3] and "Emergency" in reasons[3]
    assert "rows 5, 6" in reasons[5]
    assert "Reboot a router" in reasons[8]
    assert (result.created, result.rejected) == (1, 7)
    assert list(scoped(Change, org).values_list("ref", flat=True)) == ["CHG0050001"]


def test_a_file_lacking_a_required_column_is_refused_whole(org, tmp_path):
    lacking = tmp_path / "changes.csv"
    lacking.write_text("number,short_description,state,opened_at\nCHG1,x,New,2025-03-01 09:00\n")
    with pytest.raises(ImportRefused, match="type"):
        import_servicenow(org, lacking, table="change_request")
    assert not scoped(Change, org).exists()


def test_the_servicenow_format_tells_the_table_and_the_command_can_name_it(org, capsys):
    assert FORMATS["servicenow"] is import_servicenow
    call_command("import_records", str(JSON), org=org.slug, format="servicenow")
    assert scoped(Change, org).count() == 2
    assert "created          2" in capsys.readouterr().out
    with pytest.raises(CommandError, match="unknown ServiceNow table"):
        call_command("import_records", str(JSON), org=org.slug, format="servicenow", table="x")
    with pytest.raises(CommandError, match="servicenow only"):
        call_command("import_records", str(JSON), org=org.slug, format="jira", table="problem")


AUDIT = dt.date(2025, 6, 30)


def test_the_change_checks_judge_imported_changes(org, tmp_path):
    unapproved = tmp_path / "changes.csv"
    unapproved.write_text(
        "number,short_description,type,state,opened_at,work_start,work_end,close_code,"
        "approval,approval_set,risk_impact_analysis\n"
        "CHG1,Approved in time,Normal,Closed,2025-03-01 09:00,2025-03-05 10:00,"
        "2025-03-05 11:00,Successful,Approved,2025-03-04 09:00,Low risk\n"
        "CHG2,Approved after it started,Normal,Closed,2025-03-01 09:00,2025-03-05 10:00,"
        "2025-03-05 11:00,Successful,Approved,2025-03-06 09:00,Low risk\n"
        "CHG3,Never assessed,Normal,Closed,2025-03-01 09:00,2025-03-05 10:00,"
        "2025-03-05 11:00,Successful,Approved,2025-03-04 09:00,\n"
    )
    result = import_servicenow(org, unapproved)
    assert result.created == 3
    # The change rules decide only an assessed normal change: CHG3's approval is not kept.
    assert list(
        scoped(ChangeApproval, org).values_list("change__ref", flat=True).order_by("change__ref")
    ) == ["CHG1", "CHG2"]
    assert sum(result.skipped.values()) == 1
    [late] = findings(org, 2, "s2.change.approved-before-start", audit_date=AUDIT)
    assert late.grade == "major"  # 2 of 3
    assert sorted(r["ref"] for r in late.records) == ["CHG2", "CHG3"]
    # ServiceNow keeps no assessment date: the decision is the earliest proof of one, so a
    # change decided after it started shows no assessment before its start either.
    [unassessed] = findings(org, 2, "s2.change.risk-assessed", audit_date=AUDIT)
    assert sorted(r["ref"] for r in unassessed.records) == ["CHG2", "CHG3"]
