"""A download never turns a record's text into a spreadsheet formula or a header of its own."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from evident.catalogue.models import Service
from evident.core.safe_export import attachment, safe_file_name
from evident.core.services import create_record
from evident.operations.models import Incident

AT = dt.datetime(2025, 3, 4, 10, 30, tzinfo=dt.UTC)
FORMULA = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://example.invalid","open me")'


@pytest.fixture
def hostile(org, as_cli):
    mail = create_record(Service, org, name="Email")
    for title in (FORMULA, LINK, "-2+3", "@SUM(A1)"):
        create_record(Incident, org, title=title, service=mail, opened_at=AT)


@pytest.fixture
def reader(client, manager):
    client.force_login(manager)
    return client


def test_csv_cells_that_would_start_a_formula_are_text(reader, hostile):
    response = reader.get("/o/acme/incidents/?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    titles = {row[1] for row in list(csv.reader(io.StringIO(text)))[1:]}
    assert titles == {"'=cmd\\|' /C calc'!A0", "'" + LINK, "'-2+3", "'@SUM(A1)"}


def test_xlsx_cells_that_would_start_a_formula_are_stored_as_text(reader, hostile):
    response = reader.get("/o/acme/incidents/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert {cell.value for cell in cells} >= {FORMULA, LINK}
    assert {cell.data_type for cell in cells} == {"s"}


@pytest.mark.parametrize(
    "name, expected",
    [
        ('acme"; filename="evil.exe', "acme-filename-evil.exe"),
        ("ENG\r\nX-Injected: 1.xlsx", "ENG-X-Injected-1.xlsx"),
        ("../../etc/passwd", "etc-passwd"),
        ("", "download"),
    ],
)
def test_a_download_name_keeps_to_safe_characters(name, expected):
    assert safe_file_name(name) == expected
    header = attachment(name)
    assert "\r" not in header and "\n" not in header and header.count('"') == 2


@pytest.mark.parametrize("ref", ["HDR\r\nX-Injected: 1", 'Q"uote', "=cmd", "tab\there", " lead"])
def test_a_ref_that_could_break_a_header_or_a_sheet_is_refused(org, as_cli, ref):
    with pytest.raises(ValidationError) as refusal:
        create_record(Service, org, name="Email", ref=ref)
    assert "ref" in refusal.value.message_dict
    assert not Service.objects.filter(organisation=org).exists()


def test_refs_of_real_tools_are_accepted(org, as_cli):
    for ref in ("INC0012345", "PROJ-123", "SAP ERP (prod)", "CHG:42/1"):
        assert create_record(Service, org, name=ref, ref=ref).ref == ref
