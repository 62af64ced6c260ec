"""Clauses 8.7.1 and 8.7.3: availability measured against targets; information security.

The information security policy is a policy document that names clause 8.7.3
among the clauses it serves; its controls are ``SecurityControl`` records and
security incidents are incidents flagged ``security``.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from evident.agreements.models import SlaTarget
from evident.assurance.models import AvailabilityMeasurement, AvailabilityTarget, SecurityControl
from evident.operations.models import IncidentReview
from evident.support.models import Document, DocumentVersion

from ..evidence import name_all, name_records, names_of, percent, plural, verb
from ..registry import AREA_OF_CONCERN, MEDIUM, MINOR, Check, FindingResult, grade_by_rate, register
from .common import current_scope, live_services
from .resolution import reviews_missing

SECURITY_CLAUSE = "8.7.3"


def services_to_target(scope):
    """Live services in the current scope (all live services when no scope names any)."""
    services = live_services(scope)
    statement = current_scope(scope)
    if statement is not None and statement.services.exists():
        services = services.filter(pk__in=statement.services.values("pk"))
    return services


def targeted_q(scope) -> Q:
    """On ``Service``: an availability target, or an SLA availability target, covers it."""
    own = scope.related(AvailabilityTarget).filter(service=OuterRef("pk"))
    agreed = scope.related(SlaTarget).filter(
        sla__service=OuterRef("pk"), kind=SlaTarget.Kind.AVAILABILITY
    )
    return Q(Exists(own)) | Q(Exists(agreed))


def security_policies(scope):
    """Policy documents serving clause 8.7.3 (its number or one of its subclauses)."""
    policies = scope.records(Document).filter(doc_type=Document.Type.POLICY)
    return [
        d
        for d in policies.order_by("ref")
        if any(c.strip().startswith(SECURITY_CLAUSE) for c in d.clauses.split(","))
    ]


@register(
    Check(
        id="s1.availability.targets",
        clause="8.7.1",
        stage=1,
        title="Live services in scope have availability targets",
        looks_at="Live services in scope, their availability targets and SLA availability targets",
        grade_rule="Any live service in scope with no availability target: medium.",
        fix="Agree an availability target for each live service and say how it is measured.",
    )
)
def availability_targets(scope):
    missing = services_to_target(scope).exclude(targeted_q(scope))
    named = name_records(missing)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'live service')} in scope {verb(named.total, 'has', 'have')} "
        f"no availability target: {names_of(missing.order_by('ref')[:10])}"
        f"{' and others' if named.total > 10 else ''}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s1.security.policy-and-controls",
        clause="8.7.3.1",
        stage=1,
        title="An approved information security policy, with controls recorded",
        looks_at=(
            "Policy documents serving clause 8.7.3 and their versions; information security "
            "controls"
        ),
        grade_rule=(
            "No information security policy with an approved version, or no security "
            "control recorded: medium (one finding each)."
        ),
        fix=(
            "Approve an information security policy (a policy naming clause 8.7.3) and "
            "record the controls that carry it out, with their owners."
        ),
    )
)
def security_policy_and_controls(scope):
    findings = []
    policies = security_policies(scope)
    approved = scope.records(DocumentVersion).filter(
        document__in=[p.pk for p in policies], status=DocumentVersion.Status.APPROVED
    )
    if not approved.exists():
        named = name_records(scope.records(Document).filter(pk__in=[p.pk for p in policies]))
        statement = (
            "There is no approved information security policy (a policy document naming "
            f"clause {SECURITY_CLAUSE})."
        )
        findings.append(
            FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records, subject="policy")
        )
    if not scope.records(SecurityControl).exists():
        statement = "No information security control is recorded."
        findings.append(FindingResult(AREA_OF_CONCERN, statement, MEDIUM, subject="controls"))
    return findings


@register(
    Check(
        id="s2.availability.measured",
        clause="8.7.1",
        stage=2,
        title="Availability is measured every month against its target",
        looks_at=(
            "Services with an availability target, and their monthly availability "
            "measurements for the complete months of the period"
        ),
        grade_rule="Any month with no measurement for a targeted service: minor (one finding).",
        fix="Measure each targeted service's availability every month (measure-availability).",
    )
)
def availability_measured(scope):
    gaps, services = 0, []
    targets = scope.records(AvailabilityTarget).select_related("service").order_by("effective_from")
    earliest = {}
    for target in targets:
        earliest.setdefault(target.service, target.effective_from)
    for service, since in sorted(earliest.items(), key=lambda item: item[0].ref):
        required = set(scope.required_months(not_before=since.replace(day=1)))
        measured = set(
            scope.records(AvailabilityMeasurement)
            .filter(service=service, month__in=required)
            .values_list("month", flat=True)
        )
        if required - measured:
            gaps += len(required - measured)
            services.append(service)
    if not services:
        return []
    named = name_records(scope.records(type(services[0])).filter(pk__in=[s.pk for s in services]))
    statement = (
        f"{plural(gaps, 'month')} of the period {verb(gaps, 'has', 'have')} no availability "
        f"measurement for {names_of(services[:10])}{' and others' if len(services) > 10 else ''}."
        f"{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.availability.acted-on",
        clause="8.7.1",
        stage=2,
        title="Months below the availability target are acted on",
        looks_at="Availability measurements of the period that missed their target",
        grade_rule="Any missed month with no action recorded: minor.",
        fix="Review each month below target and record the action taken.",
    )
)
def availability_misses_acted_on(scope):
    ignored = scope.records(AvailabilityMeasurement).filter(
        scope.date_in_period("month"), met=False, action_taken=""
    )
    named = name_records(ignored)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'month')} of measured availability below target "
        f"{verb(named.total, 'has', 'have')} no action recorded.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.security.incidents-reviewed",
        clause="8.7.3.3",
        stage=2,
        title="Information security incidents are reviewed",
        looks_at=(
            "Security incidents resolved in the period, up to 14 days before the audit date "
            "(checked whole), and their reviews"
        ),
        grade_rule="Security incidents with no review: above 10 %, major; otherwise minor.",
        fix=(
            "Review every information security incident, and report it where the policy or "
            "the law requires."
        ),
    )
)
def security_incidents_reviewed(scope):
    population, unreviewed = reviews_missing(scope, "security", IncidentReview.Kind.SECURITY)
    named = name_records(unreviewed)
    if not named.total:
        return []
    size = population.count()
    statement = (
        f"{named.total} of {size} information security incidents resolved in the period "
        f"({percent(named.total, size)}) {verb(named.total, 'has', 'have')} no review."
        f"{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


@register(
    Check(
        id="s2.security.controls-tested",
        clause="8.7.3.2",
        stage=2,
        title="Implemented security controls are tested",
        looks_at="Implemented information security controls and when each was last tested",
        grade_rule="Any implemented control not tested in the period: minor (one finding).",
        fix="Test each implemented control at least once a year and record how effective it was.",
    )
)
def security_controls_tested(scope):
    untested = (
        scope.records(SecurityControl)
        .filter(status=SecurityControl.Status.IMPLEMENTED)
        .exclude(scope.date_in_period("last_tested_on"))
    )
    named = name_all(untested)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'implemented security control')} {verb(named.total, 'was', 'were')}"
        f" not tested in the period: {names_of(untested.order_by('ref')[:10])}"
        f"{' and others' if named.total > 10 else ''}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]
