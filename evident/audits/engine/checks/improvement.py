"""Clause 10.1: corrective actions carried through and checked for effect."""

from __future__ import annotations

import datetime as dt

from evident.audits.models import CorrectiveAction

from ..evidence import name_records, plural, verb
from ..registry import MINOR, Check, FindingResult, register

OVERDUE_GRACE_DAYS = 30


@register(
    Check(
        id="s2.corrective-action.overdue",
        clause="10.1",
        stage=2,
        title="Corrective actions are done on time",
        looks_at="Corrective actions not closed, and their due dates",
        grade_rule=(
            f"Any open corrective action more than {OVERDUE_GRACE_DAYS} days past its due "
            "date: minor (one finding)."
        ),
        fix="Finish the overdue actions, or re-plan them with a reason recorded by their owner.",
    )
)
def corrective_actions_on_time(scope):
    cutoff = scope.audit_date - dt.timedelta(days=OVERDUE_GRACE_DAYS)
    overdue = scope.records(CorrectiveAction).filter(closed_on__isnull=True, due_date__lt=cutoff)
    named = name_records(overdue)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'corrective action')} {verb(named.total, 'is', 'are')} open more "
        f"than {OVERDUE_GRACE_DAYS} days after {verb(named.total, 'its', 'their')} due "
        f"date.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.corrective-action.effectiveness",
        clause="10.1",
        stage=2,
        title="Closed corrective actions were checked for effect",
        looks_at="Closed corrective actions and their effectiveness checks",
        grade_rule="Any closed corrective action with no effectiveness check: minor (one finding).",
        fix=(
            "Check whether each closed action removed the cause (did the nonconformity "
            "recur?) and record the result."
        ),
    )
)
def corrective_actions_checked(scope):
    unchecked = scope.records(CorrectiveAction).filter(
        closed_on__isnull=False, effectiveness=CorrectiveAction.Effectiveness.NOT_CHECKED
    )
    named = name_records(unchecked)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'corrective action')} {verb(named.total, 'was', 'were')} closed "
        f"without checking that {verb(named.total, 'it', 'they')} worked.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]
