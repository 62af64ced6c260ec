"""Excel workbooks by a column mapping, and the command line with a mapping file."""

import datetime as dt
import decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from evident.catalogue.models import ConfigurationItem, Service
from evident.core.context import acting
from evident.core.tenancy import scoped
from evident.governance.models import Objective, Risk
from evident.interop.importers import ImportRefused, import_csv, import_xlsx
from evident.interop.importers.generic_mapping import check_mapping
from evident.interop.services import create_mapping
from evident.operations.models import Change, Incident

RISKS = {
    "record_type": "governance.risk",
    "key_column": "Risk ID",
    "columns": {"Risk": "title", "Likelihood": "likelihood", "Review": "review_due"},
}


def workbook(path, rows, sheet="Register"):
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_workbook_is_read_with_excel_dates_and_numbers(org, tmp_path):
    path = workbook(
        tmp_path / "risks.xlsx",
        [
            ["Risk ID", "Risk", "Likelihood", "Review"],
            [101, "Relay outage", 4, dt.datetime(2026, 12, 31)],
            ["R-2", "Staff leave", 2.0, "2027-01-15"],
            [None, None, None, None],
        ],
    )
    result = import_xlsx(org, path, mapping=check_mapping(RISKS))
    assert (result.created, result.rejected, result.rows_read) == (2, 0, 2), result.problems
    risk = scoped(Risk, org).get(ref="101")
    assert (risk.title, risk.likelihood, risk.review_due) == (
        "Relay outage",
        4,
        dt.date(2026, 12, 31),
    )
    again = import_xlsx(org, path, mapping=check_mapping(RISKS))
    assert (again.created, again.unchanged) == (0, 2)


def test_a_named_sheet_is_read_and_a_missing_one_refused(org, tmp_path):
    path = workbook(tmp_path / "risks.xlsx", [["Risk ID", "Risk", "Likelihood", "Review"]])
    with pytest.raises(ImportRefused, match="no sheet 'Risks'; its sheets are: Register"):
        import_xlsx(org, path, mapping=check_mapping({**RISKS, "sheet": "Risks"}))
    assert import_xlsx(org, path, mapping=check_mapping({**RISKS, "sheet": "Register"})).ok


def test_a_file_that_is_not_a_workbook_is_refused(org, tmp_path):
    path = tmp_path / "risks.xlsx"
    path.write_text("Risk ID,Risk\n1,x\n")
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        import_xlsx(org, path, mapping=check_mapping(RISKS))


def test_changes_naming_unknown_configuration_items_create_them_unconfirmed(org, tmp_path):
    mapping = {
        "record_type": "operations.change",
        "key_column": "Change",
        "columns": {
            "Title": "title",
            "Service": "service",
            "CIs": "configuration_items",
            "Requested": "requested_at",
        },
    }
    path = workbook(
        tmp_path / "changes.xlsx",
        [
            ["Change", "Title", "Service", "CIs", "Requested"],
            ["CH-1", "Patch", "Email", "mail-01; mail-02", dt.datetime(2026, 3, 1, 8)],
            ["CH-2", "x" * 300, "Ghost", "ghost-01", dt.datetime(2026, 3, 1, 8)],
        ],
    )
    result = import_xlsx(org, path, mapping=check_mapping(mapping))
    assert (result.created, result.rejected) == (1, 1), result.problems
    assert (result.cis_created, result.services_created) == (2, 1)
    change = scoped(Change, org).get(ref="CH-1")
    assert change.requested_at == dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
    assert sorted(change.configuration_items.values_list("name", flat=True)) == [
        "mail-01",
        "mail-02",
    ]
    # The rejected row's unknown service and CI were not created: nothing half-written.
    assert list(scoped(Service, org).values_list("name", flat=True)) == ["Email"]
    assert scoped(ConfigurationItem, org).count() == 2


def test_many_rows_are_written_in_batches_with_progress_reported(org, tmp_path):
    lines = ["Id;Objective;Measure;Target"] + [
        f"O-{n};Goal {n};Measure;{n},5" for n in range(1, 1201)
    ]
    path = tmp_path / "objectives.csv"
    path.write_text("\n".join(lines) + "\n")
    mapping = check_mapping(
        {
            "record_type": "governance.objective",
            "key_column": "Id",
            "columns": {"Objective": "title", "Measure": "measure", "Target": "target_value"},
        }
    )
    seen = []
    result = import_csv(
        org, path, mapping=mapping, batch_size=250, on_progress=lambda *p: seen.append(p)
    )
    assert (result.created, result.rejected) == (1200, 0)
    assert scoped(Objective, org).get(ref="O-1200").target_value == decimal.Decimal("1200.5")
    assert {phase for phase, _ in seen} == {"checking", "importing", "done"}


INCIDENT_CSV = "Number,Summary,Service,Opened\nEXT-1,Mail down,Email,2026-03-01 09:30\n"
MAPPING_YAML = """\
record_type: operations.incident
key_column: Number
columns:
  Summary: title
  Service: service
  Opened: opened_at
"""


def test_the_command_imports_a_csv_by_a_mapping_file(org, tmp_path):
    data = tmp_path / "incidents.csv"
    data.write_text(INCIDENT_CSV)
    mapping = tmp_path / "incidents.yaml"
    mapping.write_text(MAPPING_YAML)
    out, err = StringIO(), StringIO()
    call_command(
        "import_records",
        str(data),
        org="acme",
        format="csv",
        mapping=str(mapping),
        stdout=out,
        stderr=err,
    )
    assert (
        "created          1" in out.getvalue() and "new unconfirmed services: 1" in out.getvalue()
    )
    assert scoped(Incident, org).get(ref="EXT-1").service == scoped(Service, org).get()


def test_the_command_uses_a_saved_mapping_by_name(org, tmp_path):
    with acting(source="cli"):
        create_mapping(
            org,
            name="Tool incidents",
            record_type="incidents",
            key_column="Number",
            columns={"Summary": "title", "Service": "service", "Opened": "opened_at"},
        )
    data = tmp_path / "incidents.csv"
    data.write_text(INCIDENT_CSV)
    call_command(
        "import_records",
        str(data),
        org="acme",
        format="csv",
        mapping_name="Tool incidents",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert scoped(Incident, org).filter(ref="EXT-1").exists()


def test_the_command_refuses_csv_without_a_mapping_and_a_bad_mapping_file(org, tmp_path):
    data = tmp_path / "incidents.csv"
    data.write_text(INCIDENT_CSV)
    with pytest.raises(CommandError, match="needs a column mapping"):
        call_command("import_records", str(data), org="acme", format="csv", stderr=StringIO())
    bad = tmp_path / "bad.yaml"
    bad.write_text(MAPPING_YAML.replace("Opened: opened_at", "Opened: opened"))
    with pytest.raises(CommandError, match="no importable field 'opened'"):
        call_command(
            "import_records",
            str(data),
            org="acme",
            format="csv",
            mapping=str(bad),
            stderr=StringIO(),
        )
    with pytest.raises(CommandError, match="apply to --format csv or xlsx only"):
        call_command(
            "import_records",
            str(data),
            org="acme",
            format="jira",
            mapping=str(bad),
            stderr=StringIO(),
        )
    assert not scoped(Incident, org).exists()
