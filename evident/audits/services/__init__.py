"""Domain verbs of the audits app: nonconformities, corrective action plans, audits, reviews,
and (``services.evaluation``, imported here) KPIs, the audit programme, review inputs and
outputs, service reports and the improvement register.

Each verb enforces its rule, then writes through ``core.services`` so the change
lands in the evidence ledger under the caller's ``acting(...)`` context. Rule
violations raise ``django.core.exceptions.ValidationError`` (a 400 in the API).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evident.core import services
from evident.core.context import current
from evident.core.models import Membership, Role
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


# Accepting or returning a plan and verifying a closure are decisions for auditors.
AUDITOR_ROLES = frozenset({Role.EXTERNAL_AUDITOR, Role.INTERNAL_AUDITOR})


def _today() -> dt.date:
    return timezone.now().astimezone(dt.UTC).date()


def _require_status(record, allowed: set[str], doing: str) -> None:
    if record.status not in allowed:
        raise ValidationError(
            {
                "status": f"{record.ref} is {record.status}; it cannot be {doing} "
                f"(only when {' or '.join(sorted(allowed))})."
            }
        )


def _require_past(field: str, day: dt.date, what: str) -> None:
    """What is recorded as done has happened: a date after today is a plan, not a record."""
    if day > _today():
        raise ValidationError(
            {field: f"{day} is in the future; {what} is recorded once it is done."}
        )


def require_role(organisation, roles, doing: str) -> None:
    """The signed-in actor holds one of ``roles`` in ``organisation``; commands are trusted."""
    user = current().user
    if user is None:
        return
    role = (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )
    if role not in roles:
        raise PermissionDenied(f"Your role in this organisation cannot {doing}.")


@verb("nonconformity.raised")
def raise_nonconformity_from_finding(
    finding: Finding, *, raised_on: dt.date | None = None
) -> Nonconformity:
    """Raise the nonconformity answering an engine finding, or return the open one already raised.

    Only majors and minors are nonconformities; the nonconformity carries the
    finding's key so later evaluations recognise its plan and its closure.
    """
    if finding.grade not in (Finding.Grade.MAJOR, Finding.Grade.MINOR):
        grade = finding.get_grade_display().lower()
        raise ValidationError({"finding": f"{finding.ref} is {grade}, not a nonconformity."})
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


def _missing_parts(plan: CorrectiveActionPlan, changes: dict | None = None) -> dict[str, str]:
    """The parts of a complete plan that are empty, with ``changes`` applied first, by field."""
    changes = changes or {}
    return {
        name: label
        for name, label in PLAN_PARTS.items()
        if not changes.get(name, getattr(plan, name))
    }


@verb("action_plan.submitted")
def submit_action_plan(plan: CorrectiveActionPlan, **changes) -> CorrectiveActionPlan:
    """Submit a draft or returned plan to the auditor; it must be complete."""
    _require_status(
        plan, {CorrectiveActionPlan.Status.DRAFT, CorrectiveActionPlan.Status.RETURNED}, "submitted"
    )
    missing = _missing_parts(plan, changes)
    if missing:
        raise ValidationError(
            {
                name: f"The plan needs {label} before it is submitted."
                for name, label in missing.items()
            }
        )
    return services.update_record(
        plan, **changes, status=CorrectiveActionPlan.Status.SUBMITTED, return_reason=""
    )


@verb("action_plan.accepted")
def accept_action_plan(plan: CorrectiveActionPlan) -> CorrectiveActionPlan:
    """The auditor accepts a submitted, complete plan; the acting person is recorded."""
    _require_status(plan, {CorrectiveActionPlan.Status.SUBMITTED}, "accepted")
    missing = _missing_parts(plan)
    if missing:
        raise ValidationError(
            {
                name: f"The plan lacks {label}; it cannot be accepted."
                for name, label in missing.items()
            }
        )
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
        raise ValidationError({"reason": "Say why the plan is returned."})
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
    """Close a nonconformity; a major closes only with its closure verified by an auditor.

    Only an auditor verifies: the ledger then names who verified the closure, and when.
    """
    _require_status(nonconformity, {Nonconformity.Status.OPEN}, "closed")
    if verified:
        require_role(nonconformity.organisation, AUDITOR_ROLES, "verify a closure")
    if nonconformity.grade == Nonconformity.Grade.MAJOR and not verified:
        raise ValidationError(
            {
                "verified": f"{nonconformity.ref} is a major nonconformity: "
                "an auditor must verify its closure."
            }
        )
    closed_on = closed_on or _today()
    if closed_on < nonconformity.raised_on:
        raise ValidationError(
            {"closed_on": f"{nonconformity.ref} was raised on {nonconformity.raised_on}."}
        )
    return services.update_record(
        nonconformity,
        status=Nonconformity.Status.CLOSED,
        closed_on=closed_on,
        closure_verified=verified,
    )


@verb("corrective_action.closed")
def close_corrective_action(
    action: CorrectiveAction, *, closed_on: dt.date | None = None
) -> CorrectiveAction:
    if action.closed_on is not None:
        raise ValidationError({"closed_on": f"{action.ref} is already closed."})
    return services.update_record(action, closed_on=closed_on or _today())


@verb("nonconformity.effectiveness_recorded")
def record_effectiveness(
    action: CorrectiveAction, *, effective: bool, checked_on: dt.date | None = None
) -> CorrectiveAction:
    """Record whether a closed corrective action removed the cause."""
    if action.closed_on is None:
        raise ValidationError(
            {"effectiveness": f"{action.ref} is not closed; check its effect once it is."}
        )
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
    completed_on = completed_on or _today()
    _require_past("completed_on", completed_on, "an audit")
    changes = {"status": InternalAudit.Status.COMPLETED, "completed_on": completed_on}
    if summary:
        changes["summary"] = summary
    return services.update_record(audit, **changes)


def _with_reason(text: str, reason: str) -> str:
    """``text`` with the reason for a cancellation added, so the record says why."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why it is cancelled."})
    return "\n\n".join(part for part in (text.strip(), f"Cancelled: {reason.strip()}") if part)


