"""Clauses 8.6.1-8.6.3: incidents classified and reviewed, problems managed, requests fulfilled.

Attributes are tested on the whole population of the period (a machine can):
a deviation rate above ``SYSTEMIC_PERCENT`` is a systemic lapse (major), any
lower rate an isolated one (minor).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When

from evident.catalogue.models import Service
from evident.operations.models import Incident, IncidentReview, Problem, ServiceRequest
from evident.operations.recurrence import MIN_INCIDENTS, WINDOW, recurring_groups
from evident.operations.resolution_services import current_priority_matrix
from evident.support.models import DocumentVersion

from ..evidence import name_all, name_records, percent, plural, record_ref, verb
from ..registry import (
    AREA_OF_CONCERN,
    MEDIUM,
    MINOR,
    Check,
    FindingResult,
    grade_by_rate,
    register,
)
from ..scope import AuditScope
from .common import live_services

# A review is not yet due for an incident resolved in the last days of the period.
REVIEW_GRACE = dt.timedelta(days=14)
# A problem open this long with no root cause is not being investigated.
ROOT_CAUSE_DAYS = 180
# A request still open this long after it was raised has been left behind.
STALE_REQUEST_DAYS = 60


def reviews_missing(scope: AuditScope, flag: str, kind: str):
    """Incidents marked ``flag`` resolved in the period (less the grace) with no review."""
    reviewed = scope.related(IncidentReview).filter(incident=OuterRef("pk"), kind=kind)
    due_before = scope.ends_before - REVIEW_GRACE
    population = scope.records(Incident).filter(
        scope.timestamp_in_period("resolved_at"), resolved_at__lt=due_before, **{flag: True}
    )
    return population, population.exclude(Exists(reviewed))


@register(
    Check(
        id="s1.incident.priority-matrix",
        clause="8.6.1",
        stage=1,
        title="Incidents are prioritised by a defined matrix",
        looks_at="Priority matrices (impact by urgency) and their approval",
        grade_rule="No approved priority matrix while services are live: medium.",
        fix="Agree and approve how impact and urgency set an incident's priority.",
    )
)
def priority_matrix_defined(scope):
    if not live_services(scope).exists():
        return []
    matrix = current_priority_matrix(scope.organisation)
    if matrix is not None and matrix.approved_at is not None:
        return []
    statement = "There is no approved priority matrix: incidents are prioritised without one."
    records = (record_ref(matrix),) if matrix else ()
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, records)]


@register(
    Check(
        id="s1.incident.major-procedure",
        clause="8.6.1",
        stage=1,
        title="Major incidents have an approved procedure",
        looks_at="The procedure the priority matrix names for major incidents, and its versions",
        grade_rule=(
            "A priority matrix that names no major-incident procedure, or one with no "
            "approved version: medium."
        ),
        fix="Write and approve how major incidents are declared, run and reviewed.",
    )
)
def major_incident_procedure(scope):
    matrix = current_priority_matrix(scope.organisation)
    if matrix is None or matrix.approved_at is None:
        return []  # the missing matrix is its own concern
    procedure = matrix.major_incident_procedure
    approved = (
        procedure is not None
        and scope.records(DocumentVersion)
        .filter(document=procedure, status=DocumentVersion.Status.APPROVED)
        .exists()
    )
    if approved:
        return []
    if procedure is None:
        statement = f"The priority matrix ({matrix.ref}) names no major-incident procedure."
        records = (record_ref(matrix),)
    else:
        statement = (
            f"The major-incident procedure ({procedure.ref}) named by the priority matrix "
            f"({matrix.ref}) has no approved version."
        )
        records = (record_ref(matrix), record_ref(procedure))
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, records)]


def _expected_priority(matrix) -> Case:
    whens = []
    for key, priority in sorted(matrix.cells.items()):
        impact, urgency = (int(part) for part in key.split(","))
        whens.append(When(impact=impact, urgency=urgency, then=Value(priority)))
    return Case(*whens, output_field=IntegerField())


@register(
    Check(
        id="s2.incident.prioritised",
        clause="8.6.1",
        stage=2,
        title="Incidents carry the priority the matrix gives them",
        looks_at=(
            "Incidents resolved in the period with an impact and an urgency (checked whole), "
            "against the priority matrix in force"
        ),
        grade_rule=(
            "Incidents whose priority differs from the matrix with no recorded override: "
            "above 10 %, major; otherwise minor."
        ),
        fix=(
            "Set priority from impact and urgency; when a person overrides it, record the "
            "override and the reason."
        ),
    )
)
def incidents_prioritised(scope):
    matrix = current_priority_matrix(scope.organisation)
    if matrix is None:
        return []
    population = scope.records(Incident).filter(
        scope.timestamp_in_period("resolved_at"), impact__isnull=False, urgency__isnull=False
    )
    deviations = (
        population.annotate(expected=_expected_priority(matrix))
        .exclude(priority=F("expected"))
        .exclude(Q(priority_overridden=True) & ~Q(override_reason=""))
    )
    named = name_records(deviations)
    if not named.total:
        return []
    size = population.count()
    statement = (
        f"{named.total} of {size} incidents resolved in the period "
        f"({percent(named.total, size)}) carry a priority other than the matrix "
        f"({matrix.ref}) gives their impact and urgency, with no recorded override."
        f"{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


@register(
    Check(
        id="s2.incident.major-reviewed",
        clause="8.6.1",
        stage=2,
        title="Major incidents are reviewed",
        looks_at=(
            "Major incidents resolved in the period, up to 14 days before the audit date "
            "(checked whole), and their reviews"
        ),
        grade_rule="Major incidents with no review: above 10 %, major; otherwise minor.",
        fix="Review every major incident: its timeline, root cause, lessons and actions.",
    )
)
def major_incidents_reviewed(scope):
    population, unreviewed = reviews_missing(scope, "major", IncidentReview.Kind.MAJOR)
    named = name_records(unreviewed)
    if not named.total:
        return []
    size = population.count()
    statement = (
        f"{named.total} of {size} major incidents resolved in the period "
        f"({percent(named.total, size)}) {verb(named.total, 'has', 'have')} no major "
        f"incident review.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


@register(
    Check(
        id="s2.problem.recurring-incidents",
        clause="8.6.3",
        stage=2,
        title="Recurring incidents lead to problems",
        looks_at=(
            f"Incidents of the period with no problem linked: {MIN_INCIDENTS} or more on one "
            f"service and one category or configuration item within {WINDOW.days} days"
        ),
        grade_rule="Any such recurring group: minor (one finding).",
        fix="Open a problem for each recurring group and link its incidents to it.",
    )
)
def recurring_incidents_investigated(scope):
    groups = recurring_groups(scope.organisation, scope.starts_at, scope.ends_before)
    if not groups:
        return []
    pks = sorted({i.pk for g in groups for i in g.incidents})
    incidents = scope.records(Incident).filter(pk__in=pks)
    services = scope.records(Service).filter(pk__in={g.service_id for g in groups})
    named = name_all(services, incidents)
    statement = (
        f"{plural(len(groups), 'group')} of recurring incidents ({plural(len(pks), 'incident')}) "
        f"on {plural(services.count(), 'service')} {verb(len(groups), 'has', 'have')} no "
        f"problem opened to find the cause.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.problem.known-error-workaround",
        clause="8.6.3",
        stage=2,
        title="Known errors carry a workaround",
        looks_at="Problems in the known-error state",
        grade_rule="Any known error with no workaround: minor.",
        fix="Record the workaround for each known error, or say that none exists and why.",
    )
)
def known_errors_have_workarounds(scope):
    lacking = scope.records(Problem).filter(status=Problem.Status.KNOWN_ERROR, workaround="")
    named = name_records(lacking)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'known error')} {verb(named.total, 'has', 'have')} no "
        f"workaround recorded.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.problem.root-cause",
        clause="8.6.3",
        stage=2,
        title="Problems are investigated to their root cause",
        looks_at=f"Problems open on the audit date, opened over {ROOT_CAUSE_DAYS} days before",
        grade_rule="Any such problem with no root cause recorded: minor.",
        fix="Investigate the long-open problems and record their root causes.",
    )
)
def problems_investigated(scope):
    cutoff = scope.ends_before - dt.timedelta(days=ROOT_CAUSE_DAYS)
    stale = scope.records(Problem).filter(
        status__in=[Problem.Status.OPEN, Problem.Status.KNOWN_ERROR],
        opened_at__lt=cutoff,
        root_cause="",
    )
    named = name_records(stale)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'problem')} open for more than {ROOT_CAUSE_DAYS} days "
        f"{verb(named.total, 'has', 'have')} no root cause recorded.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.request.fulfilled",
        clause="8.6.2",
        stage=2,
        title="Service requests are fulfilled",
        looks_at="Service requests opened in the period (checked whole)",
        grade_rule=(
            f"Requests still open more than {STALE_REQUEST_DAYS} days after they were raised: "
            "above 10 %, major; otherwise minor."
        ),
        fix="Fulfil, or cancel with the requester's agreement, the requests left open.",
    )
)
def requests_fulfilled(scope):
    population = scope.records(ServiceRequest).filter(scope.timestamp_in_period("opened_at"))
    cutoff = scope.ends_before - dt.timedelta(days=STALE_REQUEST_DAYS)
    stale = population.filter(status=ServiceRequest.Status.OPEN, opened_at__lt=cutoff)
    named = name_records(stale)
    if not named.total:
        return []
    size = population.count()
    statement = (
        f"{named.total} of {size} service requests opened in the period "
        f"({percent(named.total, size)}) are still open more than {STALE_REQUEST_DAYS} days "
        f"after they were raised.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]
