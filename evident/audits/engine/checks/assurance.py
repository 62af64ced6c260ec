"""Clause 8.7.2: service continuity plans exercised in the period."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from evident.assurance.models import ContinuityPlan, ContinuityTest

from ..evidence import name_records, names_of, plural, verb
from ..registry import MINOR, Check, FindingResult, register


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
