"""One audit engagement with one of each record its fieldwork and decision leave."""

import datetime as dt

from evident.audits.models import Evaluation, Finding, Nonconformity, Sample
from evident.certification.models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
    FieldworkSample,
    Interview,
    SampleJudgement,
)
from evident.core.models import Person

ORDER = 90
DAY = dt.date(2025, 3, 4)
AT = dt.datetime(2025, 3, 4, 16, 0, tzinfo=dt.UTC)


def build(r, add):
    person, sample = r[Person], r[Sample]
    engagement = add(
        AuditEngagement,
        title="Stage 2 certification audit",
        kind="stage2",
        audit_date=DAY,
        period_start=DAY.replace(year=2024),
        period_end=DAY,
        lead_auditor=person,
        team=[person.pk],
        evaluation=r[Evaluation],
        state="awaiting_cap",
    )
    record = sample.records[0]
    interview = add(
        Interview,
        engagement=engagement,
        interviewee=person,
        role="process_owner",
        held_on=DAY,
        clauses=["8.6"],
        answers=[{"question": "Walk me through a major incident.", "answer": "Shown INC1."}],
        evidence_seen="Incident record and its review",
        interviewer=person,
    )
    extra = add(
        FieldworkSample,
        engagement=engagement,
        population=sample.population,
        clause=sample.clause,
        seed=42,
        method="whole population, in ref order",
        population_size=1,
        sample_size=1,
        excluded=[],
        records=[record],
    )
    add(
        SampleJudgement,
        engagement=engagement,
        sample=sample,
        record=record,
        attributes=[{"attribute": "Resolved with a resolution recorded", "engine": "conforming"}],
        engine_verdict="conforming",
        verdict="nonconforming",
        note="Closed without the user's confirmation",
        judged_by="auditor",
        judged_at=AT,
    )
    add(
        EngagementFinding,
        engagement=engagement,
        origin="engine",
        engine_finding=r[Finding],
        key=r[Finding].key,
        clause="8.6.1",
        grade="minor",
        statement="An incident was closed without the user's confirmation.",
        requirement="Incidents close once the service is confirmed restored.",
        records=[record],
        engine_samples=[sample.ref],
        fieldwork_samples=[extra.pk],
        interviews=[interview.pk],
        status="confirmed",
        nonconformity=r[Nonconformity],
    )
    add(
        CertificationDecision,
        engagement=engagement,
        recommendation="recommended_after_cap",
        decision="certify_after_cap",
        decided_by=person,
        decided_by_name="auditor",
        decided_at=AT,
        rationale="One minor; the plan is due within 30 days.",
    )
