"""Clauses 8.5.1.1 and 8.5.1.3: changes used as the policy's categories allow, and back-out plans.

A change management policy sets out the categories of change: standard changes
are low-risk, repeatable and pre-authorised; emergency changes are those that
cannot wait for the change authority's next decision. Stage 2 tests the changes
implemented in the period against those categories, and tests that the riskier
normal and emergency changes had a plan for undoing them.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q

from evident.operations.models import Change

from ..evidence import name_records, percent, plural, verb
from ..registry import MAJOR, Check, FindingResult, grade_by_rate, register
from ..scope import AuditScope

# An emergency change started this long after it was raised could have waited for the
# change authority: it was not an emergency.
EMERGENCY_LEAD = dt.timedelta(hours=48)
RISKY = (Change.Risk.MEDIUM, Change.Risk.HIGH)
WENT_WRONG = (Change.Outcome.FAILED, Change.Outcome.BACKED_OUT)


def implemented(scope: AuditScope):
    return scope.records(Change).filter(scope.timestamp_in_period("actual_start"))


def miscategorised_standard_q() -> Q:
    """On ``Change``: a standard change whose own risk, or its template's, is above low."""
    return Q(change_type=Change.Type.STANDARD) & (Q(risk__in=RISKY) | Q(template__risk__in=RISKY))


def emergency_that_could_wait_q() -> Q:
    """On ``Change``: an emergency change started long after it was raised."""
    return Q(change_type=Change.Type.EMERGENCY) & Q(
        actual_start__gt=F("requested_at") + EMERGENCY_LEAD
    )


@register(
    Check(
        id="s2.change.categories-followed",
        clause="8.5.1.1",
        stage=2,
        title="Changes are put in the category the policy gives them",
        looks_at=(
            "Standard and emergency changes implemented in the period: their risk, their "
            "template's risk, and the time from request to start (checked whole)"
        ),
        grade_rule=(
            "A standard change rated (or following a template rated) medium or high risk, "
            "or an emergency change started more than 48 hours after it was raised, is a "
            "deviation. Above 10 % of the standard and emergency changes: major. "
            "Otherwise: minor."
        ),
        fix=(
            "Keep standard changes to low-risk, pre-authorised models and emergency changes "
            "to work that cannot wait; send everything else to the change authority as a "
            "normal change, and say so in the change management policy."
        ),
    )
)
def categories_followed(scope):
    population = implemented(scope).filter(
        change_type__in=(Change.Type.STANDARD, Change.Type.EMERGENCY)
    )
    standard = population.filter(miscategorised_standard_q())
    emergency = population.filter(emergency_that_could_wait_q())
    lapsed = population.filter(miscategorised_standard_q() | emergency_that_could_wait_q())
    named = name_records(lapsed)
    if not named.total:
        return []
    size = population.count()
    parts = []
    if n := standard.count():
        parts.append(f"{plural(n, 'standard change')} rated above low risk")
    if n := emergency.count():
        parts.append(
            f"{plural(n, 'emergency change')} started more than "
            f"{EMERGENCY_LEAD.days * 24} hours after being raised"
        )
    statement = (
        f"{named.total} of {size} standard and emergency changes implemented in the period "
        f"({percent(named.total, size)}) did not fit their category: {' and '.join(parts)}."
        f"{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


@register(
    Check(
        id="s2.change.backout-planned",
        clause="8.5.1.3",
        stage=2,
        title="Risky changes have a back-out plan",
        looks_at=(
            "Normal and emergency changes of medium or high risk implemented in the period "
            "and their back-out plans (checked whole)"
        ),
        grade_rule=(
            "A change with no back-out plan is a deviation. Any such change that failed or "
            "was backed out: major. Otherwise above 10 %: major; any lower rate: minor."
        ),
        fix=(
            "Before the change authority decides on a medium- or high-risk change, record "
            "how the change will be undone or remedied if it fails, and test it where "
            "possible."
        ),
    )
)
def backout_planned(scope):
    population = (
        implemented(scope)
        .filter(change_type__in=(Change.Type.NORMAL, Change.Type.EMERGENCY))
        .filter(risk__in=RISKY)
    )
    unplanned = population.filter(backout_plan__regex=r"^\s*$")
    named = name_records(unplanned)
    if not named.total:
        return []
    size = population.count()
    failed = unplanned.filter(outcome__in=WENT_WRONG).count()
    statement = (
        f"{named.total} of {size} medium- or high-risk changes implemented in the period "
        f"({percent(named.total, size)}) had no back-out plan."
    )
    if failed:
        statement += (
            f" {failed} of them {verb(failed, 'was', 'were')} failed or backed out with "
            "nothing planned to undo them."
        )
    grade = MAJOR if failed else grade_by_rate(named.total, size)
    return [FindingResult(grade, statement + named.note(), records=named.records)]
