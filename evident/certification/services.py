"""Domain verbs of the certification audit: plan, fieldwork, findings, outcome, decision.

Each verb checks who may do it and in which state the engagement must be,
then writes through ``core.services`` so the change lands in the evidence
ledger under the caller's ``acting(...)`` context. A wrong state or bad input
raises ``ValidationError`` naming the field or the state (a 400 in the API);
a wrong role raises ``PermissionDenied`` (a 403).

Who may act: an auditor (internal or external auditor role) runs fieldwork,
judges, grades and decides. Writes with no signed-in user behind them (a
command, the demo builder) are trusted as the operator's. The organisation's
own people answer nonconformities with action plans through the verbs of
``audits.services``.

Fieldwork (sampling, judgement, interviews) lives in ``fieldwork.py``; the
recommendation in ``recommendation.py``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from evident.audits import clauses as catalogue
from evident.audits.models import Evaluation, Finding, Nonconformity, Sample
from evident.core import services
from evident.core.context import current
from evident.core.models import FINDING_WRITER_ROLES, Membership, Role
from evident.core.tenancy import scoped

from .models import AuditEngagement, CertificationDecision, EngagementFinding, Grade
from .recommendation import current_recommendation, is_open_major, stage1_outcome

AUDITOR_ROLES = frozenset({Role.EXTERNAL_AUDITOR, Role.INTERNAL_AUDITOR})
State = AuditEngagement.State
Kind = AuditEngagement.Kind
Status = EngagementFinding.Status
Decision = CertificationDecision.Decision

# Which stage of the engine an engagement of each kind runs.
ENGINE_STAGE = {Kind.STAGE1: 1, Kind.STAGE2: 2, Kind.SURVEILLANCE: 2, Kind.INTERNAL: 2}
STAGE1_GRADES = {Grade.AREA_OF_CONCERN}
STAGE2_GRADES = {Grade.MAJOR, Grade.MINOR, Grade.OFI}
SEVERITIES = {"high", "medium", "low"}
STAGE1_DECISIONS = {Decision.READY, Decision.CONDITIONALLY_READY, Decision.NOT_READY}
STAGE2_DECISIONS = {Decision.CERTIFY, Decision.CERTIFY_AFTER_CAP, Decision.DO_NOT_CERTIFY}
# Findings that stand: the auditor confirmed them, changed them, or raised them.
STANDING = (Status.CONFIRMED, Status.CHANGED)
PERIOD_MONTHS = 12


def _today() -> dt.date:
    return timezone.now().astimezone(dt.UTC).date()


# Guards ------------------------------------------------------------------------------


def require_role(organisation, roles, doing: str, who: str = "an auditor (internal or external)"):
    """The signed-in actor must hold one of ``roles`` (``who`` names them); commands are trusted."""
    user = current().user
    if user is None:
        return
    role = (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )
    if role not in roles:
        raise PermissionDenied(f"Only {who} may {doing}.")


def require_auditor(organisation, doing: str) -> None:
    require_role(organisation, AUDITOR_ROLES, doing)


def require_state(engagement: AuditEngagement, allowed, doing: str) -> None:
    if engagement.state not in allowed:
        wanted = " or ".join(State(s).label.lower() for s in allowed)
        raise ValidationError(
            {
                "state": f"{engagement.ref} is {engagement.get_state_display().lower()}; "
                f"it cannot {doing} (only when {wanted})."
            }
        )


def is_stage1(engagement: AuditEngagement) -> bool:
    return engagement.kind == Kind.STAGE1


def _require_kind(engagement: AuditEngagement, stage: int, doing: str) -> None:
    if ENGINE_STAGE[engagement.kind] != stage:
        raise ValidationError(
            {"kind": f"{engagement.ref} is a {engagement.get_kind_display()}; it cannot {doing}."}
        )


# Planning and fieldwork ---------------------------------------------------------------


def plan_engagement(organisation, *, title: str, kind: str, audit_date: dt.date, **fields):
    """Plan an audit; the period defaults to the twelve months before the audit date."""
    require_role(organisation, FINDING_WRITER_ROLES, "plan an audit", "an auditor or an SMS writer")
    from evident.audits.engine.scope import months_before

    fields.setdefault("period_start", months_before(audit_date, PERIOD_MONTHS))
    fields.setdefault("period_end", audit_date)
    if fields["period_start"] > fields["period_end"]:
        raise ValidationError({"period_start": "The period must start before it ends."})
    return services.create_record(
        AuditEngagement,
        organisation,
        title=title,
        kind=kind,
        audit_date=audit_date,
        state=State.PLANNED,
        **fields,
    )


def start_fieldwork(engagement: AuditEngagement, *, seed: int | None = None) -> AuditEngagement:
    """Run the engine for the engagement's stage and date, and draft a finding from each result."""
    require_auditor(engagement.organisation, "start fieldwork")
    require_state(engagement, {State.PLANNED}, "start fieldwork")
    from evident.audits.engine import run_evaluation

    with transaction.atomic():
        evaluation = run_evaluation(
            engagement.organisation,
            ENGINE_STAGE[engagement.kind],
            audit_date=engagement.audit_date,
            seed=seed,
        )
        draft_findings(engagement, evaluation)
        return services.update_record(engagement, evaluation=evaluation, state=State.FIELDWORK)


