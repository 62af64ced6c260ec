"""The vectorised SLA clock agrees, to the second, with a minute-by-minute walk.

Random calendars (24x7, office hours with lunch, arbitrary intervals including the small
hours when clocks change), random days off of all three kinds, random pauses (overlapping,
touching, partly or wholly outside their ticket) and tickets placed around the daylight
saving changes of four zones. Seeds are fixed, so a failure replays exactly.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from evident.agreements.business_time import (
    BusinessCalendar,
    Pauses,
    breaches,
    business_seconds,
    deadlines,
)
from evident.agreements.business_time.calendar import WEEKDAYS
from evident.agreements.business_time.reference import MinuteReference

MINUTE, HOUR, DAY = 60, 3600, 86_400

# Each zone with the local dates of the windows the tickets are drawn from: both clock
# changes of 2024 (Lord Howe moves by 30 minutes), Easter and the turn of the year.
ZONES = {
    "Europe/London": ("GB", "ENG", ["2024-03-27", "2024-10-23", "2024-12-22"]),
    "America/New_York": ("US", "NY", ["2024-03-06", "2024-10-30", "2024-12-22"]),
    "Australia/Lord_Howe": ("AU", "NSW", ["2024-04-03", "2024-10-02", "2024-12-22"]),
    "Asia/Kolkata": ("IN", None, ["2024-03-27", "2024-08-10", "2024-12-22"]),
}
WINDOW_DAYS = 9

# Times of day where clocks change somewhere above, so boundaries land in gaps and repeats.
SMALL_HOURS = [0, 60, 90, 105, 120, 135, 150, 180, 210]


@dataclass
class Tickets:
    starts: np.ndarray
    ends: np.ndarray
    targets: np.ndarray
    pauses: list[list[tuple[int, int]]]

    def flat_pauses(self) -> Pauses:
        rows = [(i, a, b) for i, spans in enumerate(self.pauses) for a, b in spans]
        ticket, starts, ends = zip(*rows, strict=True) if rows else ((), (), ())
        return Pauses.of(np.array(ticket, int), np.array(starts, int), np.array(ends, int))


def random_day(rng: random.Random) -> list[tuple[str, str]]:
    kind = rng.random()
    if kind < 0.2:
        return []
    if kind < 0.45:
        return [("08:00", "12:00"), ("13:00", "17:30")]
    points = sorted(rng.sample(SMALL_HOURS + [rng.randrange(0, 1441) for _ in range(6)], 4))
    pairs = [(points[0], points[1]), (points[2], points[3])]
    if rng.random() < 0.3:
        pairs.append((points[3], 1440))  # touching, or ending at midnight
    return [(_clock(a), _clock(b)) for a, b in pairs if b > a]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def random_calendar(rng: random.Random, zone: str, first: dt.date) -> BusinessCalendar:
    country, subdivision, _ = ZONES[zone]
    yearly = first + dt.timedelta(days=rng.randrange(WINDOW_DAYS))
    days_off = {
        "holidays": {first + dt.timedelta(days=rng.randrange(WINDOW_DAYS)) for _ in range(2)},
        "yearly_holidays": {(12, 31), (yearly.month, yearly.day)},
    }
    if rng.random() < 0.5:
        days_off.update(country=country, subdivision=subdivision)
    if rng.random() < 0.25:
        return BusinessCalendar.round_the_clock(zone, **days_off)
    hours = {day: [f"{a}-{b}" for a, b in random_day(rng)] for day in WEEKDAYS}
    hours["wed"] = hours["wed"] or ["09:00-17:00"]  # every calendar has some time a week
    return BusinessCalendar(zone, hours, **days_off)


def random_tickets(
    rng: random.Random, calendar: BusinessCalendar, first: dt.date, count: int
) -> Tickets:
    origin = int(dt.datetime.combine(first, dt.time(), ZoneInfo(calendar.timezone)).timestamp())
    starts, ends, targets, pauses = [], [], [], []
    for _ in range(count):
        start = origin + rng.randrange(WINDOW_DAYS * DAY // MINUTE) * MINUTE
        length = rng.choice([0, MINUTE, rng.randrange(6 * HOUR), rng.randrange(4 * DAY)])
        end = start + length // MINUTE * MINUTE
        starts.append(start)
        ends.append(end)
        targets.append(rng.randrange(0, 10 * HOUR, MINUTE))
        pauses.append(random_pauses(rng, start, end))
    return Tickets(np.array(starts), np.array(ends), np.array(targets), pauses)


def random_pauses(rng: random.Random, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    for _ in range(rng.choice([0, 0, 1, 2, 3, 4])):
        begin = start + rng.randrange(-6 * HOUR, max(end - start, MINUTE) + 6 * HOUR, MINUTE)
        if spans and rng.random() < 0.3:
            begin = spans[-1][1]  # touching the previous pause
        spans.append((begin, begin + rng.randrange(0, 30 * HOUR, MINUTE)))
    return spans


def cases(seed: int, calendars: int = 4, per_calendar: int = 55):
    rng = random.Random(seed)
    for zone in ZONES:
        for _ in range(calendars):
            first = dt.date.fromisoformat(rng.choice(ZONES[zone][2]))
            calendar = random_calendar(rng, zone, first)
            yield calendar, random_tickets(rng, calendar, first, per_calendar)


@pytest.mark.parametrize("seed", [2024, 20000])
def test_elapsed_business_time_matches_the_minute_walk(seed):
    for calendar, tickets in cases(seed):
        walk = MinuteReference(calendar)
        expected = [
            walk.business_seconds(int(a), int(b), spans)
            for a, b, spans in zip(tickets.starts, tickets.ends, tickets.pauses, strict=True)
        ]
        got = business_seconds(calendar, tickets.starts, tickets.ends, tickets.flat_pauses())
        assert got.tolist() == expected, calendar


@pytest.mark.parametrize("seed", [7, 1918])
def test_breach_flags_and_breach_instants_match_the_minute_walk(seed):
    for calendar, tickets in cases(seed, calendars=3):
        walk = MinuteReference(calendar)
        result = breaches(
            calendar, tickets.starts, tickets.ends, tickets.targets, tickets.flat_pauses()
        )
        for i, (start, target) in enumerate(zip(tickets.starts, tickets.targets, strict=True)):
            assert result.breached[i] == (result.elapsed[i] > target)
            if result.breached[i]:
                expected = walk.deadline(int(start), int(target), tickets.pauses[i])
                assert result.breach_at[i].astype(int) == expected, (calendar, i)
            else:
                assert np.isnat(result.breach_at[i])


@pytest.mark.parametrize("seed", [31, 4242])
def test_deadlines_of_open_tickets_match_the_minute_walk(seed):
    for calendar, tickets in cases(seed, calendars=3, per_calendar=40):
        walk = MinuteReference(calendar)
        got = deadlines(calendar, tickets.starts, tickets.targets, tickets.flat_pauses())
        expected = [
            walk.deadline(int(start), int(target), spans)
            for start, target, spans in zip(
                tickets.starts, tickets.targets, tickets.pauses, strict=True
            )
        ]
        assert got.astype(int).tolist() == expected, calendar
