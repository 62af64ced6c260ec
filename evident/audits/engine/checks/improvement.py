"""Clause 10: corrective actions carried through and checked for effect, nonconformities
that came back, and the improvement register acted on."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from evident.audits.models import CorrectiveAction, Improvement, Nonconformity
from evident.audits.recurrence import recurred

from ..evidence import name_records, plural, verb
from ..registry import AREA_OF_CONCERN, MEDIUM, MINOR, OFI, Check, FindingResult, register
from ..scope import months_before

OVERDUE_GRACE_DAYS = 30
# An accepted improvement still not started this long after the decision was never acted on.
ACTED_ON_WITHIN_DAYS = 90
# A nonconformity closed this many months before the period still counts for recurrence.
RECURRENCE_LOOKBACK_MONTHS = 12


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


@register(
    Check(
        id="s2.nonconformity.recurred",
        clause="10.1",
        stage=2,
        title="Closed nonconformities did not recur",
        looks_at=(
            f"Nonconformities closed in the period or the {RECURRENCE_LOOKBACK_MONTHS} months "
            "before it, later nonconformities with the same clause and key, and later "
            "findings with that key"
        ),
        grade_rule=(
            "Any closed nonconformity that recurred (the corrective action was not "
            "effective): minor (one finding naming them and what shows the recurrence)."
        ),
        fix=(
            "Reopen the analysis of each recurred nonconformity: find the cause the first "
            "action missed, act on it and check the effect again later."
        ),
    )
)
def nonconformities_did_not_recur(scope):
    since = months_before(scope.period_start, RECURRENCE_LOOKBACK_MONTHS)
    closed = scope.records(Nonconformity).filter(
        closed_on__gte=since, closed_on__lte=scope.period_end
    )
    back = recurred(closed)
    named = name_records(back)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'closed nonconformity', 'closed nonconformities')} "
        f"recurred: {verb(named.total, 'its', 'their')} corrective action was not "
        f"effective.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s1.improvement.register",
        clause="10.2",
        stage=1,
        title="A continual improvement register is kept",
        looks_at="Entries of the improvement register",
        grade_rule="No entry in the improvement register: medium.",
        fix=(
            "Keep a register of opportunities for improvement from audits, reviews, staff "
            "and customers, with the decision taken on each."
        ),
    )
)
def improvement_register_exists(scope):
    if scope.records(Improvement).exists():
        return []
    statement = "No improvement register is kept: no opportunity for improvement is recorded."
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM)]


@register(
    Check(
        id="s2.improvement.acted-on",
        clause="10.2",
        stage=2,
        title="Accepted improvements were acted on",
        looks_at=(
            f"Improvements accepted more than {ACTED_ON_WITHIN_DAYS} days before the audit "
            "date, and whether they were started or completed"
        ),
        grade_rule=(
            f"Accepted improvements not started {ACTED_ON_WITHIN_DAYS} days after the "
            "decision: an opportunity for improvement while others were acted on; minor "
            "when none of the improvements accepted in the period was acted on (the "
            "register is kept but does not lead to improvement)."
        ),
        fix=(
            "Start each accepted improvement or record why it waits (defer it), and review "
            "the register's progress at the management review."
        ),
    )
)
def improvements_acted_on(scope):
    cutoff = scope.audit_date - dt.timedelta(days=ACTED_ON_WITHIN_DAYS)
    accepted = scope.records(Improvement).filter(decision=Improvement.Decision.ACCEPTED)
    stalled = accepted.filter(status=Improvement.Status.PROPOSED, decided_on__lt=cutoff)
    named = name_records(stalled)
    if not named.total:
        return []
    in_period = accepted.filter(scope.date_in_period("decided_on"))
    acted = in_period.filter(
        Q(status__in=[Improvement.Status.IN_PROGRESS, Improvement.Status.COMPLETED])
    )
    grade = MINOR if in_period.exists() and not acted.exists() else OFI
    statement = (
        f"{plural(named.total, 'accepted improvement')} {verb(named.total, 'was', 'were')} "
        f"not started {ACTED_ON_WITHIN_DAYS} days after the decision.{named.note()}"
    )
    return [FindingResult(grade, statement, records=named.records)]
