"""Bad input to the ServiceNow importer, and the ``import-records`` command around it."""

import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from evident.catalogue.models import Service
from evident.core.models import HistoryEntry
from evident.core.tenancy import scoped
from evident.interop.importers import ImportRefused, import_servicenow_incidents
from evident.operations.models import Incident

DATA = Path(__file__).parent / "data"
CSV = DATA / "servicenow_incidents.csv"
BAD = DATA / "servicenow_bad_rows.csv"


def refs(org):
    return sorted(scoped(Incident, org).values_list("ref", flat=True))


def nothing_written(org):
    return not HistoryEntry.objects.filter(organisation=org).exists()


def test_an_incident_with_a_bad_row_is_rejected_whole_and_the_rest_imported(org):
    result = import_servicenow_incidents(org, BAD)
    assert refs(org) == ["INC0000010", "INC0000015"]
    assert (result.created, result.rejected) == (2, 4)


def test_each_bad_row_is_reported_with_its_row_and_column(org):
    result = import_servicenow_incidents(org, BAD)
    reported = {(p.row, p.column, p.number) for p in result.problems}
    assert reported == {
        (3, "incident_state", "INC0000011"),
        (4, "sys_updated_at", "INC0000012"),
        (6, "number", ""),
        (7, None, "INC0000013"),
        (9, "priority", "INC0000014"),
    }
    reasons = {p.row: p.reason for p in result.problems}
    assert reasons[3] == "unknown incident state 'Frozen'"
    assert "not a date" in reasons[4]
    assert reasons[6] == "no incident number"
    assert reasons[7] == "has 30 fields where the header has 36"
    assert "7 - Unheard of" in reasons[9]
    assert result.problem_count == 5


def test_nothing_of_a_rejected_incident_is_written(org):
    import_servicenow_incidents(org, BAD)
    written = set(
        HistoryEntry.objects.filter(organisation=org).values_list("object_ref", flat=True)
    )
    assert not written & {"INC0000011", "INC0000012", "INC0000013", "INC0000014"}


def test_a_header_missing_a_required_column_refuses_the_file(org, tmp_path):
    broken = tmp_path / "no_state.csv"
    broken.write_text(CSV.read_text().replace("incident_state,", "state,", 1))
    with pytest.raises(ImportRefused, match="incident_state"):
        import_servicenow_incidents(org, broken)
    assert nothing_written(org)


def test_a_file_not_in_utf8_is_refused_before_anything_is_written(org, tmp_path):
    latin = tmp_path / "latin.csv"
    text = CSV.read_text() + CSV.read_text().splitlines()[-1].replace("0000001", "0000009") + "\n"
    latin.write_bytes(text.replace("Group 9", "Gruppe Zürich").encode("latin-1"))
    with pytest.raises(ImportRefused, match="not UTF-8"):
        import_servicenow_incidents(org, latin)
    assert nothing_written(org)


def test_a_binary_file_is_refused(org, tmp_path):
    image = tmp_path / "picture.csv.gz"
    with gzip.open(image, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    with pytest.raises(ImportRefused, match="binary"):
        import_servicenow_incidents(org, image)
    assert nothing_written(org)


def test_prose_is_refused_for_lacking_the_columns(org, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the service review\nAll incidents were discussed.\n")
    with pytest.raises(ImportRefused, match="number, incident_state"):
        import_servicenow_incidents(org, notes)
    assert nothing_written(org)


@pytest.mark.parametrize(
    "content",
    ['{"records": []}', '{"result": [{"number": "INC1"}', "[1, 2, 3]"],
    ids=["no-result-list", "truncated", "bare-list"],
)
def test_json_that_is_not_a_table_api_export_is_refused(org, tmp_path, content):
    export = tmp_path / "export.json"
    export.write_text(content)
    with pytest.raises(ImportRefused):
        import_servicenow_incidents(org, export)
    assert nothing_written(org)


def test_the_command_prints_a_summary_and_imports(org):
    out = StringIO()
    call_command(
        "import_records", str(CSV), org="acme", format="servicenow", stdout=out, stderr=StringIO()
    )
    summary = out.getvalue()
    assert "created          3" in summary
    assert "rejected         0" in summary
    assert refs(org) == ["INC0000001", "INC0000002", "INC0000003"]
    assert scoped(Service, org).filter(confirmed=False).count() == 2


def test_the_command_fails_after_listing_rejections(org):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="4 record"):
        call_command(
            "import_records", str(BAD), org="acme", format="servicenow", stdout=out, stderr=err
        )
    assert "row 3, column incident_state (INC0000011): unknown incident state" in out.getvalue()
    assert "% of the file" in err.getvalue()


def test_the_command_shows_twenty_reasons_and_counts_the_rest(org, tmp_path):
    many = tmp_path / "many.csv"
    lines = BAD.read_text().splitlines()
    bad_state = lines[3]
    body = [bad_state.replace("INC0000011", f"INC9{n:06d}") for n in range(25)]
    many.write_text("\n".join([lines[0], *body]) + "\n")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_records",
            str(many),
            org="acme",
            format="servicenow",
            stdout=out,
            stderr=StringIO(),
        )
    shown = [line for line in out.getvalue().splitlines() if "unknown incident state" in line]
    assert len(shown) == 20
    assert "... and 5 more" in out.getvalue()


def test_the_command_names_the_formats_it_knows(org):
    with pytest.raises(CommandError, match="the formats are: servicenow, jira"):
        call_command("import_records", str(CSV), org="acme", format="remedy")


def test_the_command_refuses_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="no organisation with slug 'nobody'"):
        call_command("import_records", str(CSV), org="nobody", format="servicenow")


def test_the_command_reports_a_refused_file_and_writes_nothing(org, tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("just,some,columns\n1,2,3\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_records", str(notes), org="acme", format="servicenow", stderr=StringIO()
        )
    assert nothing_written(org)
