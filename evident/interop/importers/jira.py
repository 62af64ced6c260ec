"""How a Jira Service Management CSV export maps onto Evident's incidents and requests.

One row is one issue. Issues of type Incident become incidents, issues of type
Service Request (with or without approvals) become service requests; other
issue types (problems, changes, tasks) are counted as skipped, not imported.
Jira's CSV holds no transition log, so an incident's status history is rebuilt
from what the row does date: created, resolved, and the last change of status
category. Dates without a time zone are read as UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evident.operations.models import Incident, ServiceRequest

from .reader import SourceRow
from .result import RowProblem
from .servicenow import IncidentRecord, StatusStep

KEY = "Issue key"
REQUIRED_COLUMNS = (KEY, "Issue Type", "Summary", "Status", "Created")
SERVICE_COLUMNS = ("Custom field (Affected services)", "Affected services", "Component/s")
GROUP_COLUMNS = ("Custom field (Assignment group)", "Custom field (Team)", "Team")
UNRECORDED_SERVICE = "Service not recorded in source"
DATE_FORMATS = (
    "%d/%b/%y %I:%M %p",  # Jira's default: 22/Nov/26 10:15 AM
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f%z",
    "%Y-%m-%dT%H:%M:%S%z",
)
MAX_LENGTHS = {"Summary": 200, "category": 100, "assignment_group": 100, "service": 200}

INCIDENT_TYPES = {"incident"}
REQUEST_TYPES = {"service request", "service request with approvals", "request"}

S = Incident.Status
INCIDENT_STATUSES = {
    **dict.fromkeys(("open", "new", "to do", "waiting for support", "reopened"), S.NEW),
    **dict.fromkeys(
        ("in progress", "work in progress", "escalated", "investigating", "assigned"),
        S.IN_PROGRESS,
    ),
    **dict.fromkeys(
        ("waiting for customer", "pending", "on hold", "waiting for vendor"), S.ON_HOLD
    ),
    **dict.fromkeys(("resolved", "done", "completed", "fixed"), S.RESOLVED),
    **dict.fromkeys(("closed", "canceled", "cancelled", "declined", "won't do"), S.CLOSED),
}
STATUS_CATEGORIES = {"to do": S.NEW, "in progress": S.IN_PROGRESS, "done": S.RESOLVED}
R = ServiceRequest.Status
REQUEST_STATUSES = {
    S.NEW: R.OPEN,
    S.IN_PROGRESS: R.OPEN,
    S.ON_HOLD: R.OPEN,
    S.RESOLVED: R.FULFILLED,
    S.CLOSED: R.CLOSED,
}
CANCELLED = {"canceled", "cancelled", "declined", "won't do"}

P = Incident.Priority
PRIORITIES = {
    **dict.fromkeys(("highest", "critical", "blocker", "p1"), P.CRITICAL),
    **dict.fromkeys(("high", "major", "p2"), P.HIGH),
    **dict.fromkeys(("medium", "moderate", "p3"), P.MODERATE),
    **dict.fromkeys(("low", "lowest", "minor", "trivial", "p4", "p5"), P.LOW),
}
L = Incident.Level
IMPACTS = {"extensive": L.HIGH, "significant": L.MEDIUM, "moderate": L.MEDIUM, "minor": L.LOW}
URGENCIES = {"critical": L.HIGH, "high": L.HIGH, "medium": L.MEDIUM, "low": L.LOW}


class _Bad(ValueError):
    """A value that cannot be read; the message is the reason shown to the person importing."""


@dataclass(frozen=True)
class RequestRecord:
    """A service request ready to write: its ref (the issue key) and field values."""

    number: str
    fields: dict
    row: int


@dataclass(frozen=True)
class Skipped:
    """An issue of a type Evident does not import from Jira."""

    issue_type: str


def issue_key(row: SourceRow) -> str:
    if row.values is None:
        return row.problem.number if row.problem else ""
    return (row.values.get(KEY) or "").strip()


def parse_issue(row: SourceRow) -> tuple[IncidentRecord | RequestRecord | Skipped | None, list]:
    """Read one row into the record it describes, or report every column that is wrong."""
    if row.values is None:
        return None, [row.problem]
    key = issue_key(row)
    problems: list[RowProblem] = []

    def read(column, parser, *args):
        try:
            return parser(row.values.get(column), *args)
        except _Bad as exc:
            problems.append(RowProblem(row.row, column, str(exc), key))
            return None

    if not key:
        problems.append(RowProblem(row.row, KEY, "no issue key", ""))
    raw_type = _text(row.values.get("Issue Type"))
    kind = raw_type.lower().removeprefix("[system]").strip()
    if kind not in INCIDENT_TYPES | REQUEST_TYPES:
        return (Skipped(raw_type or "(none)"), problems) if not problems else (None, problems)
    title = read("Summary", _limited, "Summary", True)
    status_text = _text(row.values.get("Status")).lower()
    status = read("Status", _status, _text(row.values.get("Status Category")))
    created = read("Created", _date, True)
    resolved = read("Resolved", _date, False)
    category_changed = read("Status Category Changed", _date, False)
    service = _first(row.values, SERVICE_COLUMNS)
    if len(service) > MAX_LENGTHS["service"]:
        problems.append(RowProblem(row.row, "service", "longer than 200 characters", key))
    if created and resolved and resolved < created:
        problems.append(RowProblem(row.row, "Resolved", "is before Created", key))
    if kind in REQUEST_TYPES:
        if problems:
            return None, problems
        request_status = R.CANCELLED if status_text in CANCELLED else REQUEST_STATUSES[status]
        done = request_status in (R.FULFILLED, R.CLOSED)
        fields = {
            "title": title,
            "service_name": service or UNRECORDED_SERVICE,
            "status": request_status,
            "opened_at": created,
            "fulfilled_at": resolved if done else None,
        }
        return RequestRecord(key, fields, row.row), []
    fields = {
        "title": title,
        "service_name": service or UNRECORDED_SERVICE,
        "priority": read("Priority", _lookup, PRIORITIES, True),
        "impact": read("Custom field (Impact)", _lookup, IMPACTS, False),
        "urgency": read("Custom field (Urgency)", _lookup, URGENCIES, False),
        "category": read("Custom field (Request Type)", _limited, "category", False),
        "assignment_group": _group(row.values, problems, row.row, key),
        "made_sla": None,
        "status": status,
        "opened_at": created,
        "resolved_at": resolved if status in (S.RESOLVED, S.CLOSED) else None,
        "closed_at": None,
        # Jira links issues to problems and changes by issue links, not read here.
        "problem_ref": "",
        "caused_by_ref": "",
    }
    if problems:
        return None, problems
    history = _history(fields, _text(row.values.get("Status")), category_changed, row.row)
    if status == S.CLOSED:
        fields["closed_at"] = history[-1].changed_at
    return IncidentRecord(key, fields, history, row.row, row.row), []


def _history(fields: dict, source_status: str, category_changed, row: int) -> list[StatusStep]:
    """Created, then resolved, then the final status where the row dates it."""
    steps = [StatusStep(S.NEW, "Created", fields["opened_at"], row)]
    if fields["resolved_at"]:
        steps.append(StatusStep(S.RESOLVED, "Resolved", fields["resolved_at"], row))
    final, last = fields["status"], steps[-1]
    if final != last.status:
        dated = category_changed is not None and category_changed >= last.changed_at
        when = category_changed if dated else None
        if final == S.CLOSED and when is None:
            when = last.changed_at  # closed with no later date: closed when resolved
        if when is not None:
            steps.append(StatusStep(final, source_status, when, row))
    return steps


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _first(values: dict, columns: tuple[str, ...]) -> str:
    for column in columns:
        text = _text(values.get(column))
        if text:
            return text
    return ""


def _group(values: dict, problems: list, row: int, key: str) -> str:
    group = _first(values, GROUP_COLUMNS)
    if len(group) > MAX_LENGTHS["assignment_group"]:
        problems.append(RowProblem(row, "assignment group", "longer than 100 characters", key))
    return group


def _status(value, category: str) -> str:
    text = _text(value).lower()
    if text in INCIDENT_STATUSES:
        return INCIDENT_STATUSES[text]
    if category.lower() in STATUS_CATEGORIES:
        return STATUS_CATEGORIES[category.lower()]
    raise _Bad(f"unknown status {_text(value)!r} and no known Status Category")


def _date(value, required: bool) -> dt.datetime | None:
    text = _text(value)
    if not text:
        if required:
            raise _Bad("missing date")
        return None
    for fmt in DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    raise _Bad(f"not a date Jira writes (e.g. 22/Nov/26 10:15 AM or 2026-11-22 10:15): {text!r}")


def _lookup(value, table: dict, required: bool):
    """A named level: the word before any ' / ' (``Extensive / Widespread``), case aside."""
    text = _text(value)
    if not text:
        if required:
            raise _Bad("missing value")
        return None
    word = text.split(" / ", 1)[0].split(" - ", 1)[0].strip().lower()
    if word not in table:
        raise _Bad(f"not one of {', '.join(sorted(table))}: {text!r}")
    return table[word]


def _limited(value, name: str, required: bool) -> str:
    text = _text(value)
    if required and not text:
        raise _Bad("missing value")
    if len(text) > MAX_LENGTHS[name]:
        raise _Bad(f"longer than {MAX_LENGTHS[name]} characters")
    return text
