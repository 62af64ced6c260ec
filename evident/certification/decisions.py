"""How an audit ends: the Stage 1 outcome, or the Stage 2 findings, plans and decision.

Each verb here moves the engagement's state (see ``records.py`` for the
lifecycle the API and the pages follow) or, for a major, verifies the closure
of its nonconformity. The outcome and the decision are the auditor's and are
kept as decision records with who decided, when, what the rules recommended
then, and why.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from evident.audits.models import Evaluation, Nonconformity
from evident.core import services
from evident.core.context import current
from evident.core.tenancy import scoped
from evident.core.verbs import verb

from .models import AuditEngagement, CertificationDecision, Grade
from .recommendation import current_recommendation, stage1_outcome
from .rules import (
    STAGE2_DECISIONS,
    Decision,
    Kind,
    State,
    require_auditor,
    require_kind,
    require_no_drafts,
    require_state,
    standing_findings,
)

# Stage 1: the outcome -----------------------------------------------------------------


@verb("audit_engagement.outcome_issued")
def issue_stage1_outcome(
    engagement: AuditEngagement, *, rationale: str = "", decided_by=None
) -> CertificationDecision:
    """Issue Ready, Conditionally Ready or Not Ready from the standing concerns.

    The outcome follows the Stage 1 rules (any high concern: not ready; any
    medium: conditionally ready); the high and medium concerns are listed as
    those to resolve before Stage 2.
    """
    require_auditor(engagement.organisation, "issue the Stage 1 outcome")
    require_kind(engagement, 1, "issue a Stage 1 outcome")
    require_state(engagement, {State.FIELDWORK}, "issue the outcome")
    require_no_drafts(engagement, "issue the outcome")
    findings = list(standing_findings(engagement).order_by("clause", "ref"))
    outcome = stage1_outcome(findings)
    concerns = concerns_to_resolve(findings)
    rationale = (rationale or "").strip() or stage1_rationale(outcome, concerns)
    decision = _decision_record(engagement, outcome, outcome, rationale, decided_by, concerns)
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


# Stage 2: findings, closures, decision ------------------------------------------------


@verb("audit_engagement.findings_issued")
def issue_stage2_findings(engagement: AuditEngagement) -> AuditEngagement:
    """Raise a nonconformity for each standing major and minor; then await the action plans."""
    require_auditor(engagement.organisation, "issue the findings")
    require_kind(engagement, 2, "issue Stage 2 findings")
    require_state(engagement, {State.FIELDWORK}, "issue the findings")
    require_no_drafts(engagement, "issue the findings")
    raised = 0
    for finding in standing_findings(engagement).filter(grade__in=[Grade.MAJOR, Grade.MINOR]):
        nonconformity = raise_nonconformity(engagement, finding)
        services.update_record(finding, nonconformity=nonconformity)
        raised += 1
    state = State.AWAITING_CAP if raised else State.REPORTING
    return services.update_record(engagement, state=state)


@verb("nonconformity.raised")
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


@verb("engagement_finding.closure_verified")
def verify_closure(finding, *, evidence: str, closed_on=None):
    """The auditor verifies a major's closure on the evidence seen; the nonconformity closes."""
    from evident.audits import services as audits

    require_auditor(finding.organisation, "verify a closure")
    require_state(finding.engagement, {State.AWAITING_CAP, State.DECIDED}, "verify a closure")
    if finding.nonconformity is None:
        raise ValidationError({"nonconformity": f"{finding.ref} has no nonconformity to close."})
    if not (evidence or "").strip():
        raise ValidationError({"evidence": "Say what evidence shows the cause is removed."})
    audits.close_nonconformity(finding.nonconformity, closed_on=closed_on, verified=True)
    return services.update_record(finding, closure_evidence=evidence.strip())


@verb("audit_engagement.decided")
def record_decision(
    engagement: AuditEngagement, *, decision: str, rationale: str, decided_by=None
) -> CertificationDecision:
    """Record the certification decision; it may not go further than rule 8 allows."""
    require_auditor(engagement.organisation, "decide")
    require_kind(engagement, 2, "take a certification decision")
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
    result = _decision_record(
        engagement, decision, recommendation, rationale.strip(), decided_by, []
    )
    services.update_record(engagement, state=State.DECIDED)
    return result


def _decision_record(engagement, decision, recommendation, rationale, decided_by, concerns):
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


@verb("audit_engagement.closed")
def close_engagement(engagement: AuditEngagement) -> AuditEngagement:
    """Close a decided engagement: nothing more is recorded on it."""
    require_auditor(engagement.organisation, "close the audit")
    require_state(engagement, {State.DECIDED}, "be closed")
    return services.update_record(engagement, state=State.CLOSED)