def draft_findings(
    engagement: AuditEngagement,
    evaluation: Evaluation,
    *,
    status: str = Status.DRAFT,
    reason: str = "",
    nonconformity_for=None,
) -> list:
    """One engagement finding per engine finding (a draft unless told), with its samples."""
    from evident.audits.engine.registry import get_check

    samples = list(scoped(Sample, engagement.organisation).filter(evaluation=evaluation))
    drafted = []
    for finding in scoped(Finding, engagement.organisation).filter(evaluation=evaluation):
        try:
            requirement = get_check(finding.check_id).title
        except KeyError:
            requirement = ""
        drafted.append(
            services.create_record(
                EngagementFinding,
                engagement.organisation,
                engagement=engagement,
                origin=EngagementFinding.Origin.ENGINE,
                engine_finding=finding,
                key=finding.key,
                clause=finding.clause,
                grade=finding.grade,
                severity=finding.severity,
                statement=finding.statement,
                requirement=requirement,
                records=finding.records,
                engine_samples=[s.ref for s in samples if s.clause == finding.clause],
                status=status,
                reason=reason,
                nonconformity=nonconformity_for(finding, requirement)
                if nonconformity_for
                else None,
            )
        )
    return drafted


# The auditor's decisions on findings --------------------------------------------------


def _require_open_finding(finding: EngagementFinding, doing: str) -> None:
    require_auditor(finding.organisation, doing)
    require_state(finding.engagement, {State.FIELDWORK}, doing)


def _reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason for the decision."})
    return reason.strip()


def _check_grade(engagement: AuditEngagement, grade: str, severity: str) -> str:
    """The severity to store, once ``grade`` (and severity) fit the engagement's stage."""
    if is_stage1(engagement):
        if grade not in STAGE1_GRADES:
            raise ValidationError({"grade": "A Stage 1 finding is an area of concern."})
        if severity not in SEVERITIES:
            raise ValidationError({"severity": "Say whether the concern is high, medium or low."})
        return severity
    if grade not in STAGE2_GRADES:
        raise ValidationError({"grade": "A finding of this audit is major, minor or an OFI."})
    return ""


def confirm_finding(finding: EngagementFinding, *, reason: str = "") -> EngagementFinding:
    """The auditor agrees with a draft finding as it stands."""
    _require_open_finding(finding, "confirm a finding")
    if finding.status == Status.WITHDRAWN:
        raise ValidationError({"status": f"{finding.ref} is withdrawn; raise a new finding."})
    return services.update_record(finding, status=Status.CONFIRMED, reason=(reason or "").strip())


def regrade_finding(
    finding: EngagementFinding, *, grade: str, severity: str = "", reason: str
) -> EngagementFinding:
    """The auditor changes a finding's grade (or a concern's severity), saying why."""
    _require_open_finding(finding, "regrade a finding")
    reason = _reason(reason)
    severity = _check_grade(finding.engagement, grade, severity)
    return services.update_record(
        finding, grade=grade, severity=severity, status=Status.CHANGED, reason=reason
    )


def withdraw_finding(finding: EngagementFinding, *, reason: str) -> EngagementFinding:
    """The auditor sets a finding aside, saying why; it stays in the list and the history."""
    _require_open_finding(finding, "withdraw a finding")
    return services.update_record(finding, status=Status.WITHDRAWN, reason=_reason(reason))


