"""The resource plan read per person and month: who is given more than their whole time.

An allocation counts in full in every calendar month its period touches: a plan
that gives someone 0.6 FTE to change management for March and 0.6 FTE to the
service desk from mid-March asks 1.2 FTE of them in March. A month above 1.0
FTE is over-allocated. External support is not a person of the organisation
and has no month total.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from evident.core.models import Organisation, Person
from evident.core.tenancy import scoped

from .models import ResourceAllocation

FULL_TIME = Decimal("1.0")
DEFAULT_MONTHS = 12
MAX_MONTHS = 60
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class PersonMonthLoad:
    """One person's allocations that touch one month, and their total."""

    person: Person
    month: dt.date
    fte: Decimal = Decimal("0")
    allocation_refs: list[str] = field(default_factory=list)

    @property
    def over_allocated(self) -> bool:
        return self.fte > FULL_TIME


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of the months from ``first``'s to ``last``'s, both included."""
    months, month = [], first_of_month(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def person_month_loads(
    organisation: Organisation, first: dt.date, last: dt.date
) -> list[PersonMonthLoad]:
    """Each person's total FTE in each month from ``first`` to ``last`` they are allocated in.

    Ordered by person name, then month. Months with no allocation are left out.
    """
    first, window_end = first_of_month(first), add_months(first_of_month(last), 1)
    allocations = (
        scoped(ResourceAllocation, organisation)
        .filter(person__isnull=False, period_start__lt=window_end, period_end__gte=first)
        .select_related("person")
        .order_by("ref")
    )
    loads: dict[tuple[int, dt.date], PersonMonthLoad] = {}
    for allocation in allocations:
        start = max(first_of_month(allocation.period_start), first)
        end = min(allocation.period_end, window_end - dt.timedelta(days=1))
        for month in months_between(start, end):
            load = loads.setdefault(
                (allocation.person_id, month), PersonMonthLoad(allocation.person, month)
            )
            load.fte += allocation.fte
            load.allocation_refs.append(allocation.ref)
    return sorted(loads.values(), key=lambda load: (load.person.name, load.person.pk, load.month))


def over_allocations(
    organisation: Organisation, first: dt.date, last: dt.date
) -> list[PersonMonthLoad]:
    return [load for load in person_month_loads(organisation, first, last) if load.over_allocated]


def load_table(loads: list[PersonMonthLoad]) -> tuple[list[dt.date], list[dict]]:
    """The loads as a grid for a page: the months, and one row per person with a cell a month."""
    months = sorted({load.month for load in loads})
    rows: dict[int, dict] = defaultdict(dict)
    people: dict[int, Person] = {}
    for load in loads:
        people[load.person.pk] = load.person
        rows[load.person.pk][load.month] = load
    table = [
        {"person": people[pk], "cells": [rows[pk].get(month) for month in months]}
        for pk in sorted(people, key=lambda pk: (people[pk].name, pk))
    ]
    return months, table


def parse_month(value: str, name: str) -> dt.date:
    match = MONTH_PATTERN.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError({name: f"Expected a month as YYYY-MM, not {value!r}."})
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def months_from_query(params, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The ``from`` and ``to`` months of a request (YYYY-MM), twelve months from now by default."""
    today = today or dt.datetime.now(dt.UTC).date()
    first = parse_month(params["from"], "from") if params.get("from") else first_of_month(today)
    if params.get("to"):
        last = parse_month(params["to"], "to")
    else:
        last = add_months(first, DEFAULT_MONTHS - 1)
    if last < first:
        raise ValidationError({"to": "The last month cannot come before the first."})
    if len(months_between(first, last)) > MAX_MONTHS:
        raise ValidationError({"to": f"Ask for at most {MAX_MONTHS} months at a time."})
    return first, last
