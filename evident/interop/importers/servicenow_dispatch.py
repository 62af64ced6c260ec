"""One entry point for every ServiceNow export: which table it is, then that table's importer.

The table is the one named by the caller (``--table``), or else read from the
first record: its ``sys_class_name``, then its number's prefix (INC, CHG, PRB),
then the columns the export has. A file that says none of these is read as
incidents, which is what ``--format servicenow`` meant before it read other tables.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from .incidents import import_servicenow_incidents
from .reader import SourceFile, _json_rows
from .result import ImportRefused, ImportResult
from .servicenow_changes import CHANGE_TABLE
from .servicenow_cis import CI_TABLE, RELATION_TABLE
from .servicenow_problems import PROBLEM_TABLE
from .servicenow_tables import import_table

TABLES = {
    "incident": None,  # the event-log importer, which merges many rows per incident
    "change_request": CHANGE_TABLE,
    "problem": PROBLEM_TABLE,
    "cmdb_ci": CI_TABLE,
    "cmdb_rel_ci": RELATION_TABLE,
}
PREFIXES = {"INC": "incident", "CHG": "change_request", "PRB": "problem"}
CLASS_NAMES = {
    "incident": "incident",
    "change_request": "change_request",
    "change request": "change_request",
    "problem": "problem",
    "cmdb_rel_ci": "cmdb_rel_ci",
}


def import_servicenow(
    organisation,
    path: str | os.PathLike,
    *,
    table: str | None = None,
    user=None,
    actor_name: str | None = None,
    on_progress=None,
    batch_size: int | None = None,
) -> ImportResult:
    """Import a ServiceNow export of incidents, changes, problems, CIs or CI relations."""
    name = table_name(table) if table else detect_table(path)
    sized = {"batch_size": batch_size} if batch_size else {}
    common = dict(user=user, actor_name=actor_name, on_progress=on_progress, **sized)
    if name is None:
        # Nothing names a table: read it as incidents, what this format always meant.
        try:
            return import_servicenow_incidents(organisation, path, **common)
        except ImportRefused as exc:
            raise ImportRefused(
                f"{exc} (read as incidents, since nothing in the file names another table; "
                f"name the table with --table: {', '.join(TABLES)})"
            ) from exc
    if name == "incident":
        return import_servicenow_incidents(organisation, path, **common)
    return import_table(TABLES[name], organisation, path, **common)


def table_name(table: str) -> str:
    """The table a caller named; a CI class (``cmdb_ci_linux_server``) is read as ``cmdb_ci``."""
    name = table.strip().lower()
    if name.startswith("cmdb_ci") and name != "cmdb_rel_ci":
        return "cmdb_ci"
    if name not in TABLES:
        raise ImportRefused(f"unknown ServiceNow table {table!r}; one of: {', '.join(TABLES)}")
    return name


def detect_table(path: str | os.PathLike) -> str | None:
    """The table an export holds, from its first record; None when nothing says."""
    columns, first = _first_record(Path(path))
    class_name = (first.get("sys_class_name") or "").strip().lower()
    if class_name in CLASS_NAMES:
        return CLASS_NAMES[class_name]
    if class_name.startswith("cmdb_ci"):
        return table_name(class_name)
    prefix = (first.get("number") or "").strip()[:3].upper()
    if prefix in PREFIXES:
        return PREFIXES[prefix]
    if "incident_state" in columns:
        return "incident"
    if {"parent", "child", "type"} <= columns:
        return "cmdb_rel_ci"
    if columns & {"install_status", "operational_status"} or (
        "name" in columns and "number" not in columns
    ):
        return "cmdb_ci"
    return None


def _first_record(path: Path) -> tuple[set[str], dict]:
    """The column names and the first record of the export (empty when it has none)."""
    source = SourceFile(path, ())
    # The reader's own passes need the table's key column; this one only peeks.
    with source._open_binary() as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")
        try:
            if source.format == "json":
                for row in _json_rows(text):
                    values = row.values or {}
                    return set(values), values
                return set(), {}
            reader = csv.reader(text)
            header = [name.strip() for name in next(reader, [])]
            first = next((fields for fields in reader if fields), [])
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"{path.name} is not UTF-8 text") from exc
        except csv.Error as exc:
            raise ImportRefused(f"not a readable CSV file: {exc}") from exc
    return set(header), dict(zip(header, first, strict=False))
