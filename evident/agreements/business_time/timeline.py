"""The cumulative business-time function F(t) of one calendar over a horizon.

F(t) is the number of business seconds from the start of the horizon to the instant t
(UTC epoch seconds). It is stored as the sorted, disjoint working intervals of the
horizon in UTC, ``starts[i] < ends[i] <= starts[i + 1]``, and the business seconds
``before[i]`` accumulated before interval i. Evaluating F, or its inverse, for a whole
array of instants is one ``np.searchsorted`` and a little arithmetic.

Daylight saving (the wall-clock rule): a real instant is business time when the local
wall clock shows a working time of a working day at that instant. Hence

* a working interval that contains a skipped hour is shorter that day, and one that
  contains a repeated hour is longer (both passes of the repeated hour count);
* a boundary that falls in a skipped hour (does not exist locally) takes effect at the
  moment of the change, the first instant whose wall-clock time is past it;
* a boundary that falls in a repeated hour (is ambiguous) applies on both passes, so
  "00:00-01:30" on a night the clock goes back from 02:00 to 01:00 is worked until the
  first 01:30 and again from the second 01:00 to the second 01:30.

This is stricter than converting each boundary with ``fold=0``, which would count the
wall-clock times 02:00-02:30 of a skipped hour as working for "00:30-01:30"; the
minute-walking reference (``reference``) counts by the same rule.

Construction: the working intervals are laid out in local "naive" seconds (local date and
time read as if UTC), then mapped to UTC for each stretch of constant UTC offset: within a
stretch, local = utc + offset, so a local interval [a, b) is the UTC interval
[a - offset, b - offset) clipped to the stretch. Offset changes are found by sampling the
zone every six hours and bisecting to the exact second where it changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from evident.agreements.business_time.calendar import BusinessCalendar

DAY = 86_400
_SAMPLE_STEP = 6 * 3600
_FAR = np.iinfo(np.int64).max // 4


@dataclass(frozen=True, eq=False)
class Timeline:
    """F(t) for one calendar between ``first`` and ``last`` (UTC epoch seconds)."""

    calendar: BusinessCalendar
    first: int
    last: int
    starts: np.ndarray
    ends: np.ndarray
    before: np.ndarray

    @classmethod
    def build(cls, calendar: BusinessCalendar, first: int, last: int) -> Timeline:
        """Lay out every working interval that touches [first, last]."""
        first, last = int(first), int(last)
        if last < first:
            raise ValueError("last: the horizon ends before it starts")
        local_starts, local_ends = _local_working_intervals(calendar, first, last)
        utc_starts, utc_ends = _to_utc(calendar, local_starts, local_ends)
        starts, ends = _join_touching(utc_starts, utc_ends)
        lengths = ends - starts
        before = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
        return cls(calendar, first, last, starts, ends, before)

    @property
    def total(self) -> int:
        """Business seconds in the laid-out intervals."""
        return int(self.before[-1] + self.ends[-1] - self.starts[-1]) if len(self.starts) else 0

    def covers(self, instants: np.ndarray) -> bool:
        return bool(
            len(instants) == 0 or (instants.min() >= self.first and instants.max() <= self.last)
        )

    def seconds_at(self, instants) -> np.ndarray:
        """F(t): business seconds from the horizon's origin to each instant."""
        instants = np.asarray(instants, dtype=np.int64)
        if not self.covers(instants):
            raise ValueError("instants: some fall outside the timeline's horizon")
        if len(self.starts) == 0:
            return np.zeros_like(instants)
        index = np.searchsorted(self.starts, instants, side="right") - 1
        inside = index >= 0
        safe = np.maximum(index, 0)
        into = np.clip(instants - self.starts[safe], 0, self.ends[safe] - self.starts[safe])
        return np.where(inside, self.before[safe] + into, 0)

    def instant_at(self, seconds) -> np.ndarray:
        """The inverse of F: the earliest instant at which F reaches each value.

        Values at or below zero give the first working instant at the latest; values
        beyond ``total`` cannot be reached inside the horizon and raise.
        """
        seconds = np.asarray(seconds, dtype=np.int64)
        if len(seconds) and seconds.max(initial=0) > self.total:
            raise ValueError("seconds: beyond the business time of the timeline's horizon")
        if len(self.starts) == 0:
            return np.full_like(seconds, self.first)
        reached = self.before + (self.ends - self.starts)
        index = np.searchsorted(reached, seconds, side="left")
        return self.starts[index] + np.maximum(seconds - self.before[index], 0)


