"""How a ServiceNow incident export maps onto Evident's incidents.

An export row is one event (one update) of an incident. ``parse_event`` turns a
row into an ``Event`` or the problems that stop it; ``build_incident`` turns all
the events of one incident into its final state (the event with the highest
``sys_mod_count``, ties to the latest ``sys_updated_at``) and its status history
(one step per change of ``incident_state``, in event order).

Dates carry no time zone in these exports; they are read as UTC.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from evident.operations.models import Incident

from .reader import SourceRow
from .result import RowProblem

FORMAT = "servicenow"
REQUIRED_COLUMNS = (
    "number",
    "incident_state",
    "sys_mod_count",
    "sys_updated_at",
    "opened_at",
    "priority",
)
MISSING = {"", "?"}
UNRECORDED_SERVICE = "Service not recorded in source"
DATE_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")

S = Incident.Status
STATES = {
    "New": S.NEW,
    "Active": S.IN_PROGRESS,
    "Awaiting User Info": S.ON_HOLD,
    "Awaiting Problem": S.ON_HOLD,
    "Awaiting Vendor": S.ON_HOLD,
    "Awaiting Evidence": S.ON_HOLD,
    "Resolved": S.RESOLVED,
    "Closed": S.CLOSED,
}
# ServiceNow writes -100 when an update carried no state: the event still counts
# for its other fields, but it is no step in the status history.
UNRECORDED_STATES = {"-100"}
PRIORITIES = {p.value for p in Incident.Priority}
LEVELS = {level.value for level in Incident.Level}
MAX_LENGTHS = {
    "category": 100,
    "assignment_group": 100,
    "service_name": 200,
    "problem_ref": 64,
    "caused_by_ref": 64,
}


class _Bad(ValueError):
    """A value that cannot be read; the message is the reason shown to the person importing."""


@dataclass(frozen=True)
class Event:
    """One update of an incident as the export recorded it."""

    row: int
    number: str
    source_state: str
    mod_count: int
    updated_at: dt.datetime
    fields: dict

    @property
    def status(self) -> str | None:
        """Our status, or None where the source recorded no state for this update."""
        return STATES.get(self.source_state)


@dataclass(frozen=True)
class StatusStep:
    """One step of the status history to be written as an ``IncidentStatusChange``."""

    status: str
    source_status: str
    changed_at: dt.datetime
    row: int


@dataclass(frozen=True)
class IncidentRecord:
    """An incident ready to write: its ref, field values, history and the rows it came from."""

    number: str
    fields: dict
    history: list[StatusStep]
    first_row: int
    last_row: int


def row_number(row: SourceRow) -> str:
    """The incident a row belongs to, also for rows that cannot otherwise be read."""
    if row.values is None:
        return row.problem.number if row.problem else ""
    return _text(row.values.get("number"))


def parse_event(row: SourceRow) -> tuple[Event | None, list[RowProblem]]:
    """Read one row into an event, or report every column that is wrong in it."""
    if row.values is None:
        return None, [row.problem]
    number = row_number(row)
    problems = []

    def read(column, parser, *args):
        try:
            return parser(row.values.get(column), *args)
        except _Bad as exc:
            problems.append(RowProblem(row.row, column, str(exc), number))
            return None

    if not number:
        problems.append(RowProblem(row.row, "number", "no incident number", ""))
    source_state = read("incident_state", _state)
    mod_count = read("sys_mod_count", _count)
    updated_at = read("sys_updated_at", _date, True)
    fields = {
        "title": _title(row.values, number),
        "service_name": read("cmdb_ci", _limited, "service_name") or UNRECORDED_SERVICE,
        "priority": read("priority", _choice, PRIORITIES, True),
        "impact": read("impact", _choice, LEVELS, False),
        "urgency": read("urgency", _choice, LEVELS, False),
        "category": read("category", _limited, "category"),
        "assignment_group": read("assignment_group", _limited, "assignment_group"),
        "made_sla": read("made_sla", _flag),
        "opened_at": read("opened_at", _date, True),
        "resolved_at": read("resolved_at", _date, False),
        "closed_at": read("closed_at", _date, False),
        "problem_ref": read("problem_id", _limited, "problem_ref"),
        "caused_by_ref": read("caused_by", _limited, "caused_by_ref"),
    }
    if problems:
        return None, problems
    return Event(row.row, number, source_state, mod_count, updated_at, fields), []


def build_incident(events: list[Event]) -> IncidentRecord:
    """The final state and status history of one incident from all of its events."""
    final = max(events, key=lambda e: (e.mod_count, e.updated_at))
    history = []
    for event in sorted(events, key=lambda e: (e.updated_at, e.mod_count)):
        if event.status is None:
            continue
        if history and history[-1].source_status == event.source_state:
            continue
        history.append(StatusStep(event.status, event.source_state, event.updated_at, event.row))
    status = final.status or (history[-1].status if history else Incident.Status.NEW)
    fields = {**final.fields, "status": status}
    rows = [e.row for e in events]
    return IncidentRecord(final.number, fields, history, min(rows), max(rows))


def _text(value) -> str:
    value = "" if value is None else str(value).strip()
    return "" if value in MISSING else value


def _state(value) -> str:
    text = _text(value)
    if text not in STATES and text not in UNRECORDED_STATES:
        raise _Bad(f"unknown incident state {text or value!r}")
    return text


def _count(value) -> int:
    text = _text(value)
    if not text.isdigit():
        raise _Bad(f"not a whole number: {value!r}")
    return int(text)


def _date(value, required: bool) -> dt.datetime | None:
    text = _text(value)
    if not text:
        if required:
            raise _Bad("missing date")
        return None
    moment = _parsed_date(text)
    if moment is None:
        raise _Bad(f"not a date in d/m/YYYY HH:MM form: {text!r}")
    return moment


@functools.lru_cache(maxsize=65_536)
def _parsed_date(text: str) -> dt.datetime | None:
    # An event log repeats each incident's dates in every row of it: parse each text once.
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def _choice(value, allowed: set[int], required: bool) -> int | None:
    """``"3 - Moderate"`` (or ``"3"``) is 3, checked against the allowed levels."""
    text = _text(value)
    if not text:
        if required:
            raise _Bad("missing value")
        return None
    head = text.split(" - ", 1)[0].strip()
    if not head.isdigit() or int(head) not in allowed:
        raise _Bad(f"not one of {sorted(allowed)}: {text!r}")
    return int(head)


def _flag(value) -> bool | None:
    text = _text(value).lower()
    if not text:
        return None
    if text not in ("true", "false"):
        raise _Bad(f"not true or false: {value!r}")
    return text == "true"


def _limited(value, name: str) -> str:
    text = _text(value)
    if len(text) > MAX_LENGTHS[name]:
        raise _Bad(f"longer than {MAX_LENGTHS[name]} characters")
    return text


def _title(values: dict, number: str) -> str:
    """The log has no short description; name the incident by what it was about."""
    head = " / ".join(p for p in (_text(values.get(c)) for c in ("category", "subcategory")) if p)
    symptom = _text(values.get("u_symptom"))
    title = f"{head}: {symptom}" if head and symptom else head or symptom
    return (title or f"Incident {number}")[:200]
