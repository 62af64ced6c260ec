"""What the report of an audit engagement says: the auditor's conclusions, not the engine's.

The engine's evaluation gives the frame (period, seed, digest, scope in force,
history); everything judged comes from the engagement: its findings as the
auditor left them (confirmed, regraded with the reason, raised by the auditor,
withdrawn, or still an engine draft awaiting the auditor), the samples with
each sampled record's engine verdict beside the auditor's judgement and note,
the interviews, the corrective action plans of the nonconformities raised, the
Stage 1 concerns to resolve before Stage 2, the recommendation the rules give
now (rule 8) and the decision recorded.
"""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Prefetch

from evident.audits import clauses
from evident.audits.engine.ordering import clause_sort_key, finding_sort_key
from evident.certification import fieldwork
from evident.certification.models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
    Interview,
)
from evident.certification.recommendation import current_recommendation
from evident.certification.services import concerns_to_resolve
from evident.core.tenancy import scoped

from .content import (
    VERDICT_WORDS,
    ConcernItem,
    DecisionItem,
    FindingItem,
    InterviewItem,
    JudgedRecord,
    NothingToReport,
    RecordRef,
    ReportContent,
    SampleItem,
    _clause_title,
    _evaluation_content,
    _plans,
    _refs,
)
from .content import _sample as _sample_item
from .evidence import titles_of

Status = EngagementFinding.Status
INTERVIEW_TYPE = Interview._meta.label_lower
STATUS_WORDS = {
    Status.DRAFT: "Engine draft, not yet judged by the auditor",
    Status.CONFIRMED: "Confirmed by the auditor",
    Status.CHANGED: "Regraded by the auditor",
    Status.WITHDRAWN: "Withdrawn by the auditor",
}


def read_engagement(engagement: AuditEngagement) -> ReportContent:
    """The engagement's report; ``NothingToReport`` before its fieldwork has started."""
    engagement = (
        AuditEngagement.objects.select_related("organisation", "lead_auditor", "evaluation")
        .prefetch_related("team")
        .get(pk=engagement.pk)
    )
    if engagement.evaluation is None:
        raise NothingToReport(
            f"{engagement.ref} has no evaluation yet: start its fieldwork before reporting."
        )
    base = _evaluation_content(engagement.evaluation, with_results=False)
    findings = _engagement_findings(engagement)
    samples = _samples(engagement)
    titles = titles_of(
        engagement.organisation,
        [r for f in findings for r in f.records or []]
        + [r for view in samples for r in view.sample.records or []],
    )
    interviews = _interviews(engagement)
    by_pk = {i.pk: i for i in interviews}
    plans = _plans(
        engagement.organisation, ids={f.nonconformity_id for f in findings if f.nonconformity_id}
    )
    items = [_finding(f, titles, plans, by_pk) for f in findings]
    standing = [i for i in items if i.status != Status.WITHDRAWN]
    decision = _decision(engagement)
    return replace(
        base,
        title=engagement.title,
        kind=engagement.kind,
        kind_label=engagement.get_kind_display(),
        scope=engagement.scope.strip() or base.scope,
        criteria=engagement.criteria.strip() or base.criteria,
        engagement_id=engagement.pk,
        engagement_ref=engagement.ref,
        engagement_state=engagement.get_state_display(),
        lead_auditor=engagement.lead_auditor.name if engagement.lead_auditor else "",
        team=tuple(sorted(person.name for person in engagement.team.all())),
        decision=decision,
        current_verdict=current_recommendation(engagement),
        findings=tuple(standing),
        withdrawn=tuple(i for i in items if i.status == Status.WITHDRAWN),
        samples=tuple(_sample(view, titles) for view in samples),
        plans=tuple(
            sorted(
                (p for found in plans.values() for p in found),
                key=lambda p: (clause_sort_key(p.clause), p.nonconformity_ref),
            )
        ),
        interviews=tuple(_interview(i) for i in interviews),
        concerns=_concerns(engagement, findings, decision),
    )


# Findings ----------------------------------------------------------------------------


def _engagement_findings(engagement: AuditEngagement) -> list[EngagementFinding]:
    rows = engagement.findings.select_related("engine_finding", "nonconformity").prefetch_related(
        "interviews", Prefetch("fieldwork_samples", to_attr="drawn")
    )
    return sorted(
        rows, key=lambda f: (*finding_sort_key(f.clause, f.grade, f.severity, f.key), f.ref)
    )


def _grade_text(grade: str, severity: str) -> str:
    label = EngagementFinding(grade=grade).get_grade_display()
    return f"{label} ({severity})" if severity else label


