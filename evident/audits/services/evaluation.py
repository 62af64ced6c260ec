"""Verbs of performance evaluation and improvement (9, 10): KPIs and their values, the audit
programme and its impartial auditors, management review inputs and outputs, service
reports and the improvement register.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from evident.core import services
from evident.core.tenancy import scoped
from evident.core.verbs import verb

from ..models import (
    AuditProgramme,
    Finding,
    Improvement,
    InternalAudit,
    Kpi,
    KpiMeasurement,
    ManagementReview,
    Nonconformity,
    ReviewOutput,
    ServiceReport,
)
from . import _require_status, _title_for, _today

# What a record must say, checked by the verbs and by the API before anything is written.
# The models accept whatever an imported bundle carries (an older catalogue, a
# computation this installation lacks); entry points refuse it.


def clause_problem(text: str) -> str | None:
    """Why a list of clause numbers cannot be recorded, or ``None``."""
    from ..models import unknown_clauses

    unknown = unknown_clauses(text)
    if unknown:
        return f"not clauses of the standard: {', '.join(unknown)}"
    return None


def computation_problem(computation: str) -> str | None:
    from ..kpis import COMPUTED

    if computation and computation not in COMPUTED:
        return f"no computed KPI {computation!r}; one of {', '.join(sorted(COMPUTED))}"
    return None


def output_problem(kind: str, due_date) -> str | None:
    if kind == ReviewOutput.Kind.ACTION and not due_date:
        return "An action of a review needs a due date."
    return None


def decision_problem(decision: str, decided_on) -> str | None:
    if decision and not decided_on:
        return "Say when the decision was taken."
    return None


def _refuse(field: str, problem: str | None) -> None:
    if problem:
        raise ValidationError({field: problem})


# KPIs (9.1) ----------------------------------------------------------------------------


@verb("kpi.defined")
def define_kpi(organisation, *, key: str, computation: str = "", **fields) -> Kpi:
    """Define a KPI; a computed one takes its name, unit, direction and target from the registry
    unless they are given."""
    _refuse("computation", computation_problem(computation))
    if computation:
        from ..kpis import COMPUTED

        known = COMPUTED.get(computation)
        if known is not None:
            fields.setdefault("name", known.name)
            fields.setdefault("unit", known.unit)
            fields.setdefault("direction", known.direction)
            fields.setdefault("target", known.default_target)
    return services.create_record(Kpi, organisation, key=key, computation=computation, **fields)


@verb("kpi.measured")
def record_kpi_measurement(
    kpi: Kpi,
    *,
    period_start: dt.date,
    period_end: dt.date,
    value,
    source: str = KpiMeasurement.Source.MANUAL,
    basis: dict | None = None,
    note: str = "",
) -> KpiMeasurement:
    """Record a KPI's value for a period; a period measured before is updated, not repeated."""
    if source == KpiMeasurement.Source.COMPUTED and not kpi.is_computed:
        raise ValidationError(
            {"source": f"{kpi.ref} is measured by hand; it has no computed values."}
        )
    fields = {
        "period_end": period_end,
        "value": value,
        "source": source,
        "basis": basis or {},
        "note": note,
        "computed_at": timezone.now() if source == KpiMeasurement.Source.COMPUTED else None,
    }
    existing = kpi.measurements.filter(period_start=period_start).first()
    if existing is not None:
        return services.update_record(existing, **fields)
    return services.create_record(
        KpiMeasurement, kpi.organisation, kpi=kpi, period_start=period_start, **fields
    )


# The internal audit programme (9.2) ----------------------------------------------------


@verb("audit_programme.approved")
def approve_audit_programme(
    programme: AuditProgramme, *, approved_by, approved_on: dt.date | None = None
) -> AuditProgramme:
    if programme.approved_on is not None:
        raise ValidationError({"approved_on": f"{programme.ref} is already approved."})
    return services.update_record(
        programme, approved_by=approved_by, approved_on=approved_on or _today()
    )


def _require_impartial(clauses: str, people) -> None:
    from ..programme import conflicts

    found = conflicts(clauses, people)
    if found:
        raise ValidationError({"auditors": [f"{conflict.sentence()}." for conflict in found]})


