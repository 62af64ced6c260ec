"""Clauses 8.5.2.2 and 8.5.2.3: designs of new or changed services, and their build and transition.

Stage 1 looks at the designs still in progress (their service not retired, no
transition completed yet): a design that has moved on to transition should be
approved, and an approved design should show how it meets its requirements and
have a transition plan. Stage 2 follows the services that went live in the
period (``Service.live_on``): each should rest on a design approved by its
go-live day and on a transition completed and accepted by that day; and the
major releases deployed to production in the period should have been tried in
a test or staging environment first.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from evident.catalogue.models import Service
from evident.operations.models import Deployment, Release, ServiceDesign, TransitionPlan

from ..evidence import name_all, name_records, names_of, percent, plural, verb
from ..registry import (
    AREA_OF_CONCERN,
    LOW,
    MEDIUM,
    Check,
    FindingResult,
    grade_by_rate,
    register,
)
from ..scope import AuditScope
from .transition import released_in_period

TRIAL_ENVIRONMENTS = (Deployment.Environment.TEST, Deployment.Environment.STAGING)


def designs_in_progress(scope: AuditScope):
    """Designs whose service is not retired and whose transition is not completed yet."""
    completed = scope.related(TransitionPlan).filter(
        design=OuterRef("pk"), completed_on__isnull=False
    )
    return (
        scope.records(ServiceDesign)
        .exclude(service__status=Service.Status.RETIRED)
        .exclude(Exists(completed))
    )


def approved_q() -> Q:
    return Q(approved_by__isnull=False, approved_at__isnull=False)


def has_plan_q(scope: AuditScope) -> Q:
    """On ``ServiceDesign``: a transition plan has been drawn up for it."""
    return Q(Exists(scope.related(TransitionPlan).filter(design=OuterRef("pk"))))


@register(
    Check(
        id="s1.design.requirements-met",
        clause="8.5.2.2",
        stage=1,
        title="Designs are approved and shown to meet their requirements",
        looks_at=(
            "Service designs in progress (service not retired, transition not completed), "
            "their approval, requirements and transition plans"
        ),
        grade_rule=(
            "A design that has a transition plan but no approval, or an approved design "
            "with no requirements recorded or not checked against them: medium."
        ),
        fix=(
            "Record the requirements each design answers, check the design against every "
            "one of them, and approve the design before planning its transition."
        ),
    )
)
def designs_meet_requirements(scope):
    designs = designs_in_progress(scope)
    unapproved = designs.filter(has_plan_q(scope)).exclude(approved_q())
    unchecked = designs.filter(approved_q()).filter(Q(requirements="") | Q(requirements_met=False))
    lacking = designs.filter(Q(pk__in=unapproved.values("pk")) | Q(pk__in=unchecked.values("pk")))
    named = name_records(lacking)
    if not named.total:
        return []
    parts = []
    if n := unapproved.count():
        parts.append(f"{plural(n, 'design')} moved on to transition without approval")
    if n := unchecked.count():
        parts.append(
            f"{plural(n, 'approved design')} {verb(n, 'does', 'do')} not show that "
            "the requirements are met"
        )
    services = Service.objects.filter(pk__in=lacking.values("service")).order_by("ref")[:10]
    statement = (
        f"Of the service designs in progress, {' and '.join(parts)}: {names_of(services)}."
        f"{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s1.transition.planned",
        clause="8.5.2.3",
        stage=1,
        title="Approved designs have a plan for build and transition",
        looks_at="Approved service designs in progress and their transition plans",
        grade_rule="Any approved design in progress with no transition plan: low.",
        fix=(
            "Plan the build and transition of each approved design: the planned date, the "
            "acceptance criteria the service must meet, and who accepts it."
        ),
    )
)
def designs_planned(scope):
    unplanned = designs_in_progress(scope).filter(approved_q()).exclude(has_plan_q(scope))
    named = name_records(unplanned)
    if not named.total:
        return []
    services = Service.objects.filter(pk__in=unplanned.values("service")).order_by("ref")[:10]
    statement = (
        f"{plural(named.total, 'approved service design')} {verb(named.total, 'has', 'have')} "
        f"no transition plan: {names_of(services)}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


def gone_live(scope: AuditScope):
    """Services whose go-live day falls in the period."""
    return scope.records(Service).filter(scope.date_in_period("live_on"))


def designed_by_go_live(scope: AuditScope):
    """On ``Service``: its designs approved on or before its go-live day."""
    return scope.related(ServiceDesign).filter(
        service=OuterRef("pk"),
        approved_by__isnull=False,
        approved_at__date__lte=OuterRef("live_on"),
    )


@register(
    Check(
        id="s2.design.went-live-designed",
        clause="8.5.2.2",
        stage=2,
        title="Services that went live in the period were designed first",
        looks_at=(
            "Services whose go-live day falls in the period, and their service designs "
            "(checked whole)"
        ),
        grade_rule=(
            "A service with no design approved on or before its go-live day is a "
            "deviation. Above 10 % of the services gone live: major. Otherwise: minor."
        ),
        fix=(
            "Before a new service goes live, record and approve its design: the "
            "requirements it must meet and how the design meets them."
        ),
    )
)
def went_live_designed(scope):
    population = gone_live(scope)
    lapsed = population.exclude(Exists(designed_by_go_live(scope)))
    named = name_records(lapsed)
    if not named.total:
        return []
    size = population.count()
    statement = (
        f"{named.total} of {size} services that went live in the period "
        f"({percent(named.total, size)}) had no service design approved by their go-live "
        f"day: {names_of(lapsed.order_by('ref')[:10])}.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


@register(
    Check(
        id="s2.transition.accepted-before-live",
        clause="8.5.2.3",
        stage=2,
        title="Services went live only after their transition was accepted",
        looks_at=(
            "Services that went live in the period with an approved design, and the "
            "transition plans of their designs (checked whole)"
        ),
        grade_rule=(
            "A service whose designs have no transition plan completed and accepted on or "
            "before its go-live day is a deviation. Above 10 %: major. Otherwise: minor."
        ),
        fix=(
            "Test each new service against the acceptance criteria of its transition plan "
            "and have it accepted before it goes live; record when and by whom."
        ),
    )
)
def accepted_before_live(scope):
    population = gone_live(scope).filter(Exists(designed_by_go_live(scope)))
    accepted = scope.related(TransitionPlan).filter(
        design__service=OuterRef("pk"),
        completed_on__isnull=False,
        completed_on__lte=OuterRef("live_on"),
        accepted_by__isnull=False,
    )
    lapsed = population.exclude(Exists(accepted))
    count = lapsed.count()
    if not count:
        return []
    size = population.count()
    designs = scope.records(ServiceDesign).filter(service__in=lapsed)
    named = name_all(lapsed, designs)
    statement = (
        f"{count} of {size} designed services that went live in the period "
        f"({percent(count, size)}) went live before a transition was completed and accepted "
        f"against its criteria: {names_of(lapsed.order_by('ref')[:10])}.{named.note()}"
    )
    return [FindingResult(grade_by_rate(count, size), statement, records=named.records)]


@register(
    Check(
        id="s2.transition.tested-before-production",
        clause="8.5.2.3",
        stage=2,
        title="Major releases are tried in test or staging before production",
        looks_at=(
            "Major releases deployed to production in the period and their earlier "
            "deployments to test or staging (checked whole)"
        ),
        grade_rule=(
            "A major release with no successful test or staging deployment before its "
            "first production deployment is a deviation. Above 10 %: major. "
            "Otherwise: minor."
        ),
        fix=(
            "Deploy each new or significantly changed service to a test or staging "
            "environment and record the result before deploying it to production."
        ),
    )
)
def tested_before_production(scope):
    majors = released_in_period(scope).filter(release_type=Release.Type.MAJOR)
    tried = scope.related(Deployment).filter(
        release=OuterRef("pk"),
        environment__in=TRIAL_ENVIRONMENTS,
        outcome=Deployment.Outcome.SUCCESSFUL,
        deployed_at__lt=OuterRef("first_deployed"),
    )
    lapsed = majors.exclude(Exists(tried))
    named = name_records(lapsed)
    if not named.total:
        return []
    size = majors.count()
    statement = (
        f"{named.total} of {size} major releases deployed to production in the period "
        f"({percent(named.total, size)}) had no successful test or staging deployment "
        f"before going to production.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


PLAN_GRACE_DAYS = 30


@register(
    Check(
        id="s2.design.transitions-on-plan",
        clause="8.5.2.1",
        stage=2,
        title="New and changed services are delivered on the dates they were planned for",
        looks_at=(
            "Transition plans of service designs whose planned date fell in the period "
            f"more than {PLAN_GRACE_DAYS} days before the audit date (checked whole)"
        ),
        grade_rule=(
            "A plan neither completed nor moved to a new date is a deviation. "
            "Above 10 % of the plans due: major. Otherwise: minor."
        ),
        fix=(
            "Keep the plan of each new or changed service true: record the transition as "
            "completed when it is, or re-plan it with a new date and say why it moved."
        ),
    )
)
def transitions_on_plan(scope):
    due_by = scope.audit_date - dt.timedelta(days=PLAN_GRACE_DAYS)
    population = scope.records(TransitionPlan).filter(
        planned_date__gte=scope.period_start, planned_date__lte=due_by
    )
    lapsed = population.filter(completed_on__isnull=True)
    named = name_records(lapsed)
    if not named.total:
        return []
    size = population.count()
    statement = (
        f"{named.total} of {size} transition plans due in the period "
        f"({percent(named.total, size)}) passed their planned date by more than "
        f"{PLAN_GRACE_DAYS} days without being completed or re-planned: "
        f"{_plans_named(lapsed)}.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


def _plans_named(plans) -> str:
    first = plans.select_related("design__service").order_by("ref")[:10]
    return ", ".join(f"{plan.ref} for {plan.design.service.name}" for plan in first)
