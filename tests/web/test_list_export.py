"""Every record list downloads as CSV or XLSX, with the filters and sort the page has."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from evident.catalogue.models import Service
from evident.core.models import Role
from evident.core.services import bulk_create_records, create_record
from evident.operations.models import Incident
from evident.web.record_types import registry

AT = dt.datetime(2025, 3, 4, 10, 30, tzinfo=dt.UTC)
INCIDENTS = registry.for_model(Incident)


@pytest.fixture
def incidents(org, as_cli):
    email = create_record(Service, org, name="Email")
    payroll = create_record(Service, org, name="Payroll")
    rows = [
        Incident(
            title=f"Issue {n}",
            service=email if n % 2 else payroll,
            priority=1 if n == 3 else 3,
            opened_at=AT + dt.timedelta(hours=n),
        )
        for n in range(1, 6)
    ]
    return bulk_create_records(Incident, org, rows)


@pytest.fixture
def reader(client, manager):
    client.force_login(manager)
    return client


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_list_downloads_as_csv_with_the_page_columns_and_plain_values(reader, incidents):
    response = reader.get("/o/acme/incidents/?export=csv&sort=opened_at")
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="acme-incidents-')
    header, *rows = csv_rows(response)
    assert header[:3] == ["Ref", "Title", "Service"]
    assert [row[1] for row in rows] == [f"Issue {n}" for n in range(1, 6)]
    third = rows[2]
    assert third[header.index("Priority")] == "1 - Critical"
    assert "Email" in third[header.index("Service")]
    assert "<" not in "".join(third)  # no markup in a download


def test_the_download_keeps_the_filters_and_sort_of_the_page(reader, incidents):
    _header, *rows = csv_rows(
        reader.get("/o/acme/incidents/?export=csv&priority=3&sort=-opened_at")
    )
    assert [row[1] for row in rows] == ["Issue 5", "Issue 4", "Issue 2", "Issue 1"]


def test_a_list_downloads_as_xlsx_with_real_dates(reader, incidents):
    response = reader.get("/o/acme/incidents/?export=xlsx&sort=opened_at")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    opened = header.index("Opened at")
    assert sheet.max_row == 6
    assert isinstance(sheet.cell(row=2, column=opened + 1).value, dt.datetime)
    assert sheet.cell(row=2, column=2).value == "Issue 1"


def test_an_unknown_export_format_is_a_bad_request_naming_the_parameter(reader, incidents):
    response = reader.get("/o/acme/incidents/?export=pdf")
    assert response.status_code == 400
    assert b"export must be one of: csv, xlsx" in response.content


def test_a_download_holds_only_the_organisations_own_records(
    client, incidents, other_org, make_user, as_cli
):
    outsider_service = create_record(Service, other_org, name="Globex mail")
    create_record(Incident, other_org, title="Their issue", service=outsider_service, opened_at=AT)
    client.force_login(make_user(other_org, Role.SMS_MANAGER, username="globex-manager"))
    _header, *rows = csv_rows(client.get("/o/globex/incidents/?export=csv"))
    assert [row[1] for row in rows] == ["Their issue"]
    assert client.get("/o/acme/incidents/?export=csv").status_code == 404


def test_the_list_page_links_to_both_downloads_with_its_filters(reader, incidents):
    page = reader.get("/o/acme/incidents/?priority=1").content.decode()
    assert "?priority=1&amp;export=csv" in page
    assert "?priority=1&amp;export=xlsx" in page
