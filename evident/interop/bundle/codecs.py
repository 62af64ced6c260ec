"""How field values are written in a bundle and read back, exactly.

Datetimes are ISO 8601 in UTC with an explicit offset, dates and times ISO,
decimals strings (a float would lose digits), durations ISO 8601. The readers
here are strict: they are also the format checks of the published schema, so
the schema and the importer can never disagree about what a valid value is.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import uuid
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.dateparse import parse_duration
from django.utils.duration import duration_iso_string

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = r"\d{2}:\d{2}:\d{2}(\.\d{1,6})?"
_DATETIME = re.compile(rf"^\d{{4}}-\d{{2}}-\d{{2}}T{_TIME}(Z|[+-]\d{{2}}:\d{{2}})?$")
_TIME_ONLY = re.compile(rf"^{_TIME}$")


def write_datetime(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def read_datetime(text: str) -> dt.datetime:
    if not _DATETIME.match(text):
        raise ValueError("not a valid date-time (expected 2024-05-01T09:30:00+00:00)")
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("not a valid date-time (no such date or time)") from None
    if value.tzinfo is None:
        raise ValueError("not a valid date-time (a UTC offset such as +00:00 or Z is required)")
    return value.astimezone(dt.UTC)


def read_date(text: str) -> dt.date:
    if not _DATE.match(text):
        raise ValueError("not a valid date (expected 2024-05-01)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("not a valid date (no such day)") from None


def read_time(text: str) -> dt.time:
    if not _TIME_ONLY.match(text):
        raise ValueError("not a valid time (expected 09:30:00)")
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise ValueError("not a valid time (no such time of day)") from None


def read_duration(text: str) -> dt.timedelta:
    value = parse_duration(text) if text.lstrip("-").startswith("P") else None
    if value is None:
        raise ValueError("not a valid duration (expected ISO 8601, such as P1DT02H00M00S)")
    return value


def read_uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ValueError("not a valid uuid") from None


def read_decimal(text: str) -> decimal.Decimal:
    try:
        value = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValueError("not a valid decimal") from None
    if not value.is_finite():
        raise ValueError("not a valid decimal")
    return value


def write_decimal(value: decimal.Decimal) -> str:
    # Fixed-point notation: str() would write 1E+1 for some values.
    return format(value, "f")


# Text fields keep "" for "not given"; minLength says when a field must be given.
def check_email(text: str) -> str:
    if not text:
        return text
    try:
        validate_email(text)
    except ValidationError:
        raise ValueError("not a valid email address") from None
    return text


def check_uri(text: str) -> str:
    if not text:
        return text
    try:
        URLValidator()(text)
    except ValidationError:
        raise ValueError("not a valid uri") from None
    return text


def identity(value):
    return value


# A record named inside a JSON value, as the engine and the reports write it:
# {"type": "operations.incident", "id": 42, "ref": "INC000042"}.
REFERENCE_KEYS = frozenset({"type", "id", "ref"})


def is_reference(value) -> bool:
    return (
        isinstance(value, dict)
        and value.keys() == REFERENCE_KEYS
        and isinstance(value["type"], str)
        and isinstance(value["ref"], str)
    )


def write_json(value):
    """A JSON value with its object keys sorted, at every depth.

    PostgreSQL's ``jsonb`` keeps keys in its own order and SQLite in the order
    written, so without sorting the same record would give other bytes on each.
    """
    if isinstance(value, dict):
        return {key: write_json(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [write_json(item) for item in value]
    return value


def without_ids(value):
    """``value`` with the id of each record reference null: ids mean nothing in another database.

    The reference keeps its type and ref, by which an import finds the new id.
    """
    return with_ids(value, lambda label, ref: None)


def with_ids(value, id_of: Callable[[str, str], int | None]):
    """``value`` with the id of each record reference set to ``id_of(type, ref)``."""
    if is_reference(value):
        return {**value, "id": id_of(value["type"], value["ref"])}
    if isinstance(value, dict):
        return {key: with_ids(item, id_of) for key, item in value.items()}
    if isinstance(value, list):
        return [with_ids(item, id_of) for item in value]
    return value


def _iso(value) -> str:
    return value.isoformat()


# kind: (writer to JSON, reader from JSON), for non-null values.
CODECS = {
    "text": (identity, identity),
    "integer": (identity, identity),
    "number": (identity, float),
    "boolean": (identity, identity),
    "json": (write_json, identity),
    "decimal": (write_decimal, read_decimal),
    "date": (_iso, read_date),
    "date-time": (write_datetime, read_datetime),
    "time": (_iso, read_time),
    "duration": (duration_iso_string, read_duration),
    "uuid": (str, read_uuid),
}

# Format name in the schema: the reader that checks it.
FORMAT_READERS = {
    "date": read_date,
    "date-time": read_datetime,
    "time": read_time,
    "duration": read_duration,
    "uuid": read_uuid,
    "email": check_email,
    "uri": check_uri,
}
