"""The rules every verb of the certification audit keeps: who acts, in which state, on what.

An auditor (internal or external) runs fieldwork, judges, grades and decides;
the organisation's own people answer nonconformities with action plans.
Writes with no signed-in user behind them (a command, the demo builder) are
trusted as the operator's. A wrong state or bad input raises
``ValidationError`` naming the field or the state (a 400 in the API); a wrong
role raises ``PermissionDenied`` (a 403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from evident.core.context import current
from evident.core.models import Membership, Role

from .models import AuditEngagement, CertificationDecision, EngagementFinding, Grade

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
MAX_SEED = 2**63 - 1  # the engine's seeds are stored as signed 64-bit integers
# Findings that stand: the auditor confirmed them, changed them, or raised them.
STANDING = (Status.CONFIRMED, Status.CHANGED)


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


def require_kind(engagement: AuditEngagement, stage: int, doing: str) -> None:
    if ENGINE_STAGE[engagement.kind] != stage:
        raise ValidationError(
            {"kind": f"{engagement.ref} is a {engagement.get_kind_display()}; it cannot {doing}."}
        )


def given_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason for the decision."})
    return reason.strip()


def checked_severity(engagement: AuditEngagement, grade: str, severity: str) -> str:
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


def require_no_drafts(engagement: AuditEngagement, doing: str) -> None:
    drafts = engagement.findings.filter(status=Status.DRAFT, voided_at__isnull=True)
    drafts = drafts.order_by("ref")
    refs = list(drafts.values_list("ref", flat=True))
    if refs:
        raise ValidationError(
            {"findings": f"Confirm, regrade or withdraw {', '.join(refs)} before you {doing}."}
        )


def standing_findings(engagement: AuditEngagement):
    return engagement.findings.filter(status__in=STANDING)
