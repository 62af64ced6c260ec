"""The SLA calendar: when the business clock runs, in the customer's local wall-clock time.

A calendar names an IANA time zone, the working intervals of each weekday in local
wall-clock time (several per day, ending at 24:00 if need be, so 24x7 is expressible),
and the whole local days off: dated holidays, yearly holidays (month and day) and the
public holidays of a country (optionally a subdivision) from the ``holidays`` library.

Working intervals are whole minutes. How local times map to real instants across
daylight-saving changes is the timeline's business (see ``timeline``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_library

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")

# One working interval as minutes after local midnight: (start, end), end up to 1440.
Interval = tuple[int, int]


def _minutes(value: str | dt.time, where: str) -> int:
    """Minutes after midnight of a wall-clock time given as "HH:MM" or a ``time``."""
    if isinstance(value, dt.time):
        if value.second or value.microsecond:
            raise ValueError(f"{where}: {value} is not a whole minute")
        return value.hour * 60 + value.minute
    match = _CLOCK.match(str(value).strip())
    if not match:
        raise ValueError(f"{where}: {value!r} is not a time of day like 08:30")
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"{where}: {value!r} is not a time of day between 00:00 and 24:00")
    return hours * 60 + minutes


def _interval(value, where: str) -> Interval:
    """Parse "08:00-12:00" or ("08:00", "12:00") into minutes, checking its order."""
    if isinstance(value, str):
        parts = value.split("-")
        if len(parts) != 2:
            raise ValueError(f"{where}: {value!r} is not an interval like 08:00-12:00")
    else:
        parts = list(value)
        if len(parts) != 2:
            raise ValueError(f"{where}: {value!r} is not a (start, end) pair")
    start, end = _minutes(parts[0], where), _minutes(parts[1], where)
    if end <= start:
        raise ValueError(f"{where}: {_clock(start)}-{_clock(end)} ends before it starts")
    return start, end


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _day_intervals(values: Iterable, day: str) -> tuple[Interval, ...]:
    """A weekday's intervals, sorted; touching ones are joined, overlapping ones refused."""
    where = f"hours[{day}]"
    intervals = sorted(_interval(value, where) for value in values)
    joined: list[Interval] = []
    for start, end in intervals:
        if joined and start < joined[-1][1]:
            previous = joined[-1]
            raise ValueError(
                f"{where}: {_clock(start)}-{_clock(end)} overlaps "
                f"{_clock(previous[0])}-{_clock(previous[1])}"
            )
        if joined and start == joined[-1][1]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return tuple(joined)


def _weekday(key) -> int:
    """Monday 0 from 0-6, "mon".."sun" or full English day names."""
    if isinstance(key, int) and not isinstance(key, bool) and 0 <= key <= 6:
        return key
    if isinstance(key, str) and key.lower() in WEEKDAYS + _DAY_NAMES:
        return (WEEKDAYS + _DAY_NAMES).index(key.lower()) % 7
    raise ValueError(f"hours: {key!r} is not a weekday")


def _week(hours) -> tuple[tuple[Interval, ...], ...]:
    """Normalise a mapping (weekday name or 0-6 to intervals) or a 7-item sequence."""
    if isinstance(hours, Mapping):
        by_day: dict[int, Iterable] = {}
        for key, values in hours.items():
            by_day[_weekday(key)] = [values] if isinstance(values, str) else values
        days = [by_day.get(index, ()) for index in range(7)]
    elif isinstance(hours, Sequence) and len(hours) == 7:
        days = [[day] if isinstance(day, str) else day for day in hours]
    else:
        raise ValueError("hours: give a mapping of weekdays or seven days, Monday first")
    week = tuple(_day_intervals(day, WEEKDAYS[i]) for i, day in enumerate(days))
    if not any(week):
        raise ValueError("hours: the week has no working time")
    return week


@lru_cache(maxsize=256)
def _public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    """The library's holidays of one year, observed substitute days included."""
    return frozenset(holiday_library.country_holidays(country, subdiv=subdivision, years=year))


