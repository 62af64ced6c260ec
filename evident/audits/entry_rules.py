"""The rules a person entering audit and improvement records is held to, in the API and pages.

Each rule reads the values a record would have after the write and names the
field it refuses. Imported bundles may carry what these refuse (a computation
this installation lacks, a clause of an older catalogue); see ``evident.core.writers``.
"""

from __future__ import annotations

import datetime as dt

from .models import Improvement, ReviewOutput
from .services import evaluation as verbs


def _under(field: str, problem: str | None) -> dict[str, str]:
    return {field: problem} if problem else {}


def known_computation(values: dict) -> dict[str, str]:
    return _under("computation", verbs.computation_problem(values.get("computation", "")))


def clause_of_the_standard(values: dict) -> dict[str, str]:
    return _under("clause", verbs.clause_problem(values.get("clause", "")))


def action_has_due_date(values: dict) -> dict[str, str]:
    kind = values.get("kind", ReviewOutput.Kind.ACTION)
    return _under("due_date", verbs.output_problem(kind, values.get("due_date")))


def decision_is_dated(values: dict) -> dict[str, str]:
    problem = verbs.decision_problem(values.get("decision", ""), values.get("decided_on"))
    return _under("decided_on", problem)


def accepted_improvement_has_owner(values: dict) -> dict[str, str]:
    if values.get("decision") == Improvement.Decision.ACCEPTED and not values.get("owner"):
        return {"owner": "An accepted improvement needs an owner."}
    return {}


def effectiveness_checked_after_closure(values: dict) -> dict[str, str]:
    """10.1 asks whether the action worked: that is judged on a closed action, on a named day."""
    if not values.get("effectiveness"):
        return {}
    closed_on, checked_on = values.get("closed_on"), values.get("effectiveness_checked_on")
    if closed_on is None:
        return {"effectiveness": "Close the action before judging whether it worked."}
    if checked_on is None:
        return {"effectiveness_checked_on": "Say when the effectiveness was checked."}
    if (
        isinstance(checked_on, dt.date)
        and isinstance(closed_on, dt.date)
        and checked_on < closed_on
    ):
        return {"effectiveness_checked_on": "The check comes after the action closed."}
    return {}


def approval_names_who_and_when(values: dict) -> dict[str, str]:
    """An approved programme says who approved it and on which day, or neither."""
    if values.get("approved_on") and not values.get("approved_by"):
        return {"approved_by": "Say who approved the programme."}
    if values.get("approved_by") and not values.get("approved_on"):
        return {"approved_on": "Say when the programme was approved."}
    return {}
