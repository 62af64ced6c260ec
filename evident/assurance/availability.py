"""Measured availability of services, derived from the outage time of their incidents (8.7.1).

An outage is the time from opening to resolution of a major or priority 1
incident on the service; one still unresolved runs to the end of the month.
Outages that overlap (two majors for one failure) are merged, so no minute is
counted twice. A month's agreed time is every minute of the calendar month (the
targets here are round-the-clock); measured availability is the share of it
without an outage, judged against the target in force on the month's last day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from evident.catalogue.models import Service
from evident.core import services
from evident.core.models import Organisation
from evident.core.tenancy import scoped
from evident.core.verbs import verb
from evident.operations.models import Incident

from .models import AvailabilityMeasurement, AvailabilityTarget

MINUTE = dt.timedelta(minutes=1)
PERCENT = Decimal("0.001")


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of ``month`` and of the month after, in UTC."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=dt.UTC)
    return start, dt.datetime.combine(following, dt.time.min, tzinfo=dt.UTC)


def outage_intervals(service: Service, start: dt.datetime, end: dt.datetime):
    """Outages of ``service`` clipped to ``[start, end)``, overlapping ones merged, in order."""
    outages = (
        scoped(Incident, service.organisation)
        .filter(Q(major=True) | Q(priority=Incident.Priority.CRITICAL), service=service)
        .filter(opened_at__lt=end)
        .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gt=start))
        .order_by("opened_at")
        .values_list("opened_at", "resolved_at")
    )
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for opened, resolved in outages:
        first, last = max(opened, start), min(resolved or end, end)
        if last <= first:
            continue
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


@dataclass(frozen=True)
class MonthOfAvailability:
    service: Service
    month: dt.date
    agreed_minutes: int
    outage_minutes: int
    target: AvailabilityTarget | None

    @property
    def measured_percent(self) -> Decimal:
        up = Decimal(self.agreed_minutes - self.outage_minutes) * 100 / self.agreed_minutes
        return up.quantize(PERCENT, rounding=ROUND_HALF_UP)

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.measured_percent >= self.target.target_percent


def target_in_force(service: Service, month: dt.date) -> AvailabilityTarget | None:
    _, following = month_bounds(month)
    return (
        scoped(AvailabilityTarget, service.organisation)
        .filter(service=service, effective_from__lt=following.date())
        .order_by("-effective_from", "-ref")
        .first()
    )


def measure_month(service: Service, month: dt.date) -> MonthOfAvailability:
    start, end = month_bounds(month)
    down = sum(
        ((last - first) for first, last in outage_intervals(service, start, end)), dt.timedelta()
    )
    return MonthOfAvailability(
        service=service,
        month=start.date(),
        agreed_minutes=round((end - start) / MINUTE),
        outage_minutes=round(down / MINUTE),
        target=target_in_force(service, month),
    )


@verb("availability.measured")
def record_availability(
    organisation: Organisation, month: dt.date
) -> list[AvailabilityMeasurement]:
    """Derive and record ``month``'s availability for every service with a target in force.

    A derived measurement already recorded is brought up to date; a month
    someone measured by hand is left as they recorded it.
    """
    _, following = month_bounds(month)
    targeted = (
        scoped(Service, organisation)
        .filter(availability_targets__effective_from__lt=following.date())
        .distinct()
        .order_by("ref")
    )
    recorded = []
    for service in targeted:
        result = measure_month(service, month)
        values = {
            "agreed_minutes": result.agreed_minutes,
            "outage_minutes": result.outage_minutes,
            "measured_percent": result.measured_percent,
            "target_percent": result.target.target_percent if result.target else None,
            "met": result.met,
        }
        existing = (
            scoped(AvailabilityMeasurement, organisation)
            .filter(service=service, month=result.month)
            .first()
        )
        if existing is None:
            recorded.append(
                services.create_record(
                    AvailabilityMeasurement,
                    organisation,
                    service=service,
                    month=result.month,
                    source=AvailabilityMeasurement.Source.DERIVED,
                    **values,
                )
            )
        elif existing.source == AvailabilityMeasurement.Source.DERIVED:
            recorded.append(services.update_record(existing, **values))
    return recorded
