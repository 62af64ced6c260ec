"""Importing a Jira Service Management CSV export: incidents, requests, and bad rows."""

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from evident.catalogue.models import Service
from evident.core.models import HistoryEntry
from evident.core.tenancy import scoped
from evident.interop.importers import ImportRefused, import_jira_issues
from evident.operations.models import Incident, ServiceRequest

EXPORT = Path(__file__).parent / "data" / "jira_issues.csv"
HEADER = EXPORT.read_text().splitlines()[0]


def at(day, hour, minute=0):
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=dt.UTC)


def write(tmp_path, *rows, header=HEADER):
    path = tmp_path / "export.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


ROW = "{summary},{key},1,Incident,{status},,{priority},,{created},,{resolved},,Email,,,,,"


def row(key="ITSM-1", summary="Mail down", status="Open", priority="High", **dates):
    return ROW.format(
        key=key,
        summary=summary,
        status=status,
        priority=priority,
        created=dates.get("created", "03/Nov/26 9:15 AM"),
        resolved=dates.get("resolved", ""),
    )


def test_incidents_and_requests_are_imported_and_other_issue_types_skipped(org):
    result = import_jira_issues(org, EXPORT)
    assert sorted(scoped(Incident, org).values_list("ref", flat=True)) == [
        "ITSM-101",
        "ITSM-102",
        "ITSM-103",
    ]
    assert sorted(scoped(ServiceRequest, org).values_list("ref", flat=True)) == [
        "ITSM-104",
        "ITSM-105",
    ]
    assert (result.created, result.rejected, result.problem_count) == (5, 0, 0)
    assert result.skipped == {"Problem": 1}


def test_an_incident_keeps_jira_priority_impact_urgency_group_and_dates(org):
    import_jira_issues(org, EXPORT)
    incident = scoped(Incident, org).get(ref="ITSM-101")
    assert incident.title == "Email not syncing on phones"
    assert incident.service.name == "Email"
    assert incident.priority == Incident.Priority.HIGH
    assert (incident.impact, incident.urgency) == (Incident.Level.MEDIUM, Incident.Level.HIGH)
    assert incident.assignment_group == "Messaging team"
    assert incident.category == "Report a system problem"
    assert incident.status == Incident.Status.RESOLVED
    assert (incident.opened_at, incident.resolved_at) == (at(3, 9, 15), at(3, 13, 30))


def test_the_status_history_is_rebuilt_from_the_dates_the_row_carries(org):
    import_jira_issues(org, EXPORT)
    closed = scoped(Incident, org).get(ref="ITSM-102")
    steps = list(closed.status_changes.values_list("status", "source_status", "changed_at"))
    assert steps == [
        ("new", "Created", at(4, 8)),
        ("resolved", "Resolved", at(4, 11)),
        ("closed", "Closed", at(6, 9)),
    ]
    assert closed.closed_at == at(6, 9)
    waiting = scoped(Incident, org).get(ref="ITSM-103")
    assert waiting.status == Incident.Status.ON_HOLD
    assert list(waiting.status_changes.values_list("status", flat=True)) == ["new", "on_hold"]


def test_a_repeated_component_column_gives_the_first_named_component(org):
    import_jira_issues(org, EXPORT)
    assert scoped(Incident, org).get(ref="ITSM-102").service.name == "Remote access"


def test_requests_are_fulfilled_when_jira_resolved_them(org):
    import_jira_issues(org, EXPORT)
    laptop = scoped(ServiceRequest, org).get(ref="ITSM-104")
    assert (laptop.status, laptop.fulfilled_at) == ("fulfilled", at(7, 15, 30))
    access = scoped(ServiceRequest, org).get(ref="ITSM-105")
    assert (access.status, access.fulfilled_at) == ("open", None)
    assert access.service.name == "Service not recorded in source"


def test_unknown_services_are_created_unconfirmed_and_the_ledger_names_file_and_row(org):
    result = import_jira_issues(org, EXPORT)
    assert result.services_created == 5
    assert not scoped(Service, org).filter(confirmed=True).exists()
    entry = HistoryEntry.objects.get(organisation=org, object_ref="ITSM-101")
    assert entry.source == "import"
    assert entry.source_detail["file"] == "jira_issues.csv"
    assert entry.source_detail["rows"] == [1, 1]  # first and last row of the issue


