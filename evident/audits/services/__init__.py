"""Domain verbs of the audits app: nonconformities, corrective action plans, audits, reviews,
and (``services.evaluation``, imported here) KPIs, the audit programme, review inputs and
outputs, service reports and the improvement register.

Each verb enforces its rule, then writes through ``core.services`` so the change
lands in the evidence ledger under the caller's ``acting(...)`` context. Rule
violations raise ``django.core.exceptions.ValidationError`` (a 400 in the API).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from evident.core import services
from evident.core.context import current
from evident.core.tenancy import scoped
from evident.core.verbs import verb

from ..models import (
    CorrectiveAction,
    CorrectiveActionPlan,
    Finding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)

PLAN_PARTS = {
    "correction": "a correction",
    "root_cause": "a root cause",
    "corrective_action": "a corrective action",
    "owner": "an owner",
    "due_date": "a due date",
}


def _today() -> dt.date:
    return timezone.now().astimezone(dt.UTC).date()


def _require_status(record, allowed: set[str], doing: str) -> None:
    if record.status not in allowed:
        raise ValidationError(
            f"{record.ref} is {record.status}; it cannot be {doing} "
            f"(only when {' or '.join(sorted(allowed))})."
        )


@verb("nonconformity.raised")
def raise_nonconformity_from_finding(
    finding: Finding, *, raised_on: dt.date | None = None
) -> Nonconformity:
    """Raise the nonconformity answering an engine finding, or return the open one already raised.

    Only majors and minors are nonconformities; the nonconformity carries the
    finding's key so later evaluations recognise its plan and its closure.
    """
    if finding.grade not in (Finding.Grade.MAJOR, Finding.Grade.MINOR):
        raise ValidationError(
            f"{finding.ref} is {finding.get_grade_display().lower()}, not a nonconformity."
        )
    existing = (
        scoped(Nonconformity, finding.organisation)
        .filter(finding_key=finding.key, status=Nonconformity.Status.OPEN)
        .order_by("ref")
        .first()
    )
    if existing is not None:
        return existing
    return services.create_record(
        Nonconformity,
        finding.organisation,
        title=_title_for(finding),
        source=Nonconformity.Source.ENGINE,
        clause=finding.clause,
        grade=finding.grade,
        statement=finding.statement,
        finding_key=finding.key,
        raised_on=raised_on or _today(),
    )


def _title_for(finding: Finding) -> str:
    from ..engine.registry import get_check

    try:
        title = get_check(finding.check_id).title
    except KeyError:
        title = finding.statement
    return f"{finding.clause} {title}"[:200]


@verb("action_plan.drafted")
def draft_action_plan(nonconformity: Nonconformity, **fields) -> CorrectiveActionPlan:
    """Start the organisation's corrective action plan for a nonconformity."""
    return services.create_record(
        CorrectiveActionPlan,
        nonconformity.organisation,
        nonconformity=nonconformity,
        status=CorrectiveActionPlan.Status.DRAFT,
        **fields,
    )


def _missing_parts(plan: CorrectiveActionPlan, changes: dict | None = None) -> list[str]:
    """The parts of a complete plan that are empty, with ``changes`` applied first."""
    changes = changes or {}
    return [
        label for name, label in PLAN_PARTS.items() if not changes.get(name, getattr(plan, name))
    ]


@verb("action_plan.submitted")
def submit_action_plan(plan: CorrectiveActionPlan, **changes) -> CorrectiveActionPlan:
    """Submit a draft or returned plan to the auditor; it must be complete."""
    _require_status(
        plan, {CorrectiveActionPlan.Status.DRAFT, CorrectiveActionPlan.Status.RETURNED}, "submitted"
    )
    missing = _missing_parts(plan, changes)
    if missing:
        raise ValidationError(f"The plan needs {', '.join(missing)} before it is submitted.")
    return services.update_record(
        plan, **changes, status=CorrectiveActionPlan.Status.SUBMITTED, return_reason=""
    )


@verb("action_plan.accepted")
def accept_action_plan(plan: CorrectiveActionPlan) -> CorrectiveActionPlan:
    """The auditor accepts a submitted, complete plan; the acting person is recorded."""
    _require_status(plan, {CorrectiveActionPlan.Status.SUBMITTED}, "accepted")
    missing = _missing_parts(plan)
    if missing:
        raise ValidationError(f"The plan lacks {', '.join(missing)}; it cannot be accepted.")
    return services.update_record(
        plan,
        status=CorrectiveActionPlan.Status.ACCEPTED,
        decided_at=timezone.now(),
        decided_by=current().actor_name,
    )


