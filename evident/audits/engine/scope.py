"""The audit scope: which organisation, as at which date, over which period, with which seed.

The audit period is the twelve months before the audit date, both ends
included. "In the period" means a record's key date falls inside it; for
timestamps that is from midnight UTC of the first day to the end of the audit day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from evident.core.models import Organisation, OrgRecord
from evident.core.tenancy import scoped

PERIOD_MONTHS = 12


def live(queryset):
    """Leave voided records out (link tables, which are never voided, pass as they are)."""
    if issubclass(queryset.model, OrgRecord):
        return queryset.filter(voided_at__isnull=True)
    return queryset


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    """First day of the month after ``day``'s month."""
    return months_before(month_start(day), -1)


def month_end(day: dt.date) -> dt.date:
    return next_month(day) - dt.timedelta(days=1)


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class AuditScope:
    """What one evaluation looks at: an organisation's records as at ``audit_date``."""

    organisation: Organisation
    audit_date: dt.date
    period_start: dt.date
    period_end: dt.date
    seed: int

    @classmethod
    def for_date(cls, organisation: Organisation, audit_date: dt.date, seed: int) -> AuditScope:
        return cls(
            organisation=organisation,
            audit_date=audit_date,
            period_start=months_before(audit_date, PERIOD_MONTHS),
            period_end=audit_date,
            seed=seed,
        )

    def records(self, model):
        """The organisation's live records of ``model``: the only way checks read.

        A voided record is kept as evidence of what was entered and why it was
        withdrawn, but is no longer part of any population the engine judges.
        """
        return live(scoped(model, self.organisation))

    def related(self, model):
        """Rows of ``model`` for a subquery correlated on a foreign key (``OuterRef``).

        The outer query is already scoped and records never point across
        organisations, so the correlation keeps the subquery inside the
        organisation. Filtering by organisation here as well would let SQLite,
        without fresh statistics, prefer the (organisation, ref) index to the
        foreign key's own and scan every sibling row per outer row.
        """
        return live(model._default_manager.all())

    @property
    def starts_at(self) -> dt.datetime:
        return midnight(self.period_start)

    @property
    def ends_before(self) -> dt.datetime:
        """The first instant after the period (midnight after the audit day)."""
        return midnight(self.period_end + dt.timedelta(days=1))

    def timestamp_in_period(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.starts_at, f"{field}__lt": self.ends_before})

    def date_in_period(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.period_start, f"{field}__lte": self.period_end})

    def required_months(self, not_before: dt.date | None = None) -> list[dt.date]:
        """Calendar months wholly inside the period and over before the audit date.

        With ``not_before`` (an agreement date), months starting before it are left out.
        """
        months = []
        month = month_start(self.period_start)
        if month < self.period_start:
            month = next_month(month)
        while month_end(month) < self.audit_date:
            if not_before is None or month >= not_before:
                months.append(month)
            month = next_month(month)
        return months
