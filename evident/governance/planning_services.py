"""Verbs of the SMS's scope (4.3), its certification phases, objectives (6.2) and risks (6.1).

Each is a decision an auditor samples: who approved the scope and when (the
scope it replaces is superseded in the same operation), a phase certified only
under an approved scope and after the phases before it, an objective judged
achieved or missed against its measure, a risk treated only with a treatment and
an owner. The ledger entry of each verb records who made it and when.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.models import Organisation, Person
from evident.core.tenancy import scoped
from evident.core.verbs import verb
from evident.support.rules import (
    refuse_approval_by_editing,
    refuse_edits_after_approval,
    refuse_future,
    refuse_unless,
)

from .models import Objective, Risk, ScopePhase, ScopeStatement

Scope = ScopeStatement.Status
Phase = ScopePhase.Status


@verb("scopestatement.drafted")
def draft_scope_statement(organisation: Organisation, **fields) -> ScopeStatement:
    """Write a version of the scope; it is a draft until its approval is recorded."""
    refuse_approval_by_editing(fields)
    return services.create_record(ScopeStatement, organisation, **fields)


@verb("scopestatement.revised")
def revise_scope_statement(statement: ScopeStatement, **changes) -> ScopeStatement:
    """Edit a draft scope; an approved or superseded one is kept as it was approved."""
    refuse_edits_after_approval(statement, changes, draft=Scope.DRAFT)
    return services.update_record(statement, **changes)


@verb("scopestatement.approved")
def approve_scope_statement(
    statement: ScopeStatement, *, approved_by: Person, approved_at: dt.datetime
) -> ScopeStatement:
    """Approve a draft scope: it comes into force and the scope in force until now is superseded."""
    refuse_unless(statement, (Scope.DRAFT,), "be approved (only a draft is)")
    refuse_future("approved_at", approved_at)
    in_force = list(
        scoped(ScopeStatement, statement.organisation)
        .filter(status=Scope.APPROVED, voided_at__isnull=True)
        .exclude(pk=statement.pk)
    )
    dated = [s for s in in_force if s.approved_at is not None]
    latest = max(dated, key=lambda s: s.approved_at, default=None)
    if latest is not None and approved_at < latest.approved_at:
        raise ValidationError(
            {
                "approved_at": f"The scope in force ({latest.ref}, version {latest.version}) was "
                f"approved on {latest.approved_at:%Y-%m-%d %H:%M}: a scope replacing it is "
                "approved after that."
            }
        )
    services.update_record(
        statement, status=Scope.APPROVED, approved_by=approved_by, approved_at=approved_at
    )
    for replaced in in_force:
        supersede_scope_statement(replaced)
    return statement


@verb("scopestatement.superseded")
def supersede_scope_statement(statement: ScopeStatement) -> ScopeStatement:
    """Take an approved scope out of force because a newer approved version replaces it."""
    refuse_unless(statement, (Scope.APPROVED,), "be superseded (only an approved scope is)")
    return services.update_record(statement, status=Scope.SUPERSEDED)


@verb("scopephase.started")
def start_scope_phase(phase: ScopePhase) -> ScopePhase:
    """Record that the services of ``phase`` are being brought to certification."""
    refuse_unless(phase, (Phase.PLANNED,), "be started")
    return services.update_record(phase, status=Phase.IN_PROGRESS)


@verb("scopephase.certified")
def certify_scope_phase(phase: ScopePhase) -> ScopePhase:
    """Record that the phase's services were certified, under an approved scope, in order."""
    refuse_unless(phase, (Phase.IN_PROGRESS,), "be certified (only a phase in progress is)")
    scope = phase.scope
    if scope.status != Scope.APPROVED:
        problem = f"{scope.ref} is {scope.status}: a phase is certified under an approved scope."
        raise ValidationError({"scope": problem})
    earlier = (
        scope.phases.filter(number__lt=phase.number, voided_at__isnull=True)
        .exclude(status=Phase.CERTIFIED)
        .order_by("number")
    )
    if earlier.exists():
        numbers = ", ".join(str(p.number) for p in earlier)
        raise ValidationError(
            {"number": f"Phase {numbers} of {scope.ref} is not certified yet: phases go in order."}
        )
    return services.update_record(phase, status=Phase.CERTIFIED)


