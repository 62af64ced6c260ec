"""Clauses 6.2, 6.2.1, 6.2.2 and 6.3 in effect, and 7.3: objectives that are dated, judged
and in force, an SMS plan carried out, and people in SMS roles made aware.

``planning.py`` asks whether objectives and the plan exist and are measurable and
owned; the checks here ask whether the objectives say by when and by which bar
they are met, whether they were kept alive and judged through the period, and
whether the plan's milestones were done. An objective is *in force* in the period
when it is active with no due date or one not before the period, or was achieved
or missed with a due date inside the period. Awareness (7.3) is read from the
people holding SMS roles: acknowledgements of the service management policy, or
training completed once they took the role.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from evident.audits.models import Kpi, KpiMeasurement
from evident.governance.models import Milestone, Objective, RoleAssignment
from evident.support.models import Acknowledgement, DocumentVersion, TrainingRecord

from ..evidence import name_all, name_records, percent, plural, verb
from ..registry import (
    AREA_OF_CONCERN,
    LOW,
    MAJOR,
    MEDIUM,
    MINOR,
    OFI,
    Check,
    FindingResult,
    register,
)
from ..scope import AuditScope
from .common import sm_policy_documents
from .competence import role_holders

# A milestone more than this many days past its due date was not done on time.
MILESTONE_GRACE_DAYS = 30

ACTIVE = Objective.Status.ACTIVE
JUDGED = (Objective.Status.ACHIEVED, Objective.Status.MISSED)


def objectives_in_force(scope: AuditScope):
    """Objectives the SMS worked towards during the period (see the module docstring)."""
    open_ = Q(status=ACTIVE) & (Q(due_date__isnull=True) | Q(due_date__gte=scope.period_start))
    closed = Q(status__in=JUDGED) & scope.date_in_period("due_date")
    return scope.records(Objective).filter(open_ | closed)


def _kpis_missing_target(scope: AuditScope):
    """KPIs (with a target) of the outer objective whose last value up to the objective's
    due date (``cutoff``) in the period misses the target."""
    last = (
        scope.related(KpiMeasurement)
        .filter(
            kpi=OuterRef("pk"),
            value__isnull=False,
            period_start__gte=scope.period_start,
            period_start__lte=OuterRef(OuterRef("cutoff")),
        )
        .order_by("-period_start")
        .values("value")[:1]
    )
    return (
        scope.related(Kpi)
        .filter(objective=OuterRef("pk"), target__isnull=False)
        .annotate(last=Subquery(last))
        .filter(
            Q(direction=Kpi.Direction.HIGHER, last__lt=F("target"))
            | Q(direction=Kpi.Direction.LOWER, last__gt=F("target"))
        )
    )


def _claimed_but_missed(scope: AuditScope):
    """Objectives recorded as achieved (due in the period, or undated) that a KPI contradicts."""
    achieved = scope.records(Objective).filter(
        Q(due_date__isnull=True) | scope.date_in_period("due_date"),
        status=Objective.Status.ACHIEVED,
    )
    cutoff = Coalesce("due_date", Value(scope.audit_date))
    return achieved.annotate(cutoff=cutoff).filter(Exists(_kpis_missing_target(scope)))


def _policy_acknowledged(scope: AuditScope):
    """Acknowledgements by the outer person of an approved version of the SM policy."""
    return scope.related(Acknowledgement).filter(
        person=OuterRef("pk"),
        document_version__document__in=sm_policy_documents(scope),
        document_version__status=DocumentVersion.Status.APPROVED,
        acknowledged_at__lt=scope.ends_before,
    )


# Stage 1 ------------------------------------------------------------------------------


@register(
    Check(
        id="s1.objective.dated",
        clause="6.2.1",
        stage=1,
        title="Each active objective says by when it is to be met",
        looks_at="Active objectives and their due dates",
        grade_rule="Any active objective with no due date: medium.",
        fix="Give each active objective the date by which its target is to be reached.",
    )
)
def objectives_dated(scope):
    undated = scope.records(Objective).filter(status=ACTIVE, due_date__isnull=True)
    named = name_records(undated)
    if not named.total:
        return []
    n = named.total
    statement = (
        f"{plural(n, 'active objective')} {verb(n, 'sets', 'set')} no date by which "
        f"{verb(n, 'it', 'they')} should be met, so nobody can tell when "
        f"{verb(n, 'it is', 'they are')} late.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s1.objective.result-criteria",
        clause="6.2.2",
        stage=1,
        title="Each objective states the bar its result will be judged by",
        looks_at="Active objectives and the targets of the KPIs that measure them",
        grade_rule=(
            "Any active objective measured by KPIs none of which carries a target: low "
            "(objectives with no KPI at all are judged under 9.1)."
        ),
        fix=(
            "Give the KPI that measures each objective a target and a direction that match "
            "the objective's own target, so its result can be judged from the measurements."
        ),
    )
)
def objectives_have_result_criteria(scope):
    kpis = scope.related(Kpi).filter(objective=OuterRef("pk"))
    unjudgeable = (
        scope.records(Objective)
        .filter(Exists(kpis), status=ACTIVE)
        .exclude(Exists(kpis.filter(target__isnull=False)))
    )
    named = name_records(unjudgeable)
    if not named.total:
        return []
    n = named.total
    statement = (
        f"{plural(n, 'active objective')} {verb(n, 'is', 'are')} measured only by KPIs with "
        f"no target: the measurements cannot say whether {verb(n, 'it is', 'they are')} "
        f"met.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s1.awareness.role-holders-in-scope",
        clause="7.3",
        stage=1,
        title="Everyone holding an SMS role is within the awareness programme",
        looks_at=(
            "Active people holding an SMS role, and whether they are counted among the "
            "people in scope that policy briefings and acknowledgements are tracked for"
        ),
        grade_rule="Any active SMS role holder recorded outside the SMS scope: low.",
        fix=(
            "Count the people who hold SMS roles among the people in scope, so that they are "
            "briefed on the policy, the objectives and their part, and acknowledge the policy."
        ),
    )
)
def role_holders_in_scope(scope):
    outside = role_holders(scope).filter(in_sms_scope=False)
    named = name_records(outside)
    if not named.total:
        return []
    n = named.total
    names = ", ".join(outside.order_by("ref").values_list("name", flat=True)[:10])
    statement = (
        f"{plural(n, 'person', 'people')} {verb(n, 'holds', 'hold')} an SMS role but "
        f"{verb(n, 'is', 'are')} recorded outside the SMS scope, where awareness is not "
        f"tracked: {names}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


# Stage 2 ------------------------------------------------------------------------------


@register(
    Check(
        id="s2.objective.in-force",
        clause="6.2",
        stage=2,
        title="Objectives were in force during the period",
        looks_at=(
            "Objectives active in the period (undated or due in or after it) and objectives "
            "achieved or missed with a due date in the period"
        ),
        grade_rule="No objective in force at any time in the period: major (absence).",
        fix=(
            "Set current objectives for the SMS and the services, with targets, owners and "
            "due dates, and renew them when they are met or fall due."
        ),
    )
)
def objectives_in_force_in_period(scope):
    if objectives_in_force(scope).exists():
        return []
    lapsed = scope.records(Objective).exclude(status=Objective.Status.WITHDRAWN)
    named = name_records(lapsed)
    if named.total:
        statement = (
            f"No objective was in force in the period ({scope.period_start} to "
            f"{scope.period_end}): the {plural(named.total, 'objective')} on record "
            f"{verb(named.total, 'was', 'were')} due before it.{named.note()}"
        )
    else:
        statement = (
            f"The SMS ran the period ({scope.period_start} to {scope.period_end}) with no "
            "objective to work towards."
        )
    return [FindingResult(MAJOR, statement, records=named.records)]


@register(
    Check(
        id="s2.objective.achievement-borne-out",
        clause="6.2.1",
        stage=2,
        title="Objectives recorded as achieved are borne out by their measurements",
        looks_at=(
            "Objectives marked achieved (due in the period, or undated), the targets of their "
            "KPIs and each KPI's last value in the period up to the objective's due date"
        ),
        grade_rule="Any achieved objective whose KPI's last value misses the KPI's target: minor.",
        fix=(
            "Re-open the objectives the measurements contradict, record them as missed or "
            "correct the measurements, and decide what will be done to meet them."
        ),
    )
)
def achievements_borne_out(scope):
    claimed = _claimed_but_missed(scope)
    n = claimed.count()
    if not n:
        return []
    kpis = scope.records(Kpi).filter(objective__in=claimed, target__isnull=False)
    named = name_all(claimed, kpis)
    titles = ", ".join(claimed.order_by("ref").values_list("title", flat=True)[:10])
    statement = (
        f"{plural(n, 'objective')} recorded as achieved {verb(n, 'misses', 'miss')} the "
        f"target of {verb(n, 'its', 'their')} KPI in the last measurement before "
        f"{verb(n, 'its', 'their')} due date: {titles}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.objective.judged",
        clause="6.2.2",
        stage=2,
        title="Objectives were judged when they fell due",
        looks_at="Active objectives whose due date is before the audit date",
        grade_rule="Any objective past its due date and still open (records that lapse): minor.",
        fix=(
            "Judge each objective that fell due against its target, record it as achieved or "
            "missed, and set the next objective or a new date with the reason."
        ),
    )
)
def objectives_judged(scope):
    overdue = scope.records(Objective).filter(status=ACTIVE, due_date__lt=scope.audit_date)
    named = name_records(overdue)
    if not named.total:
        return []
    n = named.total
    titles = ", ".join(overdue.order_by("ref").values_list("title", flat=True)[:10])
    statement = (
        f"{plural(n, 'objective')} fell due and {verb(n, 'is', 'are')} still open, with no "
        f"record of whether {verb(n, 'it was', 'they were')} achieved: {titles}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.plan.milestones-kept",
        clause="6.3",
        stage=2,
        title="The SMS plan was carried out in the period",
        looks_at=(
            "Milestones of the SMS plan due in the period, those done in it, and those "
            f"more than {MILESTONE_GRACE_DAYS} days past their due date and not done"
        ),
        grade_rule=(
            f"Milestones more than {MILESTONE_GRACE_DAYS} days overdue and none done in the "
            "period: major (the plan was not followed). Some overdue: minor. No milestone due "
            "or done in the period: opportunity for improvement (the plan stood still)."
        ),
        fix=(
            "Complete the overdue milestones or re-plan them with a reason and a new date; "
            "keep the plan moving with dated milestones through the year."
        ),
    )
)
def plan_carried_out(scope):
    milestones = scope.records(Milestone)
    if not milestones.exists():
        return []  # no plan or no milestone is judged at Stage 1
    cutoff = scope.audit_date - dt.timedelta(days=MILESTONE_GRACE_DAYS)
    slipped = milestones.exclude(status=Milestone.Status.DONE).filter(
        due_date__gte=scope.period_start, due_date__lt=cutoff
    )
    done = milestones.filter(scope.date_in_period("completed_on"), status=Milestone.Status.DONE)
    if slipped.exists():
        named = name_records(slipped)
        n = named.total
        titles = ", ".join(slipped.order_by("ref").values_list("title", flat=True)[:10])
        statement = (
            f"{plural(n, 'milestone')} of the SMS plan due in the period "
            f"{verb(n, 'is', 'are')} more than {MILESTONE_GRACE_DAYS} days overdue and not "
            f"done: {titles}."
        )
        if done.exists():
            return [FindingResult(MINOR, statement + named.note(), records=named.records)]
        statement += " No milestone was done in the period: the plan was not followed."
        return [FindingResult(MAJOR, statement + named.note(), records=named.records)]
    due = milestones.filter(scope.date_in_period("due_date"))
    if done.exists() or due.exists():
        return []
    named = name_records(milestones)
    statement = (
        f"No milestone of the SMS plan was due or done in the period ({scope.period_start} "
        f"to {scope.period_end}): the plan stood still.{named.note()}"
    )
    return [FindingResult(OFI, statement, records=named.records)]


@register(
    Check(
        id="s2.awareness.new-role-holders",
        clause="7.3",
        stage=2,
        title="People who took an SMS role in the period were made aware",
        looks_at=(
            "Active people given an SMS role in the period (checked whole), their "
            "acknowledgements of an approved version of the service management policy, and "
            "the training they completed once in the role, up to the audit date"
        ),
        grade_rule=(
            "Any of them with neither an acknowledgement of the policy nor training since "
            "taking the role: minor. (As in the paper trap, unawareness is a minor lapse; no "
            "communication and no acknowledgement at all is the major under 5.2.)"
        ),
        fix=(
            "Brief the people named on the policy, the objectives and their part in the SMS, "
            "keep their acknowledgement of the policy, and make that briefing part of taking "
            "up any SMS role."
        ),
    )
)
def new_role_holders_aware(scope):
    newcomers = role_holders(scope).filter(Exists(_roles_taken_in_period(scope)))
    unaware = newcomers.exclude(Exists(_policy_acknowledged(scope))).exclude(
        Exists(_trained_in_role(scope))
    )
    named = name_records(unaware)
    if not named.total:
        return []
    population = newcomers.count()
    names = ", ".join(unaware.order_by("ref").values_list("name", flat=True)[:10])
    statement = (
        f"{named.total} of {population} people who took an SMS role in the period "
        f"({percent(named.total, population)}) neither acknowledged the service management "
        f"policy nor trained once in the role: nothing shows they were made aware of the "
        f"policy and their part in the SMS ({names}).{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


def _roles_taken_in_period(scope: AuditScope):
    """Role assignments of the outer person made in the period."""
    return scope.related(RoleAssignment).filter(
        scope.date_in_period("assigned_on"), person=OuterRef("pk")
    )


def _trained_in_role(scope: AuditScope):
    """Training the outer person completed, up to the audit date, once in a role of the period."""
    taken = scope.related(RoleAssignment).filter(
        scope.date_in_period("assigned_on"),
        person=OuterRef("person"),
        assigned_on__lte=OuterRef("completed_on"),
    )
    return scope.related(TrainingRecord).filter(
        Exists(taken), person=OuterRef("pk"), completed_on__lte=scope.audit_date
    )
