"""Clause 8.5.1: change management, judged on the changes implemented in the period.

Attributes are tested on the whole population (a machine can); a deviation rate
above ``SYSTEMIC_PERCENT`` is a systemic lapse (major), any lower rate an isolated
one (minor). Uncontrolled changes that caused an incident are a major whatever
their rate.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q

from evident.operations import change_schedule
from evident.operations.models import Change, ChangeApproval, Incident

from ..evidence import name_all, name_records, percent, plural, verb
from ..registry import (
    MAJOR,
    MINOR,
    OFI,
    Check,
    FindingResult,
    grade_by_rate,
    register,
)
from ..scope import AuditScope

EMERGENCY_PERCENT = 15


def implemented_non_standard(scope: AuditScope):
    """Population: non-standard changes whose actual start falls in the period."""
    return (
        scope.records(Change)
        .exclude(change_type=Change.Type.STANDARD)
        .filter(scope.timestamp_in_period("actual_start"))
    )


def unapproved_at_start(scope: AuditScope):
    """Changes of the population with no approval decided at or before their actual start."""
    approved_in_time = scope.related(ChangeApproval).filter(
        change=OuterRef("pk"),
        decision=ChangeApproval.Decision.APPROVED,
        decided_at__lte=OuterRef("actual_start"),
    )
    return implemented_non_standard(scope).exclude(Exists(approved_in_time))


def caused_an_incident(scope: AuditScope) -> Q:
    return Q(Exists(scope.related(Incident).filter(caused_by_change=OuterRef("pk"))))


def needing_review(scope: AuditScope):
    """Population: emergency, failed or backed-out changes that ended in the period."""
    risky = Q(change_type=Change.Type.EMERGENCY) | Q(
        outcome__in=[Change.Outcome.FAILED, Change.Outcome.BACKED_OUT]
    )
    return scope.records(Change).filter(risky, scope.timestamp_in_period("actual_end"))


@register(
    Check(
        id="s2.change.uncontrolled-caused-incident",
        clause="8.5.1",
        stage=2,
        title="No uncontrolled change caused an incident",
        looks_at=(
            "Non-standard changes implemented in the period without an approval before "
            "their start, and the incidents attributed to them"
        ),
        grade_rule="Any such change named by an incident as its cause: major.",
        fix=(
            "Stop changes from starting before the change authority approves them; "
            "investigate each incident's change and record the lessons in a problem."
        ),
    )
)
def uncontrolled_changes(scope):
    changes = unapproved_at_start(scope).filter(caused_an_incident(scope))
    incidents = scope.records(Incident).filter(caused_by_change__in=changes)
    named = name_all(changes, incidents)
    if not named.total:
        return []
    n_changes, n_incidents = changes.count(), incidents.count()
    statement = (
        f"{plural(n_changes, 'change')} implemented in the period without approval before "
        f"{verb(n_changes, 'its', 'their')} start caused {plural(n_incidents, 'incident')}."
        f"{named.note()}"
    )
    return [FindingResult(MAJOR, statement, records=named.records)]


@register(
    Check(
        id="s2.change.approved-before-start",
        clause="8.5.1",
        stage=2,
        title="Changes are approved before they start",
        looks_at="Non-standard changes implemented in the period (checked whole)",
        grade_rule=(
            "Deviation rate above 10 %: major. Otherwise any deviation not already part of "
            "an uncontrolled change that caused an incident: minor."
        ),
        fix=(
            "Make the change authority's approval a condition for starting a change, and "
            "review how the deviating changes got through."
        ),
    )
)
def approved_before_start(scope):
    population = implemented_non_standard(scope).count()
    deviations = unapproved_at_start(scope)
    count = deviations.count()
    if not count:
        return []
    grade = grade_by_rate(count, population)
    named_qs = deviations if grade == MAJOR else deviations.exclude(caused_an_incident(scope))
    named = name_records(named_qs)
    if not named.total:
        return []
    statement = (
        f"{count} of {population} non-standard changes implemented in the period "
        f"({percent(count, population)}) started without an approval decided before the "
        f"start."
    )
    if grade == MINOR and named.total != count:
        statement += f" {named.total} of them caused no incident and are named here."
    return [FindingResult(grade, statement + named.note(), records=named.records)]


@register(
    Check(
        id="s2.change.reviewed",
        clause="8.5.1",
        stage=2,
        title="Emergency and failed changes are reviewed",
        looks_at=(
            "Emergency changes and changes that failed or were backed out, ended in the "
            "period (checked whole)"
        ),
        grade_rule="Deviation rate above 10 %: major. Any lower rate: minor.",
        fix=(
            "Hold a post-implementation review of every emergency, failed or backed-out "
            "change and record when it was completed."
        ),
    )
)
def changes_reviewed(scope):
    population = needing_review(scope)
    unreviewed = population.filter(review_completed_at__isnull=True)
    named = name_records(unreviewed)
    if not named.total:
        return []
    size = population.count()
    statement = (
        f"{named.total} of {size} emergency, failed or backed-out changes that "
        f"ended in the period ({percent(named.total, size)}) "
        f"{verb(named.total, 'has', 'have')} no post-implementation review.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


@register(
    Check(
        id="s2.change.emergency-share",
        clause="8.5.1",
        stage=2,
        title="Emergency changes stay the exception",
        looks_at="Changes implemented in the period, by type",
        grade_rule="Emergency changes above 15 % of the changes implemented: opportunity.",
        fix=(
            "Look for why so many changes are emergencies (planning, problem management, "
            "release cadence) and bring them into normal change."
        ),
    )
)
def emergency_share(scope):
    implemented = scope.records(Change).filter(scope.timestamp_in_period("actual_start"))
    emergencies = implemented.filter(change_type=Change.Type.EMERGENCY)
    total, count = implemented.count(), emergencies.count()
    if not total or count * 100 <= EMERGENCY_PERCENT * total:
        return []
    named = name_records(emergencies)
    statement = (
        f"{count} of {total} changes implemented in the period "
        f"({percent(count, total)}) were emergencies.{named.note()}"
    )
    return [FindingResult(OFI, statement, records=named.records)]


def assessed_before_start_q() -> Q:
    """On ``Change``: a risk assessment was recorded at or before the actual start."""
    return (
        ~Q(risk_assessment="")
        & Q(assessed_at__isnull=False)
        & Q(assessed_at__lte=F("actual_start"))
    )


@register(
    Check(
        id="s2.change.risk-assessed",
        clause="8.5.1.3",
        stage=2,
        title="Changes are assessed for risk before they start",
        looks_at="Non-standard changes implemented in the period and their risk assessments",
        grade_rule=(
            "A change with no risk assessment recorded at or before its start is a "
            "deviation. Above 10 %: major. Otherwise: minor."
        ),
        fix=(
            "Record each change's risk assessment (what could go wrong, its impact and "
            "likelihood, the mitigation) before the change authority decides on it."
        ),
    )
)
def changes_risk_assessed(scope):
    population = implemented_non_standard(scope)
    unassessed = population.exclude(assessed_before_start_q())
    named = name_records(unassessed)
    if not named.total:
        return []
    size = population.count()
    statement = (
        f"{named.total} of {size} non-standard changes implemented in the period "
        f"({percent(named.total, size)}) had no risk assessment recorded before they "
        f"started.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


@register(
    Check(
        id="s2.change.standard-template",
        clause="8.5.1.2",
        stage=2,
        title="Standard changes follow an approved template",
        looks_at="Standard changes implemented in the period and their templates",
        grade_rule=(
            "A standard change with no template, or one not approved by the change's "
            "start, is a deviation. Above 10 %: major. Otherwise: minor."
        ),
        fix=(
            "Raise a standard change only from an approved standard-change template; "
            "treat anything else as a normal change for the change authority to decide."
        ),
    )
)
def standard_changes_templated(scope):
    population = (
        scope.records(Change)
        .filter(change_type=Change.Type.STANDARD)
        .filter(scope.timestamp_in_period("actual_start"))
    )
    in_order = Q(template__approved_by__isnull=False) & Q(
        template__approved_at__lte=F("actual_start")
    )
    lapsed = population.exclude(in_order)
    named = name_records(lapsed)
    if not named.total:
        return []
    size = population.count()
    statement = (
        f"{named.total} of {size} standard changes implemented in the period "
        f"({percent(named.total, size)}) followed no template approved before they "
        f"started.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


@register(
    Check(
        id="s2.change.schedule-conflicts",
        clause="8.5.1.3",
        stage=2,
        title="Changes to the same configuration item are not run in clashing windows",
        looks_at=(
            "Changes implemented in the period that name a configuration item, and the "
            "planned windows of the other implemented changes naming the same item"
        ),
        grade_rule=(
            "A change carried out in a planned window overlapping another implemented "
            "change on a shared configuration item is a deviation. Above 10 % of the "
            "changes naming a configuration item: major. Otherwise: minor."
        ),
        fix=(
            "Check the forward schedule for clashes on shared configuration items before "
            "approving a window, and move one of the clashing changes."
        ),
    )
)
def schedule_conflicts(scope):
    implemented = scope.records(Change).filter(scope.timestamp_in_period("actual_start"))
    # Both changes of a clash were carried out: the schedule did not prevent it.
    clashing = change_schedule.conflicting_change_ids(implemented, actual_start__isnull=False)
    if not clashing:
        return []
    named = name_records(scope.records(Change).filter(pk__in=clashing))
    size = implemented.filter(configuration_items__isnull=False).distinct().count()
    statement = (
        f"{named.total} of {size} changes implemented in the period that name a "
        f"configuration item ({percent(named.total, size)}) ran in a planned window "
        f"overlapping another implemented change on the same item.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]