def add_auditor_finding(
    engagement: AuditEngagement,
    *,
    clause: str,
    grade: str,
    statement: str,
    requirement: str,
    reason: str,
    severity: str = "",
    records=(),
    samples=(),
    fieldwork_samples=(),
    interviews=(),
) -> EngagementFinding:
    """A finding the auditor raises from their own evidence: records, samples, interviews."""
    require_auditor(engagement.organisation, "add a finding")
    require_state(engagement, {State.FIELDWORK}, "add a finding")
    if not catalogue.is_known_clause(clause):
        raise ValidationError({"clause": f"{clause!r} is not a clause of the catalogue."})
    severity = _check_grade(engagement, grade, severity)
    if not statement.strip():
        raise ValidationError({"statement": "State what was found."})
    if not requirement.strip():
        raise ValidationError({"requirement": "Say which requirement it fails, in your words."})
    ref = services.reserve_refs(engagement.organisation, EngagementFinding.REF_PREFIX, 1)[0]
    return services.create_record(
        EngagementFinding,
        engagement.organisation,
        ref=ref,
        engagement=engagement,
        origin=EngagementFinding.Origin.AUDITOR,
        key=f"{engagement.ref}:{ref}",
        clause=clause,
        grade=grade,
        severity=severity,
        statement=statement.strip(),
        requirement=requirement.strip(),
        reason=_reason(reason),
        records=list(records),
        engine_samples=[s.ref for s in samples],
        fieldwork_samples=[s.pk for s in fieldwork_samples],
        interviews=[i.pk for i in interviews],
        status=Status.CONFIRMED,
    )


def _require_no_drafts(engagement: AuditEngagement, doing: str) -> None:
    drafts = engagement.findings.filter(status=Status.DRAFT).order_by("ref")
    refs = list(drafts.values_list("ref", flat=True))
    if refs:
        raise ValidationError(
            {"findings": f"Confirm, regrade or withdraw {', '.join(refs)} before you {doing}."}
        )


def standing_findings(engagement: AuditEngagement):
    return engagement.findings.filter(status__in=STANDING)


# Stage 1: the outcome -----------------------------------------------------------------


def issue_stage1_outcome(
    engagement: AuditEngagement, *, rationale: str = "", decided_by=None
) -> CertificationDecision:
    """Issue Ready, Conditionally Ready or Not Ready from the standing concerns.

    The outcome follows the Stage 1 rules (any high concern: not ready; any
    medium: conditionally ready); the high and medium concerns are listed as
    those to resolve before Stage 2.
    """
    require_auditor(engagement.organisation, "issue the Stage 1 outcome")
    _require_kind(engagement, 1, "issue a Stage 1 outcome")
    require_state(engagement, {State.FIELDWORK}, "issue the outcome")
    _require_no_drafts(engagement, "issue the outcome")
    findings = list(standing_findings(engagement).order_by("clause", "ref"))
    outcome = stage1_outcome(findings)
    concerns = concerns_to_resolve(findings)
    rationale = rationale.strip() or stage1_rationale(outcome, concerns)
    with transaction.atomic():
        decision = decision_record(engagement, outcome, outcome, rationale, decided_by, concerns)
        services.update_record(engagement, state=State.DECIDED)
    return decision


def concerns_to_resolve(findings) -> list[dict]:
    """The high and medium concerns, which must be resolved before Stage 2."""
    return [
        {"ref": f.ref, "clause": f.clause, "severity": f.severity, "statement": f.statement}
        for f in findings
        if f.severity in ("high", "medium")
    ]


def stage1_rationale(outcome: str, concerns: list[dict]) -> str:
    label = Decision(outcome).label
    if not concerns:
        return f"{label}: no area of concern above low severity stands."
    return f"{label}: {len(concerns)} area(s) of concern to resolve before Stage 2."


# Stage 2: findings, plans, decision ---------------------------------------------------


def issue_stage2_findings(engagement: AuditEngagement) -> AuditEngagement:
    """Raise a nonconformity for each standing major and minor; then await the action plans."""
    require_auditor(engagement.organisation, "issue the findings")
    _require_kind(engagement, 2, "issue Stage 2 findings")
    require_state(engagement, {State.FIELDWORK}, "issue the findings")
    _require_no_drafts(engagement, "issue the findings")
    with transaction.atomic():
        raised = 0
        for finding in standing_findings(engagement).filter(grade__in=[Grade.MAJOR, Grade.MINOR]):
            nonconformity = raise_nonconformity(engagement, finding)
            services.update_record(finding, nonconformity=nonconformity)
            raised += 1
        state = State.AWAITING_CAP if raised else State.REPORTING
        return services.update_record(engagement, state=state)