@verb("internal_audit.cancelled")
def cancel_internal_audit(audit: InternalAudit, *, reason: str) -> InternalAudit:
    """Cancel a planned audit, saying why; the programme then shows the clauses it leaves out."""
    _require_status(audit, {InternalAudit.Status.PLANNED}, "cancelled")
    return services.update_record(
        audit, status=InternalAudit.Status.CANCELLED, summary=_with_reason(audit.summary, reason)
    )


@verb("management_review.held")
def hold_management_review(
    review: ManagementReview, *, minutes: str, held_on: dt.date | None = None
) -> ManagementReview:
    """Record that a planned management review was held, with its minutes."""
    _require_status(review, {ManagementReview.Status.PLANNED}, "held")
    if not minutes.strip():
        raise ValidationError({"minutes": "A management review is recorded with its minutes."})
    held_on = held_on or _today()
    _require_past("held_on", held_on, "a review")
    return services.update_record(
        review, status=ManagementReview.Status.HELD, held_on=held_on, minutes=minutes.strip()
    )


@verb("management_review.cancelled")
def cancel_management_review(review: ManagementReview, *, reason: str) -> ManagementReview:
    """Cancel a planned review, saying why (the next one must still cover every input)."""
    _require_status(review, {ManagementReview.Status.PLANNED}, "cancelled")
    return services.update_record(
        review,
        status=ManagementReview.Status.CANCELLED,
        minutes=_with_reason(review.minutes, reason),
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
    "AUDITOR_ROLES",
    "accept_action_plan",
    "annotate_service_report",
    "approve_audit_programme",
    "assign_auditors",
    "cancel_internal_audit",
    "cancel_management_review",
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
    "require_role",
    "return_action_plan",
    "start_improvement",
    "submit_action_plan",
    "update_internal_audit",
]
