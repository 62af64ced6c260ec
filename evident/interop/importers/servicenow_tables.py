"""Importing a one-row-per-record ServiceNow table (changes, problems, CIs, CI relations).

Two streaming passes, as for incidents. The first checks the file (encoding,
format, header) and notes every identity (a number, a CI name) given on more
than one row; nothing is written if it fails. The second parses each row and
hands the good ones to the table's writer a batch at a time. A batch is one
transaction; each record is written in a savepoint of its own, so a record the
service layer refuses is rolled back whole and reported against its row while
the rest of the batch stands.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from evident.core.context import acting, detail
from evident.core.db import refresh_statistics

from .reader import SourceFile, SourceRow
from .result import ImportResult, RowProblem

BATCH_SIZE = 500
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class Parsed:
    """One good source row: its identity, row number and what the writer needs."""

    key: str
    row: int
    fields: dict[str, Any]


class TableWriter(ABC):
    """Writes one table's parsed rows; ``prepare`` runs once per batch, outside savepoints."""

    def __init__(self, organisation, result: ImportResult):
        self.organisation = organisation
        self.result = result

    def prepare(self, batch: list[Parsed]) -> None:  # noqa: B027 (optional: most tables need none)
        """Resolve the names a batch uses (creating unconfirmed records) before writing."""

    @abstractmethod
    def write(self, record: Parsed) -> str:
        """Write one record; return ``created``, ``updated`` or ``unchanged``."""


@dataclass(frozen=True)
class Table:
    """How one ServiceNow table is read and written."""

    name: str
    required_columns: tuple[str, ...]
    key_column: str
    parse: Callable[[SourceRow], tuple[Parsed | None, list[RowProblem]]]
    writer: Callable[[Any, ImportResult], TableWriter]
    # Our field names -> the ServiceNow column a refusal on that field points at.
    columns: dict[str, str]
    # A record's identity when it is not one column (a CI relation is parent, type, child).
    key_of: Callable[[SourceRow], str] | None = None

    def key(self, row: SourceRow) -> str:
        return self.key_of(row) if self.key_of else row_key(row, self.key_column)


def import_table(
    table: Table,
    organisation,
    path: str | os.PathLike,
    *,
    user=None,
    actor_name: str | None = None,
    on_progress=None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import every record of ``table`` from ``path``; see the module docstring."""
    path = Path(path)
    source = SourceFile(path, table.required_columns, key_column=table.key_column)
    report = on_progress or (lambda phase, fraction: None)
    repeated = _repeated_keys(source, table, report)
    result = ImportResult(file_name=path.name)
    with acting(source="import", user=user, actor_name=actor_name, file=path.name):
        writer = table.writer(organisation, result)
        pending: list[Parsed] = []
        report("importing", 0.0)
        for count, row in enumerate(source.rows(), start=1):
            result.rows_read += 1
            if count % PROGRESS_EVERY == 0:
                report("importing", source.progress)
            record = _accept(row, table, repeated, result)
            if record is not None:
                pending.append(record)
            if len(pending) >= batch_size:
                _write_batch(pending, table, writer, result)
                pending = []
        _write_batch(pending, table, writer, result)
    refresh_statistics()
    report("done", 1.0)
    return result


def row_key(row: SourceRow, column: str) -> str:
    """The identity a row gives in ``column``, also for rows that cannot otherwise be read."""
    if row.values is None:
        return row.problem.number if row.problem else ""
    return (row.values.get(column) or "").strip()


def _accept(row: SourceRow, table: Table, repeated, result: ImportResult) -> Parsed | None:
    key = table.key(row)
    if key in repeated:
        rows = ", ".join(str(r) for r in repeated[key])
        reason = f"{key} is given on rows {rows}; export each record once"
        result.add_problem(RowProblem(row.row, table.key_column, reason, key))
        result.rejected += 1
        return None
    record, problems = table.parse(row)
    for problem in problems:
        result.add_problem(problem)
    if problems:
        if key:
            result.rejected += 1
        return None
    return record


def _write_batch(batch: list[Parsed], table: Table, writer: TableWriter, result) -> None:
    if not batch:
        return
    with transaction.atomic():
        writer.prepare(batch)
        for record in batch:
            try:
                with transaction.atomic(), detail(rows=[record.row]):
                    outcome = writer.write(record)
            except ValidationError as exc:
                for problem in _refusals(exc, record, table.columns):
                    result.add_problem(problem)
                result.rejected += 1
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)


def _refusals(exc: ValidationError, record: Parsed, columns: dict[str, str]):
    """The service layer's reasons for refusing a record, pointed at the source columns."""
    if not hasattr(exc, "error_dict"):
        return [RowProblem(record.row, None, " ".join(exc.messages), record.key)]
    return [
        RowProblem(record.row, columns.get(field), " ".join(errors.messages), record.key)
        for field, errors in ((f, ValidationError(e)) for f, e in exc.error_dict.items())
    ]


def _repeated_keys(source: SourceFile, table: Table, report) -> dict[str, list[int]]:
    """Every identity that appears on more than one row, with the rows it appears on."""
    rows_of: dict[str, list[int]] = {}
    report("checking", 0.0)
    for row in source.rows():
        key = table.key(row)
        if key:
            rows_of.setdefault(key, []).append(row.row)
    report("checking", 1.0)
    return {key: rows for key, rows in rows_of.items() if len(rows) > 1}
