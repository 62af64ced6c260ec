"""Clause 6: risks and opportunities (6.1), objectives (6.2) and the SMS plan (6.3)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from evident.governance.models import Milestone, Objective, Risk, SmsPlan

from ..evidence import name_records, plural, verb
from ..registry import AREA_OF_CONCERN, HIGH, LOW, MEDIUM, OFI, Check, FindingResult, register

MILESTONE_GRACE_DAYS = 90


def _absent(model, statement):
    """A Stage 1 high concern when the organisation has no record of ``model`` at all."""

    def check(scope):
        if scope.records(model).exists():
            return []
        return [FindingResult(AREA_OF_CONCERN, statement, HIGH)]

    return check


register(
    Check(
        id="s1.risk.register",
        clause="6.1",
        stage=1,
        title="A risk register exists",
        looks_at="Risks and opportunities recorded for the SMS and the services",
        grade_rule="No risk recorded: high.",
        fix=(
            "Identify the risks to the SMS and to the services, assess them and record "
            "each with an owner and a treatment."
        ),
    )
)(_absent(Risk, "The risk register is empty: no risk to the SMS or the services is recorded."))


@register(
    Check(
        id="s1.risk.owned-treated",
        clause="6.1",
        stage=1,
        title="Open risks have an owner and a treatment",
        looks_at="Open risks of the register",
        grade_rule="Any open risk without an owner or without a treatment: medium.",
        fix="Give every open risk an owner and decide how it is treated.",
    )
)
def risks_owned_and_treated(scope):
    lacking = scope.records(Risk).filter(
        Q(owner__isnull=True) | Q(treatment=""), status=Risk.Status.OPEN
    )
    named = name_records(lacking)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'open risk')} {verb(named.total, 'lacks', 'lack')} an owner "
        f"or a treatment.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


register(
    Check(
        id="s1.objective.exists",
        clause="6.2",
        stage=1,
        title="Service management objectives are set",
        looks_at="Service management objectives",
        grade_rule="No objective recorded: high.",
        fix="Set measurable service management objectives, each with an owner and a due date.",
    )
)(_absent(Objective, "No service management objective is recorded."))


@register(
    Check(
        id="s1.objective.measurable-owned",
        clause="6.2",
        stage=1,
        title="Active objectives are measurable and owned",
        looks_at="Active objectives: their measure, target value and owner",
        grade_rule="Any active objective without a measure, a target value or an owner: medium.",
        fix="Give each active objective a measure (KPI), a target value and an owner.",
    )
)
def objectives_measurable_and_owned(scope):
    lacking = scope.records(Objective).filter(
        Q(measure="") | Q(target_value__isnull=True) | Q(owner__isnull=True),
        status=Objective.Status.ACTIVE,
    )
    named = name_records(lacking)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'active objective')} cannot be measured (no measure or no "
        f"target value) or {verb(named.total, 'has', 'have')} no owner.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


register(
    Check(
        id="s1.plan.exists",
        clause="6.3",
        stage=1,
        title="An SMS plan exists",
        looks_at="Plans to establish and improve the SMS",
        grade_rule="No SMS plan: high.",
        fix="Plan how the SMS is established and improved: steps, owners, dates.",
    )
)(_absent(SmsPlan, "There is no plan for establishing and improving the SMS."))


@register(
    Check(
        id="s1.plan.milestones",
        clause="6.3",
        stage=1,
        title="The SMS plan has milestones",
        looks_at="SMS plans and their milestones",
        grade_rule="Any SMS plan without a milestone: medium.",
        fix="Break the plan into dated milestones with owners.",
    )
)
def plans_have_milestones(scope):
    empty = scope.records(SmsPlan).filter(milestones__isnull=True)
    named = name_records(empty)
    if not named.total:
        return []
    n = named.total
    statement = f"{plural(n, 'SMS plan')} {verb(n, 'has', 'have')} no milestone.{named.note()}"
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s1.plan.milestones-overdue",
        clause="6.3",
        stage=1,
        title="Milestones of the SMS plan are kept",
        looks_at="Milestones not done",
        grade_rule=(
            f"Any milestone not done more than {MILESTONE_GRACE_DAYS} days after its due date: low."
        ),
        fix="Complete the overdue milestones, or re-plan them and record why.",
    )
)
def milestones_kept(scope):
    cutoff = scope.audit_date - dt.timedelta(days=MILESTONE_GRACE_DAYS)
    overdue = (
        scope.records(Milestone).exclude(status=Milestone.Status.DONE).filter(due_date__lt=cutoff)
    )
    named = name_records(overdue)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'milestone')} of the SMS plan {verb(named.total, 'is', 'are')} "
        f"not done more than "
        f"{MILESTONE_GRACE_DAYS} days after their due date.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s2.risk.review-overdue",
        clause="6.1",
        stage=2,
        title="Open risks are reviewed when due",
        looks_at="Open risks and their review dates",
        grade_rule="Any open risk whose review date is before the audit date: opportunity.",
        fix="Review the overdue risks and set their next review dates.",
    )
)
def risks_reviewed(scope):
    overdue = scope.records(Risk).filter(status=Risk.Status.OPEN, review_due__lt=scope.audit_date)
    named = name_records(overdue)
    if not named.total:
        return []
    n = named.total
    statement = (
        f"{plural(n, 'open risk')} {verb(n, 'is', 'are')} past their review date.{named.note()}"
    )
    return [FindingResult(OFI, statement, records=named.records)]