def _finding(finding: EngagementFinding, titles, plans, interviews) -> FindingItem:
    engine = finding.engine_finding
    engine_grade = ""
    if engine is not None and (engine.grade, engine.severity) != (finding.grade, finding.severity):
        engine_grade = _grade_text(engine.grade, engine.severity)
    own = tuple(p for p in plans.get(finding.key, []) if p.nonconformity_ref == _nc_ref(finding))
    raised_by_auditor = finding.origin == EngagementFinding.Origin.AUDITOR
    return FindingItem(
        ref=finding.ref,
        key=finding.key,
        check_id=engine.check_id if engine else "",
        clause=finding.clause,
        clause_title=_clause_title(finding.clause),
        grade=finding.grade,
        grade_label=finding.get_grade_display(),
        severity=finding.severity,
        statement=finding.statement,
        requirement=finding.requirement,
        fix=engine.fix_hint if engine else "",
        records=_refs(finding.records, titles),
        cap_accepted=any(p.summary == "accepted" for p in own),
        plans=own,
        status=finding.status,
        status_label="Raised by the auditor"
        if raised_by_auditor and finding.status == Status.CONFIRMED
        else STATUS_WORDS.get(finding.status, finding.status),
        origin=finding.get_origin_display(),
        reason=finding.reason,
        engine_grade=engine_grade,
        samples=(*finding.engine_samples, *(s.ref for s in finding.drawn)),
        interviews=tuple(_interview_ref(interviews.get(i.pk, i)) for i in finding.interviews.all()),
    )


def _nc_ref(finding: EngagementFinding) -> str:
    return finding.nonconformity.ref if finding.nonconformity_id else ""


def _concerns(engagement, findings, decision) -> tuple[ConcernItem, ...]:
    """Stage 1: the concerns the outcome listed, or those standing now before any outcome."""
    if engagement.kind != AuditEngagement.Kind.STAGE1:
        return ()
    if decision is not None:
        listed = decision.concerns
    else:
        standing = [f for f in findings if f.status in (Status.CONFIRMED, Status.CHANGED)]
        listed = concerns_to_resolve(standing)
    return tuple(
        ConcernItem(c["ref"], c["clause"], c["severity"], c["statement"])
        for c in sorted(listed, key=lambda c: (clause_sort_key(c["clause"]), c["ref"]))
    )


# Samples and interviews ----------------------------------------------------------------


def _samples(engagement):
    views = fieldwork.fieldwork_samples(engagement)
    return sorted(
        views, key=lambda v: (v.additional, clauses.sort_key(v.sample.clause), v.sample.ref)
    )


def _sample(view, titles) -> SampleItem:
    """The sample as the engine drew it, with the auditor's extra draws and judgements."""
    return replace(
        _sample_item(view.sample, titles),
        additional=view.additional,
        judged=tuple(_judged(row, titles) for row in view.rows),
    )


def _judged(row, titles) -> JudgedRecord:
    (record,) = _refs([row.record], titles)
    judgement = row.judgement
    return JudgedRecord(
        record=record,
        engine_verdict=row.engine_verdict,
        verdict=judgement.verdict if judgement else "not_judged",
        note=judgement.note if judgement else "",
        judged_by=judgement.judged_by if judgement else "",
        judged_at=judgement.judged_at if judgement else None,
        attributes=tuple((a["attribute"], a["engine"]) for a in row.attributes),
    )


def _interviews(engagement) -> list[Interview]:
    return list(
        engagement.interviews.select_related("interviewee", "interviewer")
        .prefetch_related("findings")
        .order_by("held_on", "ref")
    )


def _interview_ref(interview: Interview) -> RecordRef:
    who = interview.interviewee.name if interview.interviewee_id else ""
    title = f"{who}, {interview.get_role_display()}, {interview.held_on.isoformat()}"
    return RecordRef(INTERVIEW_TYPE, interview.pk, interview.ref, title)


def _interview(interview: Interview) -> InterviewItem:
    return InterviewItem(
        ref=interview.ref,
        interviewee=interview.interviewee.name,
        role=interview.get_role_display(),
        held_on=interview.held_on,
        clauses=tuple(interview.clauses or ()),
        answers=tuple((a.get("question", ""), a.get("answer", "")) for a in interview.answers),
        evidence_seen=interview.evidence_seen,
        interviewer=interview.interviewer.name if interview.interviewer else "",
        findings=tuple(sorted(f.ref for f in interview.findings.all())),
    )


# The decision --------------------------------------------------------------------------


def _decision(engagement: AuditEngagement):
    latest = (
        scoped(CertificationDecision, engagement.organisation)
        .filter(engagement=engagement)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )
    if latest is None:
        return None
    return DecisionItem(
        ref=latest.ref,
        decision=latest.decision,
        decision_label=latest.get_decision_display(),
        decided_by=latest.decided_by_name or (latest.decided_by.name if latest.decided_by else ""),
        decided_at=latest.decided_at,
        rationale=latest.rationale,
        recommendation_label=VERDICT_WORDS.get(latest.recommendation, latest.recommendation),
        concerns=tuple(latest.concerns_to_resolve or ()),
    )
