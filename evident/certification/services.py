"""Domain verbs of the certification audit: plan, fieldwork, findings, outcome, decision.

Each verb checks who may do it and in which state the engagement must be (the
rules in ``rules.py``), then writes through ``core.services`` so the change
lands in the evidence ledger under the caller's ``acting(...)`` context, as one
operation (``@verb``). The organisation's own people answer nonconformities
with action plans through ``plans.py``.

Planning, the start of fieldwork and the auditor's decisions on findings live
here; fieldwork (sampling, judgement, interviews) in ``fieldwork.py``; how the
audit ends (outcome, findings issued, closures, decision) in ``decisions.py``;
the recommendation in ``recommendation.py``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from evident.audits import clauses as catalogue
from evident.audits.models import Evaluation, Finding, Sample
from evident.core import services
from evident.core.models import FINDING_WRITER_ROLES
from evident.core.tenancy import scoped
from evident.core.verbs import verb

from .decisions import (
    close_engagement,
    concerns_to_resolve,
    issue_stage1_outcome,
    issue_stage2_findings,
    raise_nonconformity,
    record_decision,
    stage1_rationale,
    verify_closure,
)
from .models import AuditEngagement, EngagementFinding
from .recommendation import current_recommendation, is_open_major
from .rules import (
    AUDITOR_ROLES,
    ENGINE_STAGE,
    STAGE1_DECISIONS,
    STAGE2_DECISIONS,
    STANDING,
    State,
    Status,
    checked_severity,
    given_reason,
    is_stage1,
    require_auditor,
    require_role,
    require_state,
    standing_findings,
)

PERIOD_MONTHS = 12


# Planning and fieldwork ---------------------------------------------------------------


@verb("audit_engagement.planned")
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


@verb("audit_engagement.fieldwork_started")
def start_fieldwork(engagement: AuditEngagement, *, seed: int | None = None) -> AuditEngagement:
    """Run the engine for the engagement's stage and date, and draft a finding from each result."""
    require_auditor(engagement.organisation, "start fieldwork")
    require_state(engagement, {State.PLANNED}, "start fieldwork")
    from evident.audits.engine import run_evaluation

    evaluation = run_evaluation(
        engagement.organisation,
        ENGINE_STAGE[engagement.kind],
        audit_date=engagement.audit_date,
        seed=seed,
    )
    draft_findings(engagement, evaluation)
    return services.update_record(engagement, evaluation=evaluation, state=State.FIELDWORK)


@verb("engagement_finding.drafted")
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


def _require_not_withdrawn(finding: EngagementFinding) -> None:
    if finding.status == Status.WITHDRAWN:
        raise ValidationError({"status": f"{finding.ref} is withdrawn; raise a new finding."})


@verb("engagement_finding.confirmed")
def confirm_finding(finding: EngagementFinding, *, reason: str = "") -> EngagementFinding:
    """The auditor agrees with a draft finding as it stands."""
    _require_open_finding(finding, "confirm a finding")
    _require_not_withdrawn(finding)
    return services.update_record(finding, status=Status.CONFIRMED, reason=(reason or "").strip())


@verb("engagement_finding.regraded")
def regrade_finding(
    finding: EngagementFinding, *, grade: str, severity: str = "", reason: str
) -> EngagementFinding:
    """The auditor changes a finding's grade (or a concern's severity), saying why."""
    _require_open_finding(finding, "regrade a finding")
    _require_not_withdrawn(finding)
    reason = given_reason(reason)
    severity = checked_severity(finding.engagement, grade, severity)
    return services.update_record(
        finding, grade=grade, severity=severity, status=Status.CHANGED, reason=reason
    )


@verb("engagement_finding.withdrawn")
def withdraw_finding(finding: EngagementFinding, *, reason: str) -> EngagementFinding:
    """The auditor sets a finding aside, saying why; it stays in the list and the history."""
    _require_open_finding(finding, "withdraw a finding")
    return services.update_record(finding, status=Status.WITHDRAWN, reason=given_reason(reason))


@verb("engagement_finding.raised")
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
    severity = checked_severity(engagement, grade, severity)
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
        reason=given_reason(reason),
        records=list(records),
        engine_samples=[s.ref for s in samples],
        fieldwork_samples=[s.pk for s in fieldwork_samples],
        interviews=[i.pk for i in interviews],
        status=Status.CONFIRMED,
    )


__all__ = [
    "AUDITOR_ROLES",
    "STAGE1_DECISIONS",
    "STAGE2_DECISIONS",
    "STANDING",
    "add_auditor_finding",
    "close_engagement",
    "concerns_to_resolve",
    "confirm_finding",
    "current_recommendation",
    "draft_findings",
    "is_open_major",
    "is_stage1",
    "issue_stage1_outcome",
    "issue_stage2_findings",
    "plan_engagement",
    "raise_nonconformity",
    "record_decision",
    "regrade_finding",
    "stage1_rationale",
    "standing_findings",
    "start_fieldwork",
    "verify_closure",
    "withdraw_finding",
]
