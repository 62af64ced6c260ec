"""The calendar of a generated history: the audit period and realistic working-hours times."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from dataclasses import dataclass

UTC = dt.UTC
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)

# Relative weight of each hour of the working day for user-reported work: a morning
# peak as people log on, a dip at lunch, a smaller afternoon peak.
WORKING_HOURS = (7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)
WORKING_HOUR_WEIGHTS = (2, 7, 10, 9, 8, 5, 6, 8, 7, 6, 4, 2)
WEEKEND_SHARE = 0.07
OUT_OF_HOURS_SHARE = 0.08


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier, clamped to the month's length."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=UTC)


@dataclass(frozen=True)
class Timeline:
    """The 12 months of history that end when ``today`` begins (UTC).

    Nothing is dated at or after ``end`` (midnight starting ``today``) except what is
    planned: future reviews, milestones, audits.
    """

    today: dt.date

    @property
    def start_day(self) -> dt.date:
        return months_before(self.today, 12)

    @property
    def start(self) -> dt.datetime:
        return midnight(self.start_day)

    @property
    def end(self) -> dt.datetime:
        return midnight(self.today)

    @property
    def span(self) -> dt.timedelta:
        return self.end - self.start

    def ago(self, days: float) -> dt.datetime:
        return self.end - dt.timedelta(days=days)

    def day_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def day_ahead(self, days: int) -> dt.date:
        return self.today + dt.timedelta(days=days)

    def reported_months(self) -> list[dt.date]:
        """First days of the 12 complete calendar months before the current one."""
        first = self.today.replace(day=1)
        return [months_before(first, n) for n in range(12, 0, -1)]

    def quarter_days(self, offset_days: int = 0) -> list[dt.date]:
        """Four dates, one in each quarter of the period, for quarterly reviews."""
        return [self.day_ago(320 - 91 * q - offset_days) for q in range(4)]

    def random_day(self, rng: random.Random, first: dt.datetime, last: dt.datetime) -> dt.date:
        """A day between two instants, weekdays far more likely than weekends."""
        days = max(1, (last - first).days)
        while True:
            day = (first + DAY * rng.randrange(days)).date()
            if day.weekday() < 5 or rng.random() < WEEKEND_SHARE * 2.5:
                return day

    def working_time(
        self,
        rng: random.Random,
        first: dt.datetime | None = None,
        last: dt.datetime | None = None,
    ) -> dt.datetime:
        """A moment users are likely to report something: mostly weekday working hours."""
        first = first or self.start
        last = last or self.end
        for _ in range(20):
            day = self.random_day(rng, first, last)
            if rng.random() < OUT_OF_HOURS_SHARE:
                hour = rng.randrange(24)
            else:
                hour = rng.choices(WORKING_HOURS, WORKING_HOUR_WEIGHTS)[0]
            moment = midnight(day) + HOUR * hour + dt.timedelta(seconds=rng.randrange(3600))
            if first <= moment < last:
                return moment
        return first + (last - first) * rng.random()

    def any_time(self, rng: random.Random, first=None, last=None) -> dt.datetime:
        """A moment at any hour of any day: emergencies do not keep office hours."""
        first = first or self.start
        last = last or self.end
        seconds = int((last - first).total_seconds())
        return first + dt.timedelta(seconds=rng.randrange(max(1, seconds)))


def long_tail(rng: random.Random, median_hours: float, spread: float = 0.8) -> dt.timedelta:
    """A duration with the given median and a log-normal long tail."""
    return HOUR * (median_hours * math.exp(rng.gauss(0.0, spread)))


def next_weekday(moment: dt.datetime, weekday: int, hour: int) -> dt.datetime:
    """The first ``weekday`` at ``hour``:00 strictly after ``moment``."""
    day = moment.date()
    ahead = (weekday - day.weekday()) % 7
    candidate = midnight(day + DAY * ahead) + HOUR * hour
    if candidate <= moment:
        candidate += DAY * 7
    return candidate