def raise_nonconformity(engagement: AuditEngagement, finding):
    """The open nonconformity carrying the finding's key, raised now if there is none.

    The key is the engine's for engine findings, so later evaluations recognise
    the plan and the closure; the grade is the auditor's.
    """
    existing = (
        scoped(Nonconformity, engagement.organisation)
        .filter(finding_key=finding.key, status=Nonconformity.Status.OPEN)
        .order_by("ref")
        .first()
    )
    if existing is not None:
        if existing.grade != finding.grade:
            existing = services.update_record(existing, grade=finding.grade)
        return existing
    source = (
        Nonconformity.Source.INTERNAL_AUDIT
        if engagement.kind == Kind.INTERNAL
        else Nonconformity.Source.EXTERNAL_AUDIT
    )
    return services.create_record(
        Nonconformity,
        engagement.organisation,
        title=f"{finding.clause} {finding.requirement or finding.statement}"[:200],
        source=source,
        clause=finding.clause,
        grade=finding.grade,
        statement=finding.statement,
        finding_key=finding.key,
        raised_on=engagement.audit_date,
    )


def verify_closure(finding: EngagementFinding, *, evidence: str, closed_on=None):
    """The auditor verifies a major's closure on the evidence seen; the nonconformity closes."""
    from evident.audits import services as audits

    require_auditor(finding.organisation, "verify a closure")
    require_state(finding.engagement, {State.AWAITING_CAP, State.DECIDED}, "verify a closure")
    if finding.nonconformity is None:
        raise ValidationError({"nonconformity": f"{finding.ref} has no nonconformity to close."})
    if not (evidence or "").strip():
        raise ValidationError({"evidence": "Say what evidence shows the cause is removed."})
    with transaction.atomic():
        audits.close_nonconformity(finding.nonconformity, closed_on=closed_on, verified=True)
        return services.update_record(finding, closure_evidence=evidence.strip())


def record_decision(
    engagement: AuditEngagement, *, decision: str, rationale: str, decided_by=None
) -> CertificationDecision:
    """Record the certification decision; it may not go further than rule 8 allows."""
    require_auditor(engagement.organisation, "decide")
    _require_kind(engagement, 2, "take a certification decision")
    require_state(engagement, {State.REPORTING, State.AWAITING_CAP}, "be decided")
    if decision not in STAGE2_DECISIONS:
        raise ValidationError({"decision": f"{decision!r} is not a certification decision."})
    if not (rationale or "").strip():
        raise ValidationError({"rationale": "Give the rationale for the decision."})
    recommendation = current_recommendation(engagement)
    NR = Evaluation.Recommendation
    if decision == Decision.CERTIFY and recommendation != NR.RECOMMENDED:
        raise ValidationError(
            {
                "decision": f"Certification needs the recommendation 'recommended', not "
                f"'{NR(recommendation).label}'."
            }
        )
    if decision == Decision.CERTIFY_AFTER_CAP and recommendation == NR.NOT_RECOMMENDED:
        raise ValidationError({"decision": "An open major nonconformity rules out certification."})
    with transaction.atomic():
        result = decision_record(
            engagement, decision, recommendation, rationale.strip(), decided_by, []
        )
        services.update_record(engagement, state=State.DECIDED)
    return result


def decision_record(engagement, decision, recommendation, rationale, decided_by, concerns):
    return services.create_record(
        CertificationDecision,
        engagement.organisation,
        engagement=engagement,
        recommendation=recommendation,
        decision=decision,
        concerns_to_resolve=concerns,
        decided_by=decided_by,
        decided_by_name=current().actor_name,
        decided_at=timezone.now(),
        rationale=rationale,
    )


def close_engagement(engagement: AuditEngagement) -> AuditEngagement:
    """Close a decided engagement: nothing more is recorded on it."""
    require_auditor(engagement.organisation, "close the audit")
    require_state(engagement, {State.DECIDED}, "be closed")
    return services.update_record(engagement, state=State.CLOSED)


__all__ = [
    "AUDITOR_ROLES",
    "add_auditor_finding",
    "close_engagement",
    "confirm_finding",
    "current_recommendation",
    "is_open_major",
    "issue_stage1_outcome",
    "issue_stage2_findings",
    "plan_engagement",
    "record_decision",
    "regrade_finding",
    "start_fieldwork",
    "verify_closure",
    "withdraw_finding",
]