@dataclass(frozen=True)
class BusinessCalendar:
    """When an SLA's clock runs: local working hours per weekday, less whole days off.

    ``hours`` maps weekdays ("mon".."sun" or 0-6, Monday 0) to working intervals such as
    ``["08:00-12:00", "13:00-17:30"]``; a seven-item sequence (Monday first) also works.
    It is stored normalised as seven tuples of (start, end) minutes after midnight.
    """

    timezone: str
    hours: object
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    yearly_holidays: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    country: str | None = None
    subdivision: str | None = None

    def __post_init__(self):
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
            raise ValueError(f"timezone: unknown time zone {self.timezone!r}") from error
        object.__setattr__(self, "hours", _week(self.hours))
        object.__setattr__(self, "holidays", self._dated(self.holidays))
        object.__setattr__(self, "yearly_holidays", self._yearly(self.yearly_holidays))
        self._check_country()

    @classmethod
    def round_the_clock(cls, timezone: str, **days_off) -> BusinessCalendar:
        """A 24x7 calendar; days off, if given, still stop the clock."""
        return cls(timezone, {day: ["00:00-24:00"] for day in WEEKDAYS}, **days_off)

    @classmethod
    def weekdays(cls, timezone: str, *intervals: str, **days_off) -> BusinessCalendar:
        """The same working intervals Monday to Friday, weekends off."""
        return cls(timezone, {day: list(intervals) for day in WEEKDAYS[:5]}, **days_off)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def intervals_on(self, weekday: int) -> tuple[Interval, ...]:
        """Working intervals (minutes after midnight) of a weekday, Monday 0."""
        return self.hours[weekday]

    def is_day_off(self, day: dt.date) -> bool:
        """Whether a local date is a holiday of any of the three kinds."""
        return (
            day in self.holidays
            or (day.month, day.day) in self.yearly_holidays
            or (self.country is not None and day in self._country_days(day.year))
        )

    def days_off(self, first: dt.date, last: dt.date) -> frozenset[dt.date]:
        """Every local day off from ``first`` to ``last`` inclusive."""
        years = range(first.year, last.year + 1)
        found = {day for day in self.holidays if first <= day <= last}
        for year in years:
            for month, day in self.yearly_holidays:
                if month == 2 and day == 29 and not _is_leap(year):
                    continue
                found.add(dt.date(year, month, day))
            if self.country is not None:
                found.update(self._country_days(year))
        return frozenset(day for day in found if first <= day <= last)

    def weekly_seconds(self) -> int:
        """Business seconds in a week without holidays or clock changes."""
        return sum(end - start for day in self.hours for start, end in day) * 60

    def _country_days(self, year: int) -> frozenset[dt.date]:
        return _public_holidays(self.country, self.subdivision, year)

    def _check_country(self) -> None:
        if self.country is None:
            if self.subdivision is not None:
                raise ValueError("subdivision: given without a country")
            return
        try:
            holiday_library.country_holidays(self.country, subdiv=self.subdivision, years=2024)
        except NotImplementedError as error:
            if self.subdivision is not None and "subdivision" in str(error):
                raise ValueError(
                    f"subdivision: {self.subdivision!r} is not a subdivision of {self.country}"
                ) from error
            raise ValueError(f"country: unknown holiday country {self.country!r}") from error

    @staticmethod
    def _dated(values) -> frozenset[dt.date]:
        days = frozenset(values)
        for day in days:
            if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
                raise ValueError(f"holidays: {day!r} is not a date")
        return days

    @staticmethod
    def _yearly(values) -> frozenset[tuple[int, int]]:
        days = frozenset(tuple(value) for value in values)
        for value in days:
            try:
                dt.date(2000, *value)  # a leap year, so 29 February is allowed
            except (TypeError, ValueError) as error:
                raise ValueError(
                    f"yearly_holidays: {value!r} is not a (month, day) of the year"
                ) from error
        return days


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
