"""A record list as a file: the columns and rows the page shows, with its filters and sort.

CSV streams row by row, so a list of hundreds of thousands of incidents never
sits in memory; XLSX is written in openpyxl's write-only mode with real dates
and numbers. Values are the plain form of what the page shows: choices in
words, related records by their name, many-to-many links joined by "; ".
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from evident.core.safe_export import attachment, csv_writer, text_as_text

from .display import field_label

FORMATS = ("csv", "xlsx")
CHUNK = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_response(record_type, queryset, fmt: str, org_slug: str):
    """The download of ``queryset`` (already filtered and sorted) in ``fmt``."""
    columns = list(record_type.columns)
    headers = [field_label(record_type.model, c) for c in columns]
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    filename = f"{org_slug}-{record_type.slug}-{stamp}.{fmt}"
    m2m = [c for c in columns if _is_many_to_many(record_type.model, c)]
    rows = (
        [export_value(obj, c) for c in columns]
        for obj in queryset.prefetch_related(*m2m).iterator(chunk_size=CHUNK)
    )
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(headers, rows), content_type="text/csv")
    else:
        workbook = _xlsx_file(record_type.title, headers, rows)
        response = FileResponse(workbook, content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(filename)
    return response


def export_value(obj, name: str):
    """One cell: a str, number, date or None (an empty cell)."""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return _plain(getattr(obj, name, None))
    if field.many_to_many:
        return "; ".join(str(r) for r in getattr(obj, name).all()) or None
    if field.is_relation:
        related = getattr(obj, name)
        return str(related) if related is not None else None
    value = getattr(obj, field.attname)
    if field.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{name}_display")())
    return _plain(value)


def _plain(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    return str(value)


def _is_many_to_many(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).many_to_many
    except FieldDoesNotExist:
        return False


class _Echo:
    def write(self, value):
        return value


def _csv_lines(headers, rows):
    writer = csv_writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow(_csv_cell(v) for v in row)


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _xlsx_file(title: str, headers, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = text_as_text(WriteOnlyCell(sheet, value=header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(_xlsx_row(sheet, row))
    # Not a context manager: FileResponse streams the file and closes it when done.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def _xlsx_row(sheet, row):
    cells = []
    for value in row:
        cell = text_as_text(WriteOnlyCell(sheet, value=value))
        if isinstance(value, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        cells.append(cell)
    return cells
