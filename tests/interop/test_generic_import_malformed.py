"""Bad spreadsheets and bad mappings: a clear reason, and nothing written that should not be."""

import csv

import pytest
from django.core.exceptions import ValidationError

from evident.catalogue.models import Service
from evident.core.models import Person
from evident.core.tenancy import scoped
from evident.interop.importers import ImportRefused, import_csv
from evident.interop.importers.generic_mapping import check_mapping, load_mapping_file
from evident.operations.models import Incident

MAPPING = {
    "record_type": "operations.incident",
    "key_column": "Number",
    "columns": {"Summary": "title", "Service": "service", "Opened": "opened_at"},
}
HEADER = "Number,Summary,Service,Opened\n"


def write(tmp_path, text, name="sheet.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(org, tmp_path, body, **options):
    return import_csv(
        org, write(tmp_path, HEADER + body), mapping=check_mapping({**MAPPING, **options})
    )


def test_a_missing_mapped_column_refuses_the_file_naming_it(org, tmp_path):
    path = write(tmp_path, "Number,Summary\nEXT-1,Mail down\n")
    with pytest.raises(ImportRefused, match="lacks the mapped columns 'Service', 'Opened'"):
        import_csv(org, path, mapping=check_mapping(MAPPING))
    assert not scoped(Incident, org).exists()


def test_bad_dates_reject_their_rows_with_row_column_and_reason(org, tmp_path):
    result = run(org, tmp_path, "EXT-1,Mail down,Email,yesterday\nEXT-2,Fine,Email,2026-03-01\n")
    assert (result.created, result.rejected) == (1, 1)
    problem = result.problems[0]
    assert (problem.row, problem.column, problem.number) == (1, "Opened", "EXT-1")
    assert "'yesterday' is not a date" in problem.reason
    assert str(problem).startswith("row 1, column Opened (EXT-1):")


def test_an_impossible_date_is_rejected(org, tmp_path):
    result = run(org, tmp_path, "EXT-1,Mail down,Email,31/02/2026\n")
    assert result.rejected == 1 and "not a real date" in result.problems[0].reason


def test_a_key_given_twice_rejects_every_row_with_it_and_writes_the_rest(org, tmp_path):
    body = (
        "EXT-1,Mail down,Email,2026-03-01\n"
        "EXT-2,Slow,Email,2026-03-01\n"
        "EXT-1,Mail up,Email,2026-03-02\n"
    )
    result = run(org, tmp_path, body)
    assert (result.created, result.rejected) == (1, 2)
    assert {p.row for p in result.problems} == {1, 3}
    assert "given on rows 1, 3" in result.problems[0].reason
    assert list(scoped(Incident, org).values_list("ref", flat=True)) == ["EXT-2"]


def test_a_row_without_a_key_is_rejected(org, tmp_path):
    result = run(org, tmp_path, ",Mail down,Email,2026-03-01\n")
    assert result.rejected == 1 and result.problems[0].column == "Number"


def test_a_field_beyond_the_csv_limit_refuses_the_file_before_writing(org, tmp_path):
    huge = "x" * (csv.field_size_limit() + 10)
    body = f"EXT-1,Fine,Email,2026-03-01\nEXT-2,{huge},Email,2026-03-01\n"
    with pytest.raises(ImportRefused, match="line 3 has a field longer than"):
        run(org, tmp_path, body)
    assert not scoped(Incident, org).exists() and not scoped(Service, org).exists()


def test_a_value_longer_than_its_field_rejects_the_row_naming_the_column(org, tmp_path):
    result = run(org, tmp_path, f"EXT-1,{'x' * 300},Email,2026-03-01\n")
    assert result.rejected == 1 and result.problems[0].column == "Summary"
    assert "at most" in result.problems[0].reason
    assert not scoped(Incident, org).exists()


def test_a_row_with_too_many_fields_is_rejected(org, tmp_path):
    result = run(org, tmp_path, "EXT-1,Mail down,Email,2026-03-01,extra\n")
    assert result.rejected == 1 and "has 5 fields" in result.problems[0].reason


def test_a_binary_file_is_refused(org, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(ImportRefused, match="binary file"):
        import_csv(org, path, mapping=check_mapping(MAPPING))


def test_a_record_failing_its_own_rules_is_rejected_whole(org, tmp_path):
    people = {
        "record_type": "core.person",
        "key_column": "Staff no",
        "columns": {"Name": "name", "Email": "email"},
    }
    path = write(tmp_path, "Staff no,Name,Email\nP-1,Dana,not-an-email\nP-2,Lee,lee@example.com\n")
    result = import_csv(org, path, mapping=check_mapping(people))
    assert (result.created, result.rejected) == (1, 1)
    assert (result.problems[0].row, result.problems[0].column) == (1, "Email")
    assert list(scoped(Person, org).values_list("ref", flat=True)) == ["P-2"]


def test_a_mapping_naming_an_unknown_field_or_record_type_is_refused_naming_it():
    with pytest.raises(ValidationError) as caught:
        check_mapping({**MAPPING, "columns": {"Summary": "headline"}})
    assert "no importable field 'headline'" in caught.value.message_dict["columns"][0]
    with pytest.raises(ValidationError) as caught:
        check_mapping({**MAPPING, "record_type": "operations.nothing"})
    assert "unknown record type 'operations.nothing'" in caught.value.message_dict["record_type"][0]


def test_a_mapping_needs_a_key_column_and_one_column_per_field():
    with pytest.raises(ValidationError) as caught:
        check_mapping({**MAPPING, "key_column": "", "columns": {"A": "title", "B": "title"}})
    errors = caught.value.message_dict
    assert "key_column" in errors and "both map to 'title'" in errors["columns"][0]


def test_a_mapping_file_with_an_unknown_field_is_refused(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text("record_type: incidents\nkey_column: Number\ncolumns:\n  Summary: headline\n")
    with pytest.raises(ImportRefused, match="mapping.yaml is not valid: columns: .*'headline'"):
        load_mapping_file(path)


def test_a_mapping_file_in_json_with_options(tmp_path):
    path = tmp_path / "mapping.json"
    path.write_text(
        '{"record_type": "incidents", "key_column": "Number", "columns": {"Summary": "title"},'
        ' "delimiter": "tab", "decimal_separator": ",", "date_format": "%d.%m.%Y"}'
    )
    spec = load_mapping_file(path)
    assert (spec.label, spec.delimiter, spec.decimal_separator) == (
        "operations.incident",
        "\t",
        ",",
    )
