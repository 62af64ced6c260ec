"""Importing a ServiceNow incident export into one organisation.

Two streaming passes over the file. The first checks that the file can be read
at all (encoding, format, header) and notes the few incident numbers whose rows
are not contiguous; nothing is written if it fails. The second groups
consecutive rows by incident number, holds back only those scattered incidents
until the end of the file so all their events are merged, and hands every
complete incident to the loader. An incident with any bad row is rejected whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from evident.core.context import acting
from evident.core.db import refresh_statistics

from .loader import BATCH_SIZE, IncidentLoader
from .reader import SourceFile, SourceRow
from .result import ImportResult
from .servicenow import REQUIRED_COLUMNS, build_incident, parse_event, row_number

Progress = Callable[[str, float], None]
PROGRESS_EVERY = 500  # rows between progress reports


def import_servicenow_incidents(
    organisation,
    path: str | os.PathLike,
    *,
    user=None,
    actor_name: str | None = None,
    on_progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import the incidents of a ServiceNow CSV event log or Table API JSON export.

    Raises ``ImportRefused`` (and writes nothing) when the file as a whole cannot
    be read; otherwise returns what was created, updated, left unchanged and rejected.
    """
    path = Path(path)
    source = SourceFile(path, REQUIRED_COLUMNS)
    report = on_progress or (lambda phase, fraction: None)
    scattered = _scattered_numbers(source, report)
    result = ImportResult(file_name=path.name)
    with acting(source="import", user=user, actor_name=actor_name, file=path.name):
        loader = IncidentLoader(organisation, result, batch_size=batch_size)
        held: dict[str, list[SourceRow]] = {}
        for number, rows in _runs(_reporting(source, "importing", report)):
            result.rows_read += len(rows)
            if number in scattered:
                held.setdefault(number, []).extend(rows)
            else:
                _settle(number, rows, loader, result)
        for number, rows in held.items():
            _settle(number, rows, loader, result)
        loader.flush()
    refresh_statistics()
    report("done", 1.0)
    return result


def _settle(number: str, rows: list[SourceRow], loader: IncidentLoader, result) -> None:
    """Queue one incident for writing, or reject it with every problem in its rows."""
    events, problems = [], []
    for row in rows:
        event, row_problems = parse_event(row)
        problems += row_problems
        if event is not None:
            events.append(event)
    for problem in problems:
        result.add_problem(problem)
    if not number:
        return  # rows with no incident number are reported; there is no incident to reject
    if problems:
        result.rejected += 1
    else:
        loader.add(build_incident(events))


def _scattered_numbers(source: SourceFile, report: Progress) -> set[str]:
    """Numbers whose rows come in more than one run; reading them all checks the file."""
    seen, scattered = set(), set()
    for number, _rows in _runs(_reporting(source, "checking", report)):
        if number in seen:
            scattered.add(number)
        seen.add(number)
    scattered.discard("")
    return scattered


def _runs(rows: Iterator[SourceRow]) -> Iterator[tuple[str, list[SourceRow]]]:
    """Consecutive rows that share an incident number, as ``(number, rows)``."""
    number, run = None, []
    for row in rows:
        this = row_number(row)
        if run and this != number:
            yield number, run
            run = []
        number = this
        run.append(row)
    if run:
        yield number, run


def _reporting(source: SourceFile, phase: str, report: Progress) -> Iterator[SourceRow]:
    report(phase, 0.0)
    for count, row in enumerate(source.rows(), start=1):
        if count % PROGRESS_EVERY == 0:
            report(phase, source.progress)
        yield row
    report(phase, 1.0)