@verb("internal_audit.planned")
def plan_internal_audit(
    organisation, *, lead_auditor=None, auditors=(), programme=None, **fields
) -> InternalAudit:
    """Plan an audit; no auditor may audit a process they own or hold a role in."""
    _refuse("clauses", clause_problem(fields.get("clauses", "")))
    _require_impartial(fields.get("clauses", ""), [lead_auditor, *auditors])
    if programme is not None and "planned_date" in fields:
        planned = fields["planned_date"]
        if not programme.cycle_start <= planned <= programme.cycle_end:
            raise ValidationError(
                {
                    "planned_date": f"{planned} is outside the cycle of {programme.ref} "
                    f"({programme.cycle_start} to {programme.cycle_end})."
                }
            )
    return services.create_record(
        InternalAudit,
        organisation,
        lead_auditor=lead_auditor,
        auditors=[getattr(p, "pk", p) for p in auditors],
        programme=programme,
        **fields,
    )


@verb("internal_audit.auditors_assigned")
def assign_auditors(audit: InternalAudit, *, lead_auditor=None, auditors=()) -> InternalAudit:
    """Set an audit's lead auditor and auditors; each must be impartial to what it examines."""
    lead = lead_auditor if lead_auditor is not None else audit.lead_auditor
    _require_impartial(audit.clauses, [lead, *auditors])
    return services.update_record(
        audit, lead_auditor=lead, auditors=[getattr(p, "pk", p) for p in auditors]
    )


@verb("internal_audit.revised")
def update_internal_audit(audit: InternalAudit, **changes) -> InternalAudit:
    """Change an audit; changed auditors or clauses are checked for impartiality again."""
    _refuse("clauses", clause_problem(changes.get("clauses", "")))
    if {"lead_auditor", "auditors", "clauses"} & changes.keys():
        lead = changes.get("lead_auditor", audit.lead_auditor)
        auditors = changes.get("auditors", list(audit.auditors.all()))
        _require_impartial(changes.get("clauses", audit.clauses), [lead, *auditors])
    if "auditors" in changes:
        changes["auditors"] = [getattr(p, "pk", p) for p in changes["auditors"]]
    return services.update_record(audit, **changes)


@verb("nonconformity.raised")
def raise_audit_nonconformity(
    audit: InternalAudit,
    *,
    title: str,
    clause: str,
    statement: str = "",
    grade: str = Nonconformity.Grade.MINOR,
    raised_on: dt.date | None = None,
    checklist_item=None,
    **fields,
) -> Nonconformity:
    """Raise a nonconformity found by an internal audit, and tie it to the checklist item."""
    _refuse("clause", clause_problem(clause))
    nonconformity = services.create_record(
        Nonconformity,
        audit.organisation,
        title=title,
        source=Nonconformity.Source.INTERNAL_AUDIT,
        clause=clause,
        grade=grade,
        statement=statement or f"Raised at {audit.ref}.",
        raised_on=raised_on or audit.completed_on or _today(),
        **fields,
    )
    if checklist_item is not None:
        services.update_record(checklist_item, result="nonconformity", nonconformity=nonconformity)
    return nonconformity


# Management review (9.3) ---------------------------------------------------------------


@verb("management_review.inputs_compiled")
def compile_review_inputs(review: ManagementReview, *, compiled_at=None) -> ManagementReview:
    """Compile every input of the review from the records and keep it as a snapshot.

    ``compiled_at`` defaults to now; loaders of past reviews give the time it was done.
    """
    from ..review_inputs import compile_inputs

    _require_status(
        review,
        {ManagementReview.Status.PLANNED, ManagementReview.Status.HELD},
        "compiled",
    )
    return services.update_record(review, inputs=compile_inputs(review), compiled_at=timezone.now())


@verb("review_output.recorded")
def record_review_output(
    review: ManagementReview, *, kind: str, description: str, **fields
) -> ReviewOutput:
    """Record a decision or an action of a held review."""
    _require_status(review, {ManagementReview.Status.HELD}, "given outputs")
    _refuse("due_date", output_problem(kind, fields.get("due_date")))
    return services.create_record(
        ReviewOutput,
        review.organisation,
        review=review,
        kind=kind,
        description=description,
        **fields,
    )


