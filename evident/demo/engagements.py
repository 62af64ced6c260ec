"""The certification audits of the demo organisation: a decided Stage 1, a Stage 2 at the CAP.

Both audits are dated on the audit day. Like the rest of the demo history,
their records are created in the state they have reached (never edited
afterwards), so each leaves one ledger entry: the engine's evaluation of each
stage, its findings confirmed by the auditor, the Stage 1 outcome with the
concerns to resolve, and for Stage 2 the first records of each sample judged
as the engine judged them, an interview of the SMS manager on change
management with the guide's questions, and a nonconformity for each major and
minor, awaiting the organisation's action plans. The audits follow whatever
the engine finds, so they never change the demo's verdicts.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from evident.audits.engine import run_evaluation
from evident.certification import fieldwork, services
from evident.certification.interview_guide import questions_for
from evident.certification.models import (
    AuditEngagement,
    CertificationDecision,
    Interview,
    SampleJudgement,
)
from evident.certification.recommendation import stage1_outcome
from evident.core.context import current

from .build import Build

JUDGED_PER_SAMPLE = 3
CONFIRMED = "Evidence reviewed on site; the finding stands."
SCOPE = "The SMS and the live services in its scope"
ANSWERS = (
    "Every normal change goes to the change advisory board; the approval is in the record.",
    "Emergency changes are approved by the on-call manager and reviewed at the next board.",
    "The service desk checks the approval before the work window opens.",
    "Failed changes get a review within five working days.",
)


def generate(build: Build) -> None:
    _stage1(build)
    _stage2(build)


def _engagement(build: Build, kind: str, title: str, state: str, evaluation):
    return build.create(
        AuditEngagement,
        title=title,
        kind=kind,
        audit_date=evaluation.audit_date,
        period_start=evaluation.period_start,
        period_end=evaluation.period_end,
        scope=SCOPE,
        lead_auditor=build.roster.internal_auditor,
        team=[build.roster.internal_auditor.pk],
        state=state,
        evaluation=evaluation,
    )


def _stage1(build: Build) -> None:
    evaluation = run_evaluation(
        build.organisation, 1, audit_date=build.timeline.today, seed=build.seed
    )
    engagement = _engagement(
        build, AuditEngagement.Kind.STAGE1, "Stage 1 readiness review", "decided", evaluation
    )
    findings = services.draft_findings(engagement, evaluation, status="confirmed", reason=CONFIRMED)
    outcome = stage1_outcome(findings)
    concerns = services.concerns_to_resolve(findings)
    build.create(
        CertificationDecision,
        engagement=engagement,
        recommendation=outcome,
        decision=outcome,
        concerns_to_resolve=concerns,
        decided_by_name=current().actor_name,
        decided_at=timezone.now(),
        rationale=services.stage1_rationale(outcome, concerns),
    )


def _stage2(build: Build) -> None:
    evaluation = run_evaluation(
        build.organisation, 2, audit_date=build.timeline.today, seed=build.seed
    )
    answerable = evaluation.findings.filter(grade__in=["major", "minor"]).exists()
    # With nothing for the organisation to answer, the audit goes straight to its report.
    state = "awaiting_cap" if answerable else "reporting"
    engagement = _engagement(
        build, AuditEngagement.Kind.STAGE2, "Stage 2 certification audit", state, evaluation
    )

    def nonconformity_for(finding, requirement):
        if finding.grade not in ("major", "minor"):
            return None
        subject = SimpleNamespace(
            key=finding.key,
            clause=finding.clause,
            grade=finding.grade,
            statement=finding.statement,
            requirement=requirement,
        )
        return services.raise_nonconformity(engagement, subject)

    services.draft_findings(
        engagement,
        evaluation,
        status="confirmed",
        reason=CONFIRMED,
        nonconformity_for=nonconformity_for,
    )
    _judge_samples(build, engagement)
    _interview_sms_manager(build, engagement)


def _judge_samples(build: Build, engagement: AuditEngagement) -> None:
    """The first records of each engine sample, judged as the engine judged them."""
    for view in fieldwork.fieldwork_samples(engagement):
        for row in view.rows[:JUDGED_PER_SAMPLE]:
            nonconforming = row.engine_verdict == "nonconforming"
            build.create(
                SampleJudgement,
                engagement=engagement,
                sample=view.sample,
                record=row.record,
                attributes=row.attributes,
                engine_verdict=row.engine_verdict,
                verdict=row.engine_verdict,
                note="Confirmed the engine's finding on the record." if nonconforming else "",
                judged_by=current().actor_name,
                judged_at=timezone.now(),
            )


def _interview_sms_manager(build: Build, engagement: AuditEngagement) -> None:
    questions = questions_for("8.5", "sms_manager")
    build.create(
        Interview,
        engagement=engagement,
        interviewee=build.roster.sms_manager,
        role="sms_manager",
        held_on=engagement.audit_date,
        clauses=["8.5.1"],
        answers=[{"question": q, "answer": a} for q, a in zip(questions, ANSWERS, strict=False)],
        evidence_seen="The change calendar and three change records with their approvals.",
        interviewer=build.roster.internal_auditor,
    )
