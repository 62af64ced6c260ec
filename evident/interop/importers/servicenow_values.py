"""Reading the values of one ServiceNow row, collecting every problem rather than the first.

Display values are what exports carry: ``"3 - Moderate"``, ``"Approved"``,
``"Depends on::Used by"``. A choice is matched without regard to case, and a
leading ``"N - "`` is dropped so that either the display value or the number-and-label
form reads the same.
"""

from __future__ import annotations

import datetime as dt

from .reader import SourceRow
from .result import RowProblem
from .servicenow import _Bad, _date, _flag, _text

DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class RowValues:
    """The values of one row; each reader notes a ``RowProblem`` instead of raising."""

    def __init__(self, row: SourceRow, key: str):
        self.row = row
        self.key = key
        self.problems: list[RowProblem] = []

    def problem(self, column: str | None, reason: str) -> None:
        self.problems.append(RowProblem(self.row.row, column, reason, self.key))

    def text(self, column: str, limit: int | None = None, required: bool = False) -> str:
        value = _text(self.row.values.get(column))
        if required and not value:
            self.problem(column, "missing value")
        elif limit is not None and len(value) > limit:
            self.problem(column, f"longer than {limit} characters")
        return value

    def first(self, *columns: str, limit: int = 200) -> str:
        """The first of ``columns`` that has a value (a reference's display name)."""
        for column in columns:
            value = self.text(column, limit)
            if value:
                return value
        return ""

    def date(self, column: str, required: bool = False):
        return self._read(column, _moment, required)

    def flag(self, column: str) -> bool | None:
        return self._read(column, _flag)

    def choice(self, column: str, choices: dict[str, str], required: bool = True):
        """The value ``choices`` gives the display value in ``column`` (keys in lower case)."""
        text = _text(self.row.values.get(column))
        if not text:
            if required:
                self.problem(column, "missing value")
            return None
        label = text.split(" - ", 1)[1] if _numbered(text) else text
        for candidate in (text.lower(), label.strip().lower()):
            if candidate in choices:
                return choices[candidate]
        known = ", ".join(sorted({k.title() for k in choices if not k.lstrip("-").isdigit()}))
        self.problem(column, f"unknown value {text!r}; expected one of {known}")
        return None

    def _read(self, column: str, parser, *args):
        try:
            return parser(self.row.values.get(column), *args)
        except _Bad as exc:
            self.problem(column, str(exc))
            return None


def _moment(value, required: bool) -> dt.datetime | None:
    """A date and time as ``_date`` reads it, or a calendar date (``review_date``) at 00:00 UTC."""
    text = _text(value)
    for fmt in DAY_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return _date(value, required)


def _numbered(text: str) -> bool:
    head, sep, _ = text.partition(" - ")
    return bool(sep) and head.strip().lstrip("-").isdigit()


def unreadable(row: SourceRow) -> list[RowProblem] | None:
    """The problem of a row the reader could not split into values, if it is one."""
    if row.values is None:
        return [row.problem]
    return None
