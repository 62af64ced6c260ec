"""Downloads that cannot turn against the person who opens them.

A record's text comes from people and from other tools' exports, so a title
like ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` must reach a spreadsheet as
text, never as a formula: CSV cells are neutralised by ``defusedcsv`` (a leading
``'``), XLSX cells that would start a formula are stored as strings. A download's
file name is reduced to safe characters, so no value can break the header or
choose another name.
"""

from __future__ import annotations

import re

from defusedcsv import csv as defused_csv
from django.utils.http import content_disposition_header

UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def csv_writer(stream):
    """A ``csv.writer`` whose text cells never start a formula."""
    return defused_csv.writer(stream)


def text_as_text(cell):
    """Keep an XLSX cell that holds text as text, even when it starts like a formula."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    return cell


def neutralise_sheet(sheet) -> None:
    """Store every formula-like text cell of a (normal, not write-only) sheet as text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def safe_file_name(name: str, *, fallback: str = "download") -> str:
    cleaned = UNSAFE_IN_FILE_NAME.sub("-", name).strip(".-")
    return cleaned[:150] or fallback


def attachment(name: str) -> str:
    """The ``Content-Disposition`` value for downloading ``name``, made safe."""
    return content_disposition_header(True, safe_file_name(name))
