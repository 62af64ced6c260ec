"""Clauses 5.1 and 5.3: top management directing the SMS through a governing body, and roles.

Stage 1 asks whether a governing body exists with a member of top management as
its executive sponsor, and whether each process in scope has someone
accountable for it. Stage 2 asks whether the body actually met as often as it
means to and whether the actions it gave out get done.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q

from evident.governance.models import GoverningBody, MeetingAction, Process, RoleAssignment

from ..evidence import name_records, names_of, plural, verb
from ..registry import AREA_OF_CONCERN, LOW, MEDIUM, MINOR, OFI, Check, FindingResult, register
from ..scope import AuditScope

ACTION_GRACE_DAYS = 30
# Bodies listed by name in a statement; the records name them all.
NAMED_IN_STATEMENT = 5


def _meetings_in_period(scope: AuditScope):
    """Governing bodies annotated with ``met``: their meetings held in the period."""
    held = Q(meetings__held_on__gte=scope.period_start, meetings__held_on__lte=scope.period_end)
    return scope.records(GoverningBody).annotate(met=Count("meetings", filter=held))


def _listed(bodies) -> str:
    shown = list(bodies[:NAMED_IN_STATEMENT])
    more = len(shown) == NAMED_IN_STATEMENT and bodies[NAMED_IN_STATEMENT:].exists()
    return names_of(shown) + (" and others" if more else "")


@register(
    Check(
        id="s1.leadership.governing-body",
        clause="5.1",
        stage=1,
        title="Top management directs the SMS through a governing body",
        looks_at="Governing bodies (steering committees) and their executive sponsors",
        grade_rule=(
            "No governing body whose executive sponsor is a member of top management: medium."
        ),
        fix=(
            "Set up a steering committee for the SMS with a member of top management as "
            "its executive sponsor, name its chair and members, and say how often it meets."
        ),
    )
)
def governing_body_sponsored(scope):
    bodies = scope.records(GoverningBody)
    if bodies.filter(executive_sponsor__is_top_management=True).exists():
        return []
    named = name_records(bodies)
    if not named.total:
        statement = "No steering committee or other governing body of the SMS is on record."
    else:
        statement = (
            f"{plural(named.total, 'governing body', 'governing bodies')} "
            f"{verb(named.total, 'exists', 'exist')}, but none has a member of top "
            f"management as executive sponsor.{named.note()}"
        )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s1.roles.accountable",
        clause="5.3",
        stage=1,
        title="Each process in scope has someone accountable for it",
        looks_at="Clause-8 processes in scope and their role assignments marked accountable",
        grade_rule="Any process in scope with no accountable role assignment: low (one finding).",
        fix=(
            "Record in the RACI who is accountable for each process in scope (usually its "
            "owner) and who is responsible for carrying it out."
        ),
    )
)
def processes_have_accountable_person(scope):
    accountable = scope.related(RoleAssignment).filter(
        process=OuterRef("pk"), responsibility=RoleAssignment.Responsibility.ACCOUNTABLE
    )
    lacking = scope.records(Process).filter(in_scope=True).exclude(Exists(accountable))
    named = name_records(lacking)
    if not named.total:
        return []
    labels = ", ".join(f"{p.get_key_display()} ({p.ref})" for p in lacking.order_by("ref")[:9])
    statement = (
        f"{plural(named.total, 'process', 'processes')} in scope "
        f"{verb(named.total, 'has', 'have')} nobody recorded as accountable: {labels}."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s2.leadership.body-met",
        clause="5.1",
        stage=2,
        title="The governing body met in the period",
        looks_at="Governing bodies and the meetings they held in the period",
        grade_rule="Any governing body with no meeting held in the period: minor (one finding).",
        fix=(
            "Hold the steering committee's meetings as planned, and keep minutes that show "
            "who attended and what was decided."
        ),
    )
)
def governing_body_met(scope):
    silent = _meetings_in_period(scope).filter(met=0).order_by("ref")
    named = name_records(silent)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'governing body', 'governing bodies')} held no meeting in "
        f"the period: {_listed(silent)}."
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.leadership.body-cadence",
        clause="5.1",
        stage=2,
        title="The governing body meets as often as it intends",
        looks_at="Meetings held in the period against each body's meeting interval",
        grade_rule=(
            "A body that met, but fewer than half the times its meeting interval implies "
            "over the period: opportunity (one finding)."
        ),
        fix=(
            "Plan the year's meetings ahead and hold them; if the interval no longer fits, "
            "change it deliberately."
        ),
    )
)
def governing_body_cadence(scope):
    period_days = (scope.period_end - scope.period_start).days
    # Fewer than half the implied meetings: met < (days / interval) / 2, kept in integers.
    sparse = (
        _meetings_in_period(scope)
        .filter(met__gt=0, meeting_interval_days__gt=0)
        .alias(doubled=F("met") * F("meeting_interval_days") * 2)
        .filter(doubled__lt=period_days)
        .order_by("ref")
    )
    named = name_records(sparse)
    if not named.total:
        return []
    detail = "; ".join(
        f"{body.name} ({body.ref}) met {plural(body.met, 'time')} where every "
        f"{body.meeting_interval_days} days implies {period_days // body.meeting_interval_days}"
        for body in sparse[:NAMED_IN_STATEMENT]
    )
    statement = f"Governing bodies met less than half as often as they intend: {detail}."
    return [FindingResult(OFI, statement, records=named.records)]


@register(
    Check(
        id="s2.leadership.actions-done",
        clause="5.1",
        stage=2,
        title="Actions of the governing body get done",
        looks_at="Actions given out at governing-body meetings, not closed by the audit date",
        grade_rule=(
            f"Any open action due more than {ACTION_GRACE_DAYS} days before the audit date: "
            "opportunity (one finding)."
        ),
        fix=(
            "Review open actions at each meeting; close them, or re-plan them with a reason "
            "and a new date."
        ),
    )
)
def governing_body_actions_done(scope):
    cutoff = scope.audit_date - dt.timedelta(days=ACTION_GRACE_DAYS)
    open_at_audit = Q(closed_on__isnull=True) | Q(closed_on__gt=scope.audit_date)
    overdue = scope.records(MeetingAction).filter(open_at_audit, due_date__lt=cutoff)
    named = name_records(overdue)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'action')} of governing-body meetings "
        f"{verb(named.total, 'is', 'are')} still open more than {ACTION_GRACE_DAYS} days "
        f"after {verb(named.total, 'its', 'their')} due date.{named.note()}"
    )
    return [FindingResult(OFI, statement, records=named.records)]
