"""What a report says: read once from the engagement, its evaluation and the action plans."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evident.audits.models import Sample
from evident.certification import services as certification
from evident.certification.models import AuditEngagement, CertificationDecision, EngagementFinding
from evident.core import services
from evident.core.context import acting
from evident.reports import charts
from evident.reports import content as reading

from .conftest import (
    INTERVIEW_EVIDENCE,
    JUDGEMENT_NOTE,
    REGRADE_REASON,
    RETURN_REASON,
    WITHDRAW_REASON,
)


def test_an_engagement_report_carries_the_audit_team_and_the_auditors_findings(
    audited, stage2_content
):
    c = stage2_content
    assert c.engagement_ref == audited.engagement.ref
    assert c.evaluation_ref == audited.stage2.ref
    assert c.lead_auditor and len(c.team) == 2
    assert c.evidence_digest == audited.stage2.evidence_digest
    findings = EngagementFinding.objects.filter(engagement=audited.engagement)
    standing = findings.exclude(status="withdrawn").values_list("ref", flat=True)
    assert sorted(f.ref for f in c.findings) == sorted(standing)
    assert [f.ref for f in c.withdrawn] == list(
        findings.filter(status="withdrawn").values_list("ref", flat=True)
    )
    assert all(f.requirement for f in c.findings)  # in our words, engine's or auditor's
    assert c.awaiting_auditor == 0


def test_a_regraded_finding_keeps_the_engines_grade_and_the_auditors_reason(stage2_content):
    (regraded,) = [f for f in stage2_content.findings if f.status == "changed"]
    assert (regraded.grade, regraded.engine_grade) == ("major", "Minor nonconformity")
    assert regraded.reason == REGRADE_REASON and regraded.status_label == "Regraded by the auditor"
    (withdrawn,) = stage2_content.withdrawn
    assert withdrawn.reason == WITHDRAW_REASON
    (raised,) = [f for f in stage2_content.findings if f.status_label == "Raised by the auditor"]
    assert [i.ref for i in raised.interviews] == [stage2_content.interviews[0].ref]


def test_an_engine_draft_not_yet_judged_is_marked_as_such(audited):
    with acting(source="cli", actor_name="report-tests"):
        engagement = services.create_record(
            AuditEngagement,
            audited.organisation,
            title="Surveillance audit",
            kind=AuditEngagement.Kind.SURVEILLANCE,
            audit_date=audited.stage2.audit_date,
            period_start=audited.stage2.period_start,
            period_end=audited.stage2.period_end,
            evaluation=audited.stage2,
            state="fieldwork",
        )
        certification.draft_findings(engagement, audited.stage2)
    content = reading.for_engagement(engagement)
    assert content.awaiting_auditor == len(content.findings) > 0
    assert all(f.status_label.startswith("Engine draft") for f in content.findings)


def test_samples_carry_each_records_engine_verdict_and_the_auditors_judgement(stage2_content):
    engine = [s for s in stage2_content.samples if not s.additional]
    drawn = [s for s in stage2_content.samples if s.additional]
    assert len(engine) == Sample.objects.filter(evaluation_id=stage2_content.evaluation_id).count()
    assert len(drawn) == 1 and drawn[0].sample_size == 2 and drawn[0].ref.startswith("FWS")
    judged = [row for s in engine for row in s.judged if row.verdict != "not_judged"]
    assert sorted(row.verdict for row in judged) == ["conforming", "nonconforming"]
    (noted,) = [row for row in judged if row.note]
    assert noted.note == JUDGEMENT_NOTE and noted.judged_by == "report-tests"
    assert all(row.engine_verdict in ("conforming", "nonconforming") for row in judged)


def test_interviews_are_reported_as_evidence(stage2_content):
    (interview,) = stage2_content.interviews
    assert interview.role == "Process owner" and interview.clauses == ("8.3.4",)
    assert interview.evidence_seen == INTERVIEW_EVIDENCE and interview.interviewer
    assert interview.answers == (("How is each supplier reviewed?", "Once a year."),)
    assert len(interview.findings) == 1


def test_plans_and_the_current_recommendation_follow_the_nonconformities(stage2_content):
    # A minor with its plan accepted, the regraded major with its plan returned; any other
    # nonconformity has no plan yet.
    states = sorted((p.grade, p.summary, p.return_reason) for p in stage2_content.plans)
    answered = [s for s in states if s[1] != "no plan yet"]
    assert answered == [("major", "returned", RETURN_REASON), ("minor", "accepted", "")]
    majors_and_minors = [f for f in stage2_content.findings if f.is_nonconformity]
    assert len(states) == len(majors_and_minors)
    assert all(len(f.plans) == 1 for f in majors_and_minors)
    # The major is open, so rule 8 gives no recommendation whatever the minors' plans.
    assert stage2_content.current_verdict == "not_recommended"


@pytest.mark.django_db
def test_reading_takes_a_fixed_number_of_queries(audited):
    with CaptureQueriesContext(connection) as queries:
        reading.for_engagement(audited.engagement)
    # engagement, team, evaluation, scope + services, history; the engagement's findings
    # (with interviews and drawn samples), samples, judgements, interviews, NCs + plans,
    # decision, the recommendation's findings and plans, plus one per cited record type
    assert len(queries) <= 32


@pytest.mark.django_db
def test_an_engagement_without_an_evaluation_has_nothing_to_report(audited):
    with acting(source="cli", actor_name="report-tests"):
        planned = services.create_record(
            AuditEngagement,
            audited.organisation,
            title="Surveillance audit",
            kind=AuditEngagement.Kind.SURVEILLANCE,
            audit_date=audited.stage2.audit_date,
            period_start=audited.stage2.period_start,
            period_end=audited.stage2.period_end,
        )
    with pytest.raises(reading.NothingToReport, match=planned.ref):
        reading.for_engagement(planned)


def test_the_heat_map_colours_a_clause_by_its_worst_finding_below_it(stage2_content):
    levels = charts.clause_levels(stage2_content.findings)
    clauses = [f.clause for f in stage2_content.findings]
    for finding in stage2_content.findings:
        if clauses.count(finding.clause) == 1 and not any(
            c.startswith(finding.clause + ".") for c in clauses
        ):
            assert levels[finding.clause] == finding.level
    assert {levels[c.split(".")[0]] for c in clauses} <= {"major", "minor", "ofi"}
    untouched = [
        n for n in levels if not any(f.clause.startswith(n) for f in stage2_content.findings)
    ]
    assert untouched and {levels[n] for n in untouched} == {"clear"}
    svg = charts.clause_heat_map(stage2_content.findings)
    assert svg.startswith("<svg") and ">8.5.1<" in svg


@pytest.mark.django_db
def test_the_latest_recorded_decision_is_reported(audited):
    assert reading.for_engagement(audited.engagement).decision is None
    with acting(source="cli", actor_name="report-tests"):
        services.create_record(
            CertificationDecision,
            audited.organisation,
            engagement=audited.engagement,
            recommendation="recommended_after_cap",
            decision=CertificationDecision.Decision.CERTIFY_AFTER_CAP,
            decided_by_name="Lead Auditor",
            decided_at=dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC),
            rationale="Two minors; one plan accepted, one awaited.",
        )
    decision = reading.for_engagement(audited.engagement).decision
    assert decision.decision_label == "Certify once the action plans are accepted"
    assert decision.decided_by == "Lead Auditor"
    assert "one plan accepted" in decision.rationale
