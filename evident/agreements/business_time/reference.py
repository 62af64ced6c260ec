"""A deliberately simple reference: walk minute by minute and read the local wall clock.

It shares nothing with the vectorised engine except the calendar spec, so the property
tests and the bench can check the engine against it. A minute counts when the local
wall clock at its first second shows a working time of a working day (the wall-clock
rule described in ``timeline``) and no pause of the ticket covers it. Inputs must be
whole minutes, and the zone's offsets and changes fall on whole minutes, so minute
walking is exact. It is slow on purpose: use it on days or weeks, not years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from evident.agreements.business_time.calendar import BusinessCalendar

MINUTE = 60
_LONGEST_WALK = 5 * 366 * 24 * 60


class MinuteReference:
    """Counts business minutes of one calendar by brute force."""

    def __init__(self, calendar: BusinessCalendar):
        self.calendar = calendar
        self.zone = calendar.zone
        self._known: dict[int, bool] = {}

    def is_working(self, minute: int) -> bool:
        """Whether the minute starting at this epoch second is business time."""
        known = self._known.get(minute)
        if known is None:
            local = dt.datetime.fromtimestamp(minute, self.zone)
            wall = local.hour * 60 + local.minute
            known = not self.calendar.is_day_off(local.date()) and any(
                start <= wall < end for start, end in self.calendar.intervals_on(local.weekday())
            )
            self._known[minute] = known
        return known

    def business_seconds(self, start: int, end: int, pauses: Sequence[tuple[int, int]] = ()):
        """Business seconds from start to end, less the minutes any pause covers."""
        _whole_minutes(start, end, *(edge for pause in pauses for edge in pause))
        counted = 0
        for minute in range(start, end, MINUTE):
            if self.is_working(minute) and not _paused(minute, pauses):
                counted += MINUTE
        return counted

    def deadline(self, start: int, target: int, pauses: Sequence[tuple[int, int]] = ()):
        """The instant the ticket's clock has counted ``target`` business seconds."""
        _whole_minutes(start, target, *(edge for pause in pauses for edge in pause))
        counted, minute = 0, start
        for _ in range(_LONGEST_WALK):
            if counted >= target:
                return minute
            if self.is_working(minute) and not _paused(minute, pauses):
                counted += MINUTE
            minute += MINUTE
        raise ValueError("target: not reached within five years")


def _paused(minute: int, pauses: Sequence[tuple[int, int]]) -> bool:
    return any(begin <= minute < end for begin, end in pauses)


def _whole_minutes(*values: int) -> None:
    if any(int(value) % MINUTE for value in values):
        raise ValueError("the minute-walking reference needs whole-minute instants and targets")
