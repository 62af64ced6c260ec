"""The rules a person entering audit and improvement records is held to, in the API and pages.

Imported bundles may carry what these refuse (a computation this installation
lacks, a clause of an older catalogue); see ``evident.core.writers``.
"""

from __future__ import annotations

from evident.core.writers import register_rules, register_writer

from .models import AuditChecklistItem, Improvement, InternalAudit, Kpi, ReviewOutput
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


def register() -> None:
    register_rules(Kpi, known_computation)
    register_rules(AuditChecklistItem, clause_of_the_standard)
    register_rules(ReviewOutput, action_has_due_date)
    register_rules(Improvement, decision_is_dated)
    register_writer(
        InternalAudit, create=verbs.plan_internal_audit, update=verbs.update_internal_audit
    )
