"""Verbs of supply and demand (8.4): actual costs against budgets, capacity reviewed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.verbs import verb

from ..models import Budget, CapacityPlan, CapacityReview


@verb("budget.actual_cost_recorded")
def record_actual_cost(budget: Budget, *, amount, as_of: dt.date) -> Budget:
    """Record what the service has actually cost in the budget period up to ``as_of``."""
    if as_of < budget.period_start:
        raise ValidationError({"actual_as_of": ["The budget period had not started then."]})
    return services.update_record(budget, actual_cost=Decimal(str(amount)), actual_as_of=as_of)


@verb("capacity_plan.approved")
def approve_capacity_plan(plan: CapacityPlan, *, approver, approved_on: dt.date) -> CapacityPlan:
    """Approve a capacity plan: it is then the plan in force for its period."""
    return services.update_record(plan, approved_by=approver, approved_on=approved_on)


def capacity_review_errors(review: CapacityReview) -> dict[str, list[str]]:
    """A review that finds use at or over the plan's warning threshold must say what is done."""
    if review.plan_id is None or review.utilisation_percent is None:
        return {}
    plan = review.plan
    if review.utilisation_percent >= plan.warning_threshold and not review.actions.strip():
        return {
            "actions": [
                f"Utilisation of {review.utilisation_percent} % is at or above the plan's "
                f"warning threshold ({plan.warning_threshold} %): record the action decided."
            ]
        }
    return {}


@verb("capacity_review.recorded")
def review_capacity(plan: CapacityPlan, *, reviewed_on: dt.date, utilisation_percent, **fields):
    """Record a capacity review of ``plan``; use over the warning threshold needs an action."""
    return services.create_record(
        CapacityReview,
        plan.organisation,
        plan=plan,
        reviewed_on=reviewed_on,
        utilisation_percent=Decimal(str(utilisation_percent)),
        **fields,
    )