def test_reimporting_the_same_export_changes_nothing(org):
    import_jira_issues(org, EXPORT)
    entries = HistoryEntry.objects.filter(organisation=org).count()
    again = import_jira_issues(org, EXPORT)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert HistoryEntry.objects.filter(organisation=org).count() == entries


def test_a_later_export_updates_the_issues_it_changed(org, tmp_path):
    import_jira_issues(org, write(tmp_path, row(status="Open")))
    later = import_jira_issues(
        org, write(tmp_path, row(status="Resolved", resolved="03/Nov/26 11:00 AM"))
    )
    assert (later.created, later.updated) == (0, 1)
    incident = scoped(Incident, org).get(ref="ITSM-1")
    assert (incident.status, incident.resolved_at) == ("resolved", at(3, 11))


def test_each_bad_row_is_reported_with_row_column_and_reason_and_not_written(org, tmp_path):
    path = write(
        tmp_path,
        row(key="ITSM-1"),
        row(key="ITSM-2", status="Frozen"),
        row(key="ITSM-3", priority="Urgentissimo"),
        row(key="ITSM-4", created="yesterday"),
        row(key="ITSM-5", summary="x" * 201),
        row(key="ITSM-6", created="05/Nov/26 9:00 AM", resolved="04/Nov/26 9:00 AM"),
    )
    result = import_jira_issues(org, path)
    assert list(scoped(Incident, org).values_list("ref", flat=True)) == ["ITSM-1"]
    reported = {(p.row, p.column, p.number) for p in result.problems}
    assert reported == {
        (2, "Status", "ITSM-2"),
        (3, "Priority", "ITSM-3"),
        (4, "Created", "ITSM-4"),
        (5, "Summary", "ITSM-5"),
        (6, "Resolved", "ITSM-6"),
    }
    reasons = {p.row: p.reason for p in result.problems}
    assert reasons[2] == "unknown status 'Frozen' and no known Status Category"
    assert reasons[5] == "longer than 200 characters"
    assert result.rejected == 5


def test_an_issue_key_given_twice_is_rejected_on_every_row(org, tmp_path):
    path = write(tmp_path, row(key="ITSM-1"), row(key="ITSM-2"), row(key="ITSM-1"))
    result = import_jira_issues(org, path)
    assert list(scoped(Incident, org).values_list("ref", flat=True)) == ["ITSM-2"]
    assert {(p.row, p.column) for p in result.problems} == {(1, "Issue key"), (3, "Issue key")}
    assert "rows 1, 3" in result.problems[0].reason


def test_a_file_without_the_required_columns_is_refused_whole(org, tmp_path):
    path = write(tmp_path, "Mail down,ITSM-1", header="Summary,Issue key")
    with pytest.raises(ImportRefused, match="Issue Type, Status, Created"):
        import_jira_issues(org, path)
    assert not HistoryEntry.objects.filter(organisation=org).exists()


def test_a_file_in_another_encoding_is_refused_whole(org, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\n" + row(summary="Café down") + "\n").encode("latin-1"))
    with pytest.raises(ImportRefused, match="not UTF-8"):
        import_jira_issues(org, path)
    assert not HistoryEntry.objects.filter(organisation=org).exists()


def test_a_json_file_is_refused_with_what_to_export_instead(org, tmp_path):
    path = tmp_path / "issues.json"
    path.write_text('{"issues": []}')
    with pytest.raises(ImportRefused, match="export the issues from Jira as CSV"):
        import_jira_issues(org, path)


def test_the_command_imports_jira_and_reports_skipped_issue_types(org):
    out = StringIO()
    call_command("import_records", str(EXPORT), org="acme", format="jira", stdout=out)
    assert "created          5" in out.getvalue()
    assert "skipped (not imported from this format): Problem: 1" in out.getvalue()


def test_the_command_fails_naming_the_rejected_rows(org, tmp_path):
    path = write(tmp_path, row(key="ITSM-1", status="Frozen"))
    out = StringIO()
    with pytest.raises(CommandError, match="1 record"):
        call_command("import_records", str(path), org="acme", format="jira", stdout=out)
    assert "row 1, column Status (ITSM-1)" in out.getvalue()
