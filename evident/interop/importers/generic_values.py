"""Reading one cell of a user's spreadsheet as the value of a record field.

Cells come as text (CSV) or as Excel's own values (numbers, dates, booleans).
Dates are read by the mapping's declared format, as ISO 8601, or as day/month/
year or month/day/year: which of the two a column uses is settled from all of
its values in the first pass (``ColumnProfile``), and a column that never
shows a day above 12 is refused rather than guessed. Decimals take a point or
a comma, declared or seen in the column. Datetimes without an offset are UTC,
as in the pages.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass

from .generic_mapping import MappingSpec, TargetField
from .result import ImportRefused

NUMERIC_DATE = re.compile(
    r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
THOUSANDS_ONLY = re.compile(r"^-?\d{1,3}([.,])\d{3}$")
TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0"})
SHOWN_CHOICES = 12


class CellError(ValueError):
    """A cell that cannot become its field's value; the message says why."""


@dataclass
class Reading:
    """How one column is read, once the first pass has seen it whole."""

    day_first: bool | None = None
    decimal_separator: str = "."


class ColumnProfile:
    """What the first pass saw in one date or decimal column: evidence of its conventions."""

    def __init__(self, heading: str, kind: str):
        self.heading = heading
        self.kind = kind
        self.day_first_at: tuple[int, str] | None = None
        self.month_first_at: tuple[int, str] | None = None
        self.ambiguous_at: tuple[int, str] | None = None
        self.comma_at: tuple[int, str] | None = None
        self.point_at: tuple[int, str] | None = None

    def see(self, row: int, raw) -> None:
        if not isinstance(raw, str) or not raw.strip():
            return
        text = raw.strip()
        if self.kind in ("date", "date-time"):
            self._see_date(row, text)
        else:
            self._see_number(row, text)

    def _see_date(self, row: int, text: str) -> None:
        match = NUMERIC_DATE.match(text)
        if not match:
            return
        first, second = int(match[1]), int(match[3])
        if first > 12 and self.day_first_at is None:
            self.day_first_at = (row, text)
        elif second > 12 and self.month_first_at is None:
            self.month_first_at = (row, text)
        elif first != second and self.ambiguous_at is None:
            self.ambiguous_at = (row, text)

    def _see_number(self, row: int, text: str) -> None:
        text = text.replace(" ", "").replace("\u00a0", "")
        if THOUSANDS_ONLY.match(text):
            return  # 1,234 or 1.234: a thousands separator or a decimal one
        last = max(text.rfind(","), text.rfind("."))
        if last < 0:
            return
        if text[last] == "," and self.comma_at is None:
            self.comma_at = (row, text)
        elif text[last] == "." and self.point_at is None:
            self.point_at = (row, text)


def settle(profiles: list[ColumnProfile], spec: MappingSpec) -> dict[str, Reading]:
    """Each column's reading; a column that mixes conventions or cannot be settled is refused.

    A column that shows no convention of its own takes the one the rest of the
    file shows, when the file agrees with itself.
    """
    for p in profiles:
        if p.day_first_at and p.month_first_at:
            raise ImportRefused(
                f"column {p.heading!r} mixes day-first dates (row {p.day_first_at[0]}: "
                f"{p.day_first_at[1]}) and month-first dates (row {p.month_first_at[0]}: "
                f"{p.month_first_at[1]}); make them one order or declare date_format"
            )
        if p.comma_at and p.point_at and not spec.decimal_separator:
            raise ImportRefused(
                f"column {p.heading!r} has decimal commas (row {p.comma_at[0]}: {p.comma_at[1]}) "
                f"and decimal points (row {p.point_at[0]}: {p.point_at[1]}); make them one "
                "or declare decimal_separator"
            )
    day_first = _file_wide(profiles, "day_first_at", "month_first_at")
    comma = _file_wide(profiles, "comma_at", "point_at")
    readings = {}
    for p in profiles:
        reading = Reading()
        if p.kind in ("date", "date-time"):
            reading.day_first = _own(p.day_first_at, p.month_first_at, day_first)
            if reading.day_first is None and p.ambiguous_at and not spec.date_format:
                row, text = p.ambiguous_at
                raise ImportRefused(
                    f"column {p.heading!r}: a date such as {text} (row {row}) could be "
                    "day-first or month-first and no date in the file settles it; declare "
                    "date_format in the mapping, e.g. %d/%m/%Y"
                )
        else:
            own = _own(p.comma_at, p.point_at, comma)
            declared = spec.decimal_separator
            reading.decimal_separator = declared or ("," if own else ".")
        readings[p.heading] = reading
    return readings


def _own(yes, no, file_wide):
    if yes:
        return True
    if no:
        return False
    return file_wide


def _file_wide(profiles, yes: str, no: str) -> bool | None:
    says_yes = any(getattr(p, yes) for p in profiles)
    says_no = any(getattr(p, no) for p in profiles)
    return None if says_yes == says_no else says_yes


