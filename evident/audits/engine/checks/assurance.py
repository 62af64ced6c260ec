"""Clause 8.7.2: service continuity plans approved, current and exercised in the period."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from evident.assurance.models import ContinuityPlan, ContinuityTest

from ..evidence import name_records, names_of, plural, verb
from ..registry import AREA_OF_CONCERN, MEDIUM, MINOR, Check, FindingResult, register
from .common import live_services


@register(
    Check(
        id="s2.continuity.tested",
        clause="8.7.2",
        stage=2,
        title="Every approved continuity plan is tested in the period",
        looks_at="Approved continuity plans and their tests in the period",
        grade_rule="Any approved continuity plan with no test in the period: minor (one finding).",
        fix="Exercise each continuity plan, record the result and act on what the test showed.",
    )
)
def continuity_plans_tested(scope):
    tested = scope.related(ContinuityTest).filter(
        scope.date_in_period("tested_on"), plan=OuterRef("pk")
    )
    untested = (
        scope.records(ContinuityPlan)
        .filter(status=ContinuityPlan.Status.APPROVED)
        .exclude(Exists(tested))
    )
    named = name_records(untested)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'approved continuity plan')} {verb(named.total, 'was', 'were')} "
        f"not tested in the period: {names_of(untested.order_by('ref')[:10])}"
        f"{' and others' if named.total > 10 else ''}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s1.continuity.plans-current",
        clause="8.7.2",
        stage=1,
        title="Continuity plans are approved and current",
        looks_at="Continuity plans, their approval and their next review date",
        grade_rule=(
            "Live services but no approved continuity plan: medium. Approved plans past "
            "their next review date: medium (one finding)."
        ),
        fix="Approve a continuity plan for the services that need one and review it on time.",
    )
)
def continuity_plans_current(scope):
    if not live_services(scope).exists():
        return []
    approved = scope.records(ContinuityPlan).filter(status=ContinuityPlan.Status.APPROVED)
    if not approved.exists():
        statement = "There is no approved continuity plan for the live services."
        return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, subject="approved")]
    lapsed = approved.filter(next_review_due__lt=scope.audit_date)
    named = name_records(lapsed)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'approved continuity plan')} {verb(named.total, 'is', 'are')} "
        f"past {verb(named.total, 'its', 'their')} review date: "
        f"{names_of(lapsed.order_by('ref')[:10])}{' and others' if named.total > 10 else ''}."
        f"{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records, subject="review")]
