"""Importing a Jira Service Management CSV export into one organisation.

Two streaming passes. The first checks the file (encoding, header) and finds
issue keys that appear on more than one row; nothing is written if it fails.
The second reads each issue and hands incidents and service requests to their
loaders. A row with any problem is rejected and reported with its row number,
column and reason; an issue key given twice is rejected on each of its rows,
since there is no telling which of them is right.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from evident.core.context import acting
from evident.core.db import refresh_statistics

from .jira import KEY, REQUIRED_COLUMNS, RequestRecord, Skipped, issue_key, parse_issue
from .loader import BATCH_SIZE, IncidentLoader
from .reader import SourceFile
from .request_loader import RequestLoader
from .result import ImportRefused, ImportResult, RowProblem

PROGRESS_EVERY = 500


def import_jira_issues(
    organisation,
    path: str | os.PathLike,
    *,
    user=None,
    actor_name: str | None = None,
    on_progress=None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import the incidents and service requests of a Jira Service Management CSV export."""
    path = Path(path)
    source = SourceFile(path, REQUIRED_COLUMNS, key_column=KEY)
    if source.format != "csv":
        raise ImportRefused(f"{path.name} is not CSV; export the issues from Jira as CSV")
    report = on_progress or (lambda phase, fraction: None)
    first_rows = _first_rows_of_repeated_keys(source, report)
    result = ImportResult(file_name=path.name)
    skipped: Counter = Counter()
    with acting(source="import", user=user, actor_name=actor_name, file=path.name):
        incidents = IncidentLoader(organisation, result, batch_size=batch_size)
        requests = RequestLoader(organisation, result, batch_size=batch_size)
        for count, row in enumerate(source.rows(), start=1):
            result.rows_read += 1
            if count % PROGRESS_EVERY == 0:
                report("importing", source.progress)
            key = issue_key(row)
            if key in first_rows:
                rows = ", ".join(str(r) for r in first_rows[key])
                reason = f"issue key given on rows {rows}; export each issue once"
                result.add_problem(RowProblem(row.row, KEY, reason, key))
                result.rejected += 1
                continue
            record, problems = parse_issue(row)
            for problem in problems:
                result.add_problem(problem)
            if problems:
                result.rejected += 1
            elif isinstance(record, Skipped):
                skipped[record.issue_type] += 1
            elif isinstance(record, RequestRecord):
                requests.add(record)
            else:
                incidents.add(record)
        incidents.flush()
        requests.flush()
    result.skipped = dict(skipped)
    refresh_statistics()
    report("done", 1.0)
    return result


def _first_rows_of_repeated_keys(source: SourceFile, report) -> dict[str, list[int]]:
    """Every key that appears on more than one row, with the rows it appears on."""
    rows_of: dict[str, list[int]] = {}
    report("checking", 0.0)
    for row in source.rows():
        key = issue_key(row)
        if key:
            rows_of.setdefault(key, []).append(row.row)
    report("checking", 1.0)
    return {key: rows for key, rows in rows_of.items() if len(rows) > 1}
