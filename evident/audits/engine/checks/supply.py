"""Clauses 8.4.1-8.4.3: services budgeted with actual costs tracked, demand forecast,
capacity planned and reviewed.

Stage 1 asks whether the plans exist for each live service: a budget and an
approved capacity plan covering the audit date, a demand forecast on record.
Stage 2 asks whether they were worked in the period: actual costs kept up to
date, demand forecast afresh, capacity reviewed against each plan. A budget or
plan that was in force for less than a quarter of the period is not yet expected
to show results.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from evident.agreements.models import Budget, CapacityPlan, CapacityReview, DemandForecast

from ..evidence import name_records, plural, verb
from ..registry import AREA_OF_CONCERN, LOW, MEDIUM, MINOR, Check, FindingResult, register
from ..scope import AuditScope
from .agreements import listed
from .common import live_services

QUARTER = dt.timedelta(days=92)


def covering_q(day: dt.date) -> Q:
    """On a record with a ``period_start`` and ``period_end``: the period covers ``day``."""
    return Q(period_start__lte=day, period_end__gte=day)


def running_a_quarter_q(scope: AuditScope) -> Q:
    """Period overlaps the audit period by at least a quarter (so results are due)."""
    return Q(
        period_start__lte=scope.audit_date - QUARTER,
        period_end__gte=scope.period_start + QUARTER,
    )


def approved_q() -> Q:
    return Q(approved_on__isnull=False)


# 8.4.1 ------------------------------------------------------------------------------


@register(
    Check(
        id="s1.budget.services",
        clause="8.4.1",
        stage=1,
        title="Each live service has a budget for the current period",
        looks_at="Live services and the budgets whose period covers the audit date",
        grade_rule="Any live service with no such budget: medium (one finding).",
        fix="Budget each service for the financial year, with an owner for the budget.",
    )
)
def services_budgeted(scope):
    budgeted = scope.related(Budget).filter(covering_q(scope.audit_date), service=OuterRef("pk"))
    lacking = live_services(scope).exclude(Exists(budgeted))
    named = name_records(lacking)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'live service')} {verb(named.total, 'has', 'have')} no "
        f"budget for the current period: {listed(lacking)}."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s2.budget.actuals",
        clause="8.4.1",
        stage=2,
        title="Actual costs are tracked against the budgets",
        looks_at=(
            "Budgets in force for at least a quarter of the period, and the day up to which "
            "their actual cost is recorded"
        ),
        grade_rule=(
            "Any such budget whose actual cost is missing, or counted only up to a day more "
            "than a quarter before its end or the audit date: minor (one finding)."
        ),
        fix=(
            "Record each service's actual cost against its budget at least every quarter, "
            "and explain the variances."
        ),
    )
)
def budget_actuals_tracked(scope):
    stale = []
    budgets = scope.records(Budget).filter(running_a_quarter_q(scope)).order_by("ref")
    for budget in budgets.only("pk", "ref", "period_end", "actual_cost", "actual_as_of"):
        due = min(budget.period_end, scope.audit_date) - QUARTER
        if budget.actual_cost is None or budget.actual_as_of is None or budget.actual_as_of < due:
            stale.append(budget)
    if not stale:
        return []
    statement = (
        f"{plural(len(stale), 'budget')} of the period {verb(len(stale), 'has', 'have')} no "
        f"actual cost recorded in the last quarter: {', '.join(b.ref for b in stale[:10])}"
        f"{' and others' if len(stale) > 10 else ''}."
    )
    records = tuple({"type": "agreements.budget", "id": b.pk, "ref": b.ref} for b in stale)
    return [FindingResult(MINOR, statement, records=records)]


# 8.4.2 ------------------------------------------------------------------------------


@register(
    Check(
        id="s1.demand.forecast",
        clause="8.4.2",
        stage=1,
        title="Demand for each live service is forecast",
        looks_at="Live services and their demand forecasts",
        grade_rule="Any live service with no demand forecast on record: low (one finding).",
        fix=(
            "Forecast the demand for each service (users, transactions, tickets) from its "
            "trend and the customers' plans, and say what the forecast rests on."
        ),
    )
)
def demand_forecast(scope):
    forecast = scope.related(DemandForecast).filter(service=OuterRef("pk"))
    lacking = live_services(scope).exclude(Exists(forecast))
    named = name_records(lacking)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'live service')} {verb(named.total, 'has', 'have')} no "
        f"demand forecast: {listed(lacking)}."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s2.demand.forecast-current",
        clause="8.4.2",
        stage=2,
        title="Demand was forecast in the period",
        looks_at="Live services and the demand forecasts prepared in the period",
        grade_rule="Any live service with no forecast prepared in the period: minor (one finding).",
        fix="Renew each service's demand forecast at least yearly, and feed it into capacity.",
    )
)
def demand_forecast_current(scope):
    recent = scope.related(DemandForecast).filter(
        scope.date_in_period("prepared_on"), service=OuterRef("pk")
    )
    lacking = live_services(scope).exclude(Exists(recent))
    named = name_records(lacking)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'live service')} had no demand forecast prepared in the "
        f"period: {listed(lacking)}."
    )
    return [FindingResult(MINOR, statement, records=named.records)]


# 8.4.3 ------------------------------------------------------------------------------


@register(
    Check(
        id="s1.capacity.plan",
        clause="8.4.3",
        stage=1,
        title="Each live service is covered by an approved capacity plan",
        looks_at="Live services and the approved capacity plans whose period covers the audit date",
        grade_rule="Any live service with no such plan: medium (one finding).",
        fix=(
            "Plan the capacity each service needs (people, technology, money) against the "
            "demand forecast, set thresholds, and have the plan approved."
        ),
    )
)
def capacity_planned(scope):
    planned = scope.related(CapacityPlan).filter(
        covering_q(scope.audit_date), approved_q(), service=OuterRef("pk")
    )
    lacking = live_services(scope).exclude(Exists(planned))
    named = name_records(lacking)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'live service')} {verb(named.total, 'has', 'have')} no "
        f"approved capacity plan in force: {listed(lacking)}."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s2.capacity.reviewed",
        clause="8.4.3",
        stage=2,
        title="Capacity is reviewed against each plan",
        looks_at=(
            "Approved capacity plans in force for at least a quarter of the period, and "
            "their capacity reviews in the period"
        ),
        grade_rule="Any such plan with no capacity review in the period: minor (one finding).",
        fix=(
            "Review capacity use against each plan's thresholds at least every quarter, "
            "and record the actions taken when use nears them."
        ),
    )
)
def capacity_reviewed(scope):
    reviewed = scope.related(CapacityReview).filter(
        scope.date_in_period("reviewed_on"), plan=OuterRef("pk")
    )
    unreviewed = (
        scope.records(CapacityPlan)
        .filter(running_a_quarter_q(scope), approved_q())
        .exclude(Exists(reviewed))
    )
    named = name_records(unreviewed)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'capacity plan')} had no capacity review in the period: "
        f"{', '.join(str(p) for p in unreviewed.select_related('service').order_by('ref')[:10])}"
        f"{' and others' if named.total > 10 else ''}."
    )
    return [FindingResult(MINOR, statement, records=named.records)]