@verb("objective.achieved")
def achieve_objective(objective: Objective) -> Objective:
    """Judge ``objective`` achieved: it is measurable and no KPI of it says otherwise."""
    refuse_unless(objective, (Objective.Status.ACTIVE,), "be judged achieved")
    _refuse_unmeasurable(objective)
    short = _kpis_short_of_target(objective)
    if short:
        raise ValidationError({"status": f"Its KPIs do not show it achieved: {'; '.join(short)}."})
    return services.update_record(objective, status=Objective.Status.ACHIEVED)


@verb("objective.missed")
def miss_objective(objective: Objective) -> Objective:
    """Judge ``objective`` missed against its measure and target."""
    refuse_unless(objective, (Objective.Status.ACTIVE,), "be judged missed")
    _refuse_unmeasurable(objective)
    return services.update_record(objective, status=Objective.Status.MISSED)


@verb("objective.withdrawn")
def withdraw_objective(objective: Objective) -> Objective:
    """Stop pursuing ``objective`` (the SMS no longer works towards it)."""
    refuse_unless(objective, (Objective.Status.ACTIVE,), "be withdrawn")
    return services.update_record(objective, status=Objective.Status.WITHDRAWN)


def _refuse_unmeasurable(objective: Objective) -> None:
    # Achieved or missed is a judgement against a target; without one it is an opinion.
    errors = {}
    if not objective.measure:
        errors["measure"] = "Say how the objective is measured before judging it."
    if objective.target_value is None:
        errors["target_value"] = "Give the target it is judged against."
    if errors:
        raise ValidationError(errors)


def _kpis_short_of_target(objective: Objective) -> list[str]:
    """Each KPI of ``objective`` whose latest value misses its target, described."""
    short = []
    for kpi in objective.kpis.filter(voided_at__isnull=True, target__isnull=False).order_by("ref"):
        last = (
            kpi.measurements.filter(voided_at__isnull=True, value__isnull=False)
            .order_by("-period_start")
            .first()
        )
        if last is not None and kpi.meets_target(last.value) is False:
            short.append(
                f"{kpi.name} ({kpi.ref}) was {last.value} in {last.period_start:%Y-%m}, "
                f"against a target of {kpi.target}"
            )
    return short


@verb("risk.treated")
def treat_risk(risk: Risk, *, treatment: str = "", owner: Person | None = None) -> Risk:
    """Record that ``risk`` is treated: how (its treatment) and who owns it."""
    refuse_unless(risk, (Risk.Status.OPEN,), "be treated (only an open risk is)")
    treatment = (treatment or risk.treatment).strip()
    owner = owner or risk.owner
    errors = {}
    if not treatment:
        errors["treatment"] = "Say how the risk is treated."
    if owner is None:
        errors["owner"] = "Name who owns the risk and its treatment."
    if errors:
        raise ValidationError(errors)
    return services.update_record(
        risk, status=Risk.Status.TREATED, treatment=treatment, owner=owner
    )


@verb("risk.closed")
def close_risk(risk: Risk) -> Risk:
    """Take ``risk`` off the live register: it no longer applies."""
    refuse_unless(risk, (Risk.Status.OPEN, Risk.Status.TREATED), "be closed")
    return services.update_record(risk, status=Risk.Status.CLOSED)


@verb("risk.reopened")
def reopen_risk(risk: Risk) -> Risk:
    """Put ``risk`` back on the live register: a review found it applies again."""
    refuse_unless(risk, (Risk.Status.TREATED, Risk.Status.CLOSED), "be reopened")
    return services.update_record(risk, status=Risk.Status.OPEN)