@verb("action_plan.returned")
def return_action_plan(plan: CorrectiveActionPlan, *, reason: str) -> CorrectiveActionPlan:
    """The auditor sends a submitted plan back, saying why."""
    _require_status(plan, {CorrectiveActionPlan.Status.SUBMITTED}, "returned")
    if not reason.strip():
        raise ValidationError("Say why the plan is returned.")
    return services.update_record(
        plan,
        status=CorrectiveActionPlan.Status.RETURNED,
        decided_at=timezone.now(),
        decided_by=current().actor_name,
        return_reason=reason.strip(),
    )


@verb("nonconformity.closed")
def close_nonconformity(
    nonconformity: Nonconformity, *, closed_on: dt.date | None = None, verified: bool = False
) -> Nonconformity:
    """Close a nonconformity; a major closes only with its closure verified by an auditor."""
    _require_status(nonconformity, {Nonconformity.Status.OPEN}, "closed")
    if nonconformity.grade == Nonconformity.Grade.MAJOR and not verified:
        raise ValidationError(
            f"{nonconformity.ref} is a major nonconformity: an auditor must verify its closure."
        )
    return services.update_record(
        nonconformity,
        status=Nonconformity.Status.CLOSED,
        closed_on=closed_on or _today(),
        closure_verified=verified,
    )


@verb("corrective_action.closed")
def close_corrective_action(
    action: CorrectiveAction, *, closed_on: dt.date | None = None
) -> CorrectiveAction:
    if action.closed_on is not None:
        raise ValidationError(f"{action.ref} is already closed.")
    return services.update_record(action, closed_on=closed_on or _today())


@verb("nonconformity.effectiveness_recorded")
def record_effectiveness(
    action: CorrectiveAction, *, effective: bool, checked_on: dt.date | None = None
) -> CorrectiveAction:
    """Record whether a closed corrective action removed the cause."""
    if action.closed_on is None:
        raise ValidationError(f"{action.ref} is not closed; check its effect once it is.")
    result = CorrectiveAction.Effectiveness
    return services.update_record(
        action,
        effectiveness=result.EFFECTIVE if effective else result.NOT_EFFECTIVE,
        effectiveness_checked_on=checked_on or _today(),
    )


@verb("internal_audit.completed")
def complete_internal_audit(
    audit: InternalAudit, *, completed_on: dt.date | None = None, summary: str = ""
) -> InternalAudit:
    """Record that a planned internal audit was carried out."""
    _require_status(audit, {InternalAudit.Status.PLANNED}, "completed")
    changes = {"status": InternalAudit.Status.COMPLETED, "completed_on": completed_on or _today()}
    if summary:
        changes["summary"] = summary
    return services.update_record(audit, **changes)


@verb("management_review.held")
def hold_management_review(
    review: ManagementReview, *, minutes: str, held_on: dt.date | None = None
) -> ManagementReview:
    """Record that a planned management review was held, with its minutes."""
    _require_status(review, {ManagementReview.Status.PLANNED}, "held")
    if not minutes.strip():
        raise ValidationError("A management review is recorded with its minutes.")
    return services.update_record(
        review,
        status=ManagementReview.Status.HELD,
        held_on=held_on or _today(),
        minutes=minutes.strip(),
    )


# Imported last: those verbs use the helpers above.
from .evaluation import (  # noqa: E402
    annotate_service_report,
    approve_audit_programme,
    assign_auditors,
    clause_problem,
    close_review_action,
    compile_review_inputs,
    complete_improvement,
    computation_problem,
    decide_improvement,
    decision_problem,
    define_kpi,
    generate_service_report,
    output_problem,
    plan_internal_audit,
    raise_audit_nonconformity,
    raise_improvement_from_finding,
    record_kpi_measurement,
    record_review_output,
    start_improvement,
    update_internal_audit,
)

__all__ = [
    "accept_action_plan",
    "annotate_service_report",
    "approve_audit_programme",
    "assign_auditors",
    "clause_problem",
    "close_corrective_action",
    "close_nonconformity",
    "close_review_action",
    "compile_review_inputs",
    "complete_improvement",
    "complete_internal_audit",
    "computation_problem",
    "decide_improvement",
    "decision_problem",
    "define_kpi",
    "draft_action_plan",
    "generate_service_report",
    "hold_management_review",
    "output_problem",
    "plan_internal_audit",
    "raise_audit_nonconformity",
    "raise_improvement_from_finding",
    "raise_nonconformity_from_finding",
    "record_effectiveness",
    "record_kpi_measurement",
    "record_review_output",
    "return_action_plan",
    "start_improvement",
    "submit_action_plan",
    "update_internal_audit",
]