def _local_working_intervals(calendar: BusinessCalendar, first: int, last: int):
    """Working intervals in local naive seconds for every local date the horizon touches.

    A local date is at most 14 hours from its UTC date, so one spare day each side is
    enough to cover every instant of the horizon.
    """
    first_day = dt.datetime.fromtimestamp(first, dt.UTC).date() - dt.timedelta(days=1)
    last_day = dt.datetime.fromtimestamp(last, dt.UTC).date() + dt.timedelta(days=1)
    days = np.arange(
        np.datetime64(first_day, "D"), np.datetime64(last_day, "D") + 1, dtype="datetime64[D]"
    )
    day_numbers = days.astype(np.int64)
    weekdays = (day_numbers + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    off = np.array(sorted(calendar.days_off(first_day, last_day)), dtype="datetime64[D]")
    working = ~np.isin(days, off)
    starts, ends = [], []
    for weekday in range(7):
        midnights = day_numbers[working & (weekdays == weekday)] * DAY
        for start, end in calendar.intervals_on(weekday):
            starts.append(midnights + start * 60)
            ends.append(midnights + end * 60)
    starts = np.concatenate(starts) if starts else np.empty(0, np.int64)
    ends = np.concatenate(ends) if ends else np.empty(0, np.int64)
    order = np.argsort(starts, kind="stable")
    return starts[order], ends[order]


def _to_utc(calendar: BusinessCalendar, local_starts: np.ndarray, local_ends: np.ndarray):
    """Map local naive intervals to UTC by the wall-clock rule, stretch by stretch."""
    if len(local_starts) == 0:
        return local_starts, local_ends
    # Offsets are under a day, so the UTC preimage lies within a day of the local span.
    lo, hi = int(local_starts[0]) - DAY, int(local_ends.max()) + DAY
    changes, offsets = _offset_stretches(calendar, lo, hi)
    bounds = np.concatenate(([-_FAR], changes, [_FAR]))
    pieces_start, pieces_end = [], []
    for stretch, offset in enumerate(offsets):
        begin = np.maximum(local_starts - offset, bounds[stretch])
        end = np.minimum(local_ends - offset, bounds[stretch + 1])
        kept = end > begin
        pieces_start.append(begin[kept])
        pieces_end.append(end[kept])
    return np.concatenate(pieces_start), np.concatenate(pieces_end)


def _offset_stretches(calendar: BusinessCalendar, lo: int, hi: int):
    """The instants in [lo, hi] where the zone's UTC offset changes, and the offsets.

    Returns ``changes`` (n) and ``offsets`` (n + 1): offsets[k] holds before changes[k]
    and after changes[k - 1].
    """
    zone = calendar.zone
    samples = list(range(lo, hi + _SAMPLE_STEP, _SAMPLE_STEP))
    sampled = [_offset(zone, instant) for instant in samples]
    changes, offsets = [], [sampled[0]]
    for k in range(1, len(samples)):
        if sampled[k] != sampled[k - 1]:
            changes.append(_change_between(zone, samples[k - 1], samples[k]))
            offsets.append(sampled[k])
    return np.array(changes, dtype=np.int64), np.array(offsets, dtype=np.int64)


def _offset(zone, instant: int) -> int:
    return int(dt.datetime.fromtimestamp(instant, zone).utcoffset().total_seconds())


def _change_between(zone, before: int, after: int) -> int:
    """The first second with the new offset, by bisection (one change per sample step)."""
    old = _offset(zone, before)
    while after - before > 1:
        middle = (before + after) // 2
        if _offset(zone, middle) == old:
            before = middle
        else:
            after = middle
    return after


def _join_touching(starts: np.ndarray, ends: np.ndarray):
    """Join intervals that touch (a day ending at 24:00 and the next starting at 00:00)."""
    if len(starts) == 0:
        return starts.astype(np.int64), ends.astype(np.int64)
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    opens = np.concatenate(([True], starts[1:] != ends[:-1]))
    closes = np.concatenate((opens[1:], [True]))
    return starts[opens].astype(np.int64), ends[closes].astype(np.int64)