@verb("review_output.closed")
def close_review_action(output: ReviewOutput, *, closed_on: dt.date | None = None) -> ReviewOutput:
    if output.closed_on is not None:
        raise ValidationError({"closed_on": f"{output.ref} is already closed."})
    return services.update_record(output, closed_on=closed_on or _today())


# Service reporting (9.4) ---------------------------------------------------------------


@verb("service_report.generated")
def generate_service_report(
    service, *, period_start: dt.date, period_end: dt.date
) -> ServiceReport:
    """Generate (or regenerate) the report on ``service`` for the period from the records."""
    from ..service_reports import report_content

    if period_end < period_start:
        raise ValidationError({"period_end": "The period cannot end before it starts."})
    fields = {
        "content": report_content(service, period_start, period_end),
        "generated_at": timezone.now(),
    }
    existing = (
        scoped(ServiceReport, service.organisation)
        .filter(service=service, period_start=period_start, period_end=period_end)
        .first()
    )
    if existing is not None:
        return services.update_record(existing, **fields)
    return services.create_record(
        ServiceReport,
        service.organisation,
        service=service,
        period_start=period_start,
        period_end=period_end,
        **fields,
    )


@verb("service_report.annotated")
def annotate_service_report(report: ServiceReport, *, summary: str) -> ServiceReport:
    """Add the service owner's commentary to a generated report."""
    return services.update_record(report, summary=summary.strip())


# The improvement register (10.2) -------------------------------------------------------


@verb("improvement.raised")
def raise_improvement_from_finding(finding: Finding, *, raised_on: dt.date | None = None):
    """Enter an opportunity for improvement found by the engine in the register (once)."""
    if finding.grade != Finding.Grade.OFI:
        raise ValidationError({"finding": f"{finding.ref} is not an opportunity for improvement."})
    existing = scoped(Improvement, finding.organisation).filter(finding_key=finding.key).first()
    if existing is not None:
        return existing
    return services.create_record(
        Improvement,
        finding.organisation,
        title=_title_for(finding),
        source=Improvement.Source.OFI_FINDING,
        finding_key=finding.key,
        raised_on=raised_on or _today(),
        opportunity=finding.statement,
    )


@verb("improvement.decided")
def decide_improvement(
    improvement: Improvement, *, decision: str, decided_on: dt.date | None = None, owner=None
) -> Improvement:
    """Accept, defer or reject an improvement; an accepted one needs an owner."""
    if decision not in (
        Improvement.Decision.ACCEPTED,
        Improvement.Decision.DEFERRED,
        Improvement.Decision.REJECTED,
    ):
        raise ValidationError({"decision": f"{decision!r} is not a decision."})
    _require_status(improvement, {Improvement.Status.PROPOSED}, "decided")
    owner = owner or improvement.owner
    if decision == Improvement.Decision.ACCEPTED and owner is None:
        raise ValidationError({"owner": "An accepted improvement needs an owner."})
    changes = {"decision": decision, "decided_on": decided_on or _today(), "owner": owner}
    if decision == Improvement.Decision.REJECTED:
        changes["status"] = Improvement.Status.CLOSED
    return services.update_record(improvement, **changes)


@verb("improvement.started")
def start_improvement(improvement: Improvement) -> Improvement:
    if improvement.decision != Improvement.Decision.ACCEPTED:
        raise ValidationError(
            {"decision": f"{improvement.ref} is not accepted; it cannot be started."}
        )
    _require_status(improvement, {Improvement.Status.PROPOSED}, "started")
    return services.update_record(improvement, status=Improvement.Status.IN_PROGRESS)


@verb("improvement.completed")
def complete_improvement(
    improvement: Improvement, *, result: str, completed_on: dt.date | None = None
) -> Improvement:
    """Record that an accepted improvement was carried out, and what it achieved."""
    if improvement.decision != Improvement.Decision.ACCEPTED:
        raise ValidationError(
            {"decision": f"{improvement.ref} is not accepted; it cannot be completed."}
        )
    _require_status(
        improvement, {Improvement.Status.PROPOSED, Improvement.Status.IN_PROGRESS}, "completed"
    )
    if not result.strip():
        raise ValidationError({"result": "Say what the improvement achieved."})
    return services.update_record(
        improvement,
        status=Improvement.Status.COMPLETED,
        completed_on=completed_on or _today(),
        result=result.strip(),
    )
