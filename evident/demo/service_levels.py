"""SLA measurements derived from the operational records, and quarterly SLA reviews.

Each target is measured for each of the 12 complete months before the current
one, from the incidents and requests generated for its service, so the reported
figures agree with the tickets behind them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from evident.agreements.models import SlaMeasurement, SlaReview
from evident.operations.models import ServiceRequest

from .agreements import AVAILABILITY, INCIDENTS_IN_TARGET, REQUESTS_IN_TARGET
from .build import Build
from .operations import REQUEST_TARGET_HOURS, TARGET_HOURS
from .timeline import HOUR

THOUSANDTH = Decimal("0.001")


@dataclass
class MonthFigures:
    """What happened to one service in one month."""

    downtime: dt.timedelta = dt.timedelta()
    incidents: int = 0
    incidents_in_target: int = 0
    requests: int = 0
    requests_in_target: int = 0


def generate(build: Build) -> None:
    """Measure every SLA target every reported month, then review each SLA quarterly."""
    figures = _figures(build)
    months = build.timeline.reported_months()
    measurements = []
    for target in build.sla_targets:
        service_pk = target.sla.service_id
        for month in months:
            value = _value(target.metric, figures[service_pk, month], month)
            measurements.append(
                SlaMeasurement(target=target, month=month, value=value, met=target.is_met_by(value))
            )
    build.save(SlaMeasurement, measurements)
    _reviews(build, measurements)


def _month(moment: dt.datetime) -> dt.date:
    return dt.date(moment.year, moment.month, 1)


def _figures(build: Build) -> dict:
    figures = defaultdict(MonthFigures)
    for incident in build.incidents:
        month = figures[incident.service_id, _month(incident.opened_at)]
        month.incidents += 1
        if incident.resolved_at is None:
            continue
        taken = incident.resolved_at - incident.opened_at
        if taken <= HOUR * TARGET_HOURS[incident.priority]:
            month.incidents_in_target += 1
        if incident.priority == 1:
            month.downtime += taken
    for request in build.requests:
        if request.status == ServiceRequest.Status.CANCELLED:
            continue
        month = figures[request.service_id, _month(request.opened_at)]
        month.requests += 1
        if request.fulfilled_at and request.fulfilled_at - request.opened_at <= HOUR * (
            REQUEST_TARGET_HOURS
        ):
            month.requests_in_target += 1
    return figures


def _value(metric: str, month: MonthFigures, first_day: dt.date) -> Decimal:
    if metric == AVAILABILITY:
        days = calendar.monthrange(first_day.year, first_day.month)[1]
        share = 1 - month.downtime / dt.timedelta(days=days)
        return _percent(max(share, 0.0))
    if metric == INCIDENTS_IN_TARGET:
        return _percent(month.incidents_in_target / month.incidents if month.incidents else 1)
    if metric == REQUESTS_IN_TARGET:
        return _percent(month.requests_in_target / month.requests if month.requests else 1)
    raise ValueError(f"no measurement rule for {metric!r}")


def _percent(share: float) -> Decimal:
    return (Decimal(share) * 100).quantize(THOUSANDTH)


def _reviews(build: Build, measurements: list[SlaMeasurement]) -> None:
    """Each SLA reviewed once a quarter against the three months before the review."""
    rng = build.rng("sla-reviews")
    by_sla = defaultdict(list)
    for measurement in measurements:
        by_sla[measurement.target.sla_id].append(measurement)
    reviews = []
    for sla in build.slas:
        for day in build.timeline.quarter_days(offset_days=rng.randint(-5, 5)):
            recent = [m for m in by_sla[sla.pk] if 0 < _months_between(m.month, day) <= 3]
            met = sum(m.met for m in recent)
            notes = f"Reviewed with {sla.customer}: {met} of {len(recent)} targets met."
            if met < len(recent):
                notes += " Breaches discussed; improvement actions agreed."
            reviews.append(
                SlaReview(
                    sla=sla,
                    reviewed_on=day,
                    reviewer=build.owner("service_level"),
                    notes=notes,
                )
            )
    reviews.sort(key=lambda r: r.reviewed_on)
    build.save(SlaReview, reviews)


def _months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month
