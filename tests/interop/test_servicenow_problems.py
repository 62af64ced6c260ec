"""The ServiceNow problem importer: states and known errors, re-imports, bad rows, the engine."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evident.catalogue.models import Service
from evident.core.models import HistoryEntry
from evident.core.tenancy import scoped
from evident.interop.importers import ImportRefused, import_servicenow
from evident.interop.importers.servicenow import UNRECORDED_SERVICE
from evident.interop.models import ImportJob
from evident.operations.models import Problem
from tests.audits.builders import findings

DATA = Path(__file__).parent / "data"
CSV = DATA / "servicenow_problems.csv"
JSON = DATA / "servicenow_problems.json"
BAD = DATA / "servicenow_problems_bad.csv"


def at(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


def problem(org, ref):
    return scoped(Problem, org).get(ref=ref)


def test_each_row_becomes_a_problem_with_its_state_cause_and_workaround(org):
    result = import_servicenow(org, CSV)
    assert (result.created, result.rejected, result.problems) == (5, 0, [])
    assert problem(org, "PRB0001001").status == Problem.Status.OPEN
    checkout = problem(org, "PRB0001002")
    # "Fix in progress" with the known-error flag set is a published known error.
    assert checkout.status == Problem.Status.KNOWN_ERROR
    assert checkout.root_cause == "Lock contention in the basket table"
    assert checkout.workaround == "Split the basket into two orders"
    assert checkout.service.name == "Web Shop"
    payslips = problem(org, "PRB0001003")
    assert (payslips.status, payslips.resolved_at) == ("resolved", at(2025, 2, 1, 12))
    vpn = problem(org, "PRB0001004")
    assert (vpn.status, vpn.resolved_at) == ("closed", at(2024, 12, 1, 9))
    assert vpn.service.name == UNRECORDED_SERVICE
    assert problem(org, "PRB0001005").status == Problem.Status.KNOWN_ERROR
    assert not scoped(Service, org).filter(confirmed=True).exists()
    assert result.services_created == 5


def test_table_api_json_is_read_by_display_values(org):
    result = import_servicenow(org, JSON, table="problem")
    assert (result.created, result.rejected) == (2, 0)
    logs = problem(org, "PRB0002001")
    assert (logs.status, logs.service.name) == ("known_error", "Logging")
    spooler = problem(org, "PRB0002002")
    assert (spooler.status, spooler.resolved_at) == ("resolved", at(2025, 4, 9, 17, 30))


def test_reimporting_changes_nothing_and_a_changed_file_updates(org, tmp_path):
    import_servicenow(org, CSV)
    entries = HistoryEntry.objects.filter(organisation=org).count()
    again = import_servicenow(org, CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert HistoryEntry.objects.filter(organisation=org).count() == entries
    edited = tmp_path / "problems.csv"
    edited.write_text(
        CSV.read_text().replace(
            "Known Error,false,2025-03-01 08:00:00,,,,",
            ("Known Error,false,2025-03-01 08:00:00,,,Index missing,Run reports overnight"),
        )
    )
    third = import_servicenow(org, edited)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 4)
    reports = problem(org, "PRB0001005")
    assert (reports.root_cause, reports.workaround) == ("Index missing", "Run reports overnight")
    entry = HistoryEntry.objects.filter(organisation=org, object_ref="PRB0001005").last()
    assert (entry.action, entry.source_detail) == ("update", {"file": "problems.csv", "rows": [5]})


def test_bad_rows_are_reported_by_row_column_and_reason_and_written_not_at_all(org):
    result = import_servicenow(org, BAD)
    assert {(p.row, p.column) for p in result.problems} == {
        (2, "state"),
        (3, "opened_at"),
        (4, "resolved_at"),
        (5, "known_error"),
        (6, "number"),
        (7, "number"),
        (8, "number"),
    }
    reasons = {p.row: p.reason for p in result.problems}
    assert "Parked" in reasons[2] and "Known Error" in reasons[2]
    assert "before it opened" in reasons[4]
    assert (result.created, result.rejected) == (1, 6)  # the row with no number owns no record
    assert list(scoped(Problem, org).values_list("ref", flat=True)) == ["PRB0003001"]


def test_a_file_lacking_a_required_column_is_refused_whole(org, tmp_path):
    lacking = tmp_path / "problems.csv"
    lacking.write_text("number,short_description,opened_at\nPRB1,x,2025-03-01 09:00\n")
    with pytest.raises(ImportRefused, match="state"):
        import_servicenow(org, lacking)
    assert not scoped(Problem, org).exists()


def test_the_engine_judges_imported_known_errors(org):
    import_servicenow(org, CSV)
    [lacking] = findings(org, 2, "s2.problem.known-error-workaround")
    assert [r["ref"] for r in lacking.records] == ["PRB0001005"]


def test_the_upload_page_imports_problems_through_the_servicenow_format(
    client, manager, org, settings, tmp_path
):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    client.force_login(manager)
    upload = SimpleUploadedFile(CSV.name, CSV.read_bytes())
    response = client.post("/o/acme/imports/new/", {"format": "servicenow", "file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get(organisation=org)
    assert (job.status, job.created) == (ImportJob.Status.DONE, 5)
    assert scoped(Problem, org).count() == 5