class CellReader:
    """Turns cells into field values by the mapping's declared options and the settled readings."""

    def __init__(self, spec: MappingSpec, readings: dict[str, Reading]):
        self.spec = spec
        self.readings = readings

    def read(self, target: TargetField, heading: str, raw):
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return blank_value(target)
        reading = self.readings.get(heading, Reading())
        kind = target.kind
        if target.is_link:
            text = cell_text(raw).strip()
            return _split_names(text) if target.many else text
        if target.choices:
            return _choice(target, raw)
        if kind == "boolean":
            return _boolean(raw)
        if kind == "integer":
            return _integer(raw, reading)
        if kind in ("decimal", "number"):
            value = _decimal(raw, reading)
            return float(value) if kind == "number" else value
        if kind == "date":
            return self._moment(raw, reading, want_date=True)
        if kind == "date-time":
            return self._moment(raw, reading, want_date=False)
        return cell_text(raw).strip()

    def _moment(self, raw, reading: Reading, *, want_date: bool):
        if isinstance(raw, dt.datetime):
            moment = raw
        elif isinstance(raw, dt.date):
            moment = dt.datetime.combine(raw, dt.time())
        elif isinstance(raw, str):
            moment = self._parse_moment(raw.strip(), reading)
        else:
            raise CellError(f"{raw!r} is not a date")
        if want_date:
            return moment.date()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC)

    def _parse_moment(self, text: str, reading: Reading) -> dt.datetime:
        declared = self.spec.date_format
        if declared:
            for pattern in (declared, f"{declared} %H:%M", f"{declared} %H:%M:%S"):
                try:
                    return dt.datetime.strptime(text, pattern)
                except ValueError:
                    continue
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            pass
        match = NUMERIC_DATE.match(text)
        if not match:
            expected = f"{declared} or " if declared else ""
            raise CellError(f"{text!r} is not a date ({expected}2024-05-01 or 01/05/2024 expected)")
        return _numeric_moment(match, text, reading.day_first)


def _numeric_moment(match, text: str, day_first: bool | None) -> dt.datetime:
    first, second, year = int(match[1]), int(match[3]), int(match[4])
    if day_first is None and first != second:
        raise CellError(f"{text!r} could be day-first or month-first; declare date_format")
    day, month = (first, second) if day_first in (True, None) else (second, first)
    if len(match[4]) == 2:
        year += 2000 if year < 70 else 1900
    hour, minute, second_ = (int(match[i] or 0) for i in (5, 6, 7))
    try:
        return dt.datetime(year, month, day, hour, minute, second_)
    except ValueError:
        raise CellError(f"{text!r} is not a real date or time") from None


def blank_value(target: TargetField):
    """What an empty cell means: nothing, where the field allows nothing; else its default."""
    field = target.field
    if target.many:
        return []
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    if field.blank and field.empty_strings_allowed:
        return ""
    raise CellError("is required")


def cell_text(raw) -> str:
    """A cell as text; Excel's whole numbers without their .0."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime | dt.date):
        return raw.isoformat()
    return str(raw)


def _split_names(text: str) -> list[str]:
    """Several linked records in one cell: separated by semicolons or line breaks."""
    return [name.strip() for name in re.split(r"[;\n]", text) if name.strip()]


def _choice(target: TargetField, raw):
    text = cell_text(raw).strip().casefold()
    for value, label in target.choices:
        if text in (str(value).casefold(), str(label).casefold()):
            return value
    shown = ", ".join(str(value) for value, _ in target.choices[:SHOWN_CHOICES])
    more = " ..." if len(target.choices) > SHOWN_CHOICES else ""
    raise CellError(f"unknown value {cell_text(raw).strip()!r}; one of: {shown}{more}")


def _boolean(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = cell_text(raw).strip().casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(f"{cell_text(raw).strip()!r} is not yes or no (yes/no, true/false, 1/0)")


def _integer(raw, reading: Reading) -> int:
    value = _decimal(raw, reading)
    if value != value.to_integral_value():
        raise CellError(f"{cell_text(raw).strip()!r} is not a whole number")
    return int(value)


def _decimal(raw, reading: Reading) -> decimal.Decimal:
    if isinstance(raw, bool):
        raise CellError(f"{raw!r} is not a number")
    if isinstance(raw, int | float):
        return decimal.Decimal(repr(raw)) if isinstance(raw, float) else decimal.Decimal(raw)
    text = cell_text(raw).strip().replace(" ", "").replace("\u00a0", "")
    separator = reading.decimal_separator
    thousands = "." if separator == "," else ","
    normal = text.replace(thousands, "").replace(separator, ".")
    try:
        value = decimal.Decimal(normal)
    except decimal.InvalidOperation:
        raise CellError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise CellError(f"{text!r} is not a number")
    return value
