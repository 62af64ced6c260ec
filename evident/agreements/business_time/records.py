"""From a stored calendar spec (JSON-friendly values) to a ``BusinessCalendar``.

Stores keep a calendar as plain values: a time zone name, working hours as
``{"monday": [["08:00", "17:00"]], ...}``, holidays as ISO dates, yearly holidays as
``"MM-DD"`` and an optional holiday country and subdivision. ``calendar_from_spec``
turns them into the engine's calendar; every ``ValueError`` it raises starts with the
name of the stored field at fault (``working_hours: ...``), so a caller can attach the
message to that field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from evident.agreements.business_time.calendar import BusinessCalendar

# The engine names its inputs; stores name their fields. Engine prefix -> stored field.
ENGINE_TO_STORED = {
    "timezone": "time_zone",
    "hours": "working_hours",
    "holidays": "holidays",
    "yearly_holidays": "yearly_holidays",
    "country": "holiday_country",
    "subdivision": "holiday_subdivision",
}


def calendar_from_spec(
    *,
    time_zone: str,
    working_hours: Mapping,
    holidays: Iterable = (),
    yearly_holidays: Iterable = (),
    holiday_country: str = "",
    holiday_subdivision: str = "",
) -> BusinessCalendar:
    """The engine calendar for a stored spec; ``ValueError("<field>: ...")`` when invalid."""
    if not isinstance(working_hours, Mapping) or not working_hours:
        raise ValueError(
            'working_hours: give the working intervals per weekday, e.g. {"monday": '
            '[["08:00", "17:00"]]}'
        )
    days_off = {
        "holidays": _dates(holidays),
        "yearly_holidays": _month_days(yearly_holidays),
        "country": holiday_country.strip().upper() or None,
        "subdivision": holiday_subdivision.strip() or None,
    }
    try:
        return BusinessCalendar(time_zone, dict(working_hours), **days_off)
    except ValueError as error:
        raise ValueError(_in_stored_words(str(error))) from error


def _in_stored_words(message: str) -> str:
    """Rename the engine's leading field name (``hours[mon]: ...``) to the stored one."""
    head, _, rest = message.partition(":")
    engine_name, bracket, detail = head.partition("[")
    stored = ENGINE_TO_STORED.get(engine_name)
    if stored is None or not rest:
        return message
    where = f"{stored} ({detail.rstrip(']')})" if bracket else stored
    return f"{where}:{rest}"


def _dates(values: Iterable) -> frozenset[dt.date]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValueError("holidays: give a list of dates as YYYY-MM-DD")
    days = set()
    for value in values:
        try:
            days.add(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))
        except ValueError:
            raise ValueError(f"holidays: {value!r} is not a date as YYYY-MM-DD") from None
    return frozenset(days)


def _month_days(values: Iterable) -> frozenset[tuple[int, int]]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValueError("yearly_holidays: give a list of days of the year as MM-DD")
    days = set()
    for value in values:
        month, dash, day = str(value).partition("-")
        if not (dash and month.isdigit() and day.isdigit()):
            raise ValueError(f"yearly_holidays: {value!r} is not a day of the year as MM-DD")
        days.add((int(month), int(day)))
    return frozenset(days)
