"""What a report says: read once from the engagement, its evaluation and the action plans."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evident.audits.models import Finding, Sample
from evident.certification.models import AuditEngagement, CertificationDecision
from evident.core import services
from evident.core.context import acting
from evident.reports import charts
from evident.reports import content as reading


def test_an_engagement_report_carries_the_audit_team_and_the_evaluations_results(
    audited, stage2_content
):
    c = stage2_content
    assert c.engagement_ref == audited.engagement.ref
    assert c.evaluation_ref == audited.stage2.ref
    assert c.lead_auditor and len(c.team) == 2
    assert c.evidence_digest == audited.stage2.evidence_digest
    stored = Finding.objects.filter(evaluation=audited.stage2)
    assert sorted(f.ref for f in c.findings) == sorted(stored.values_list("ref", flat=True))
    assert len(c.samples) == Sample.objects.filter(evaluation=audited.stage2).count()
    assert all(f.requirement for f in c.findings)  # the check's title, in our words


def test_findings_read_in_clause_order_with_titled_evidence(stage2_content):
    clauses = [f.clause for f in stage2_content.findings]
    assert clauses == sorted(clauses, key=lambda n: tuple(int(p) for p in n.split(".")))
    cited = [r for f in stage2_content.findings for r in f.records]
    assert cited and any(r.title for r in cited)


def test_plans_and_the_current_recommendation_follow_the_nonconformities(stage2_content):
    # The demo's Stage 2 engagement raised a nonconformity for each of its three Minors;
    # the fixture then accepted a plan for one of them.
    summaries = sorted(p.summary for p in stage2_content.plans)
    assert summaries == ["accepted", "no plan yet", "no plan yet"]
    answered = [f for f in stage2_content.findings if f.plans]
    assert len(answered) == 3
    # Minors only, one still without an accepted plan: recommended once it is accepted.
    assert stage2_content.current_verdict == "recommended_after_cap"


@pytest.mark.django_db
def test_reading_takes_a_fixed_number_of_queries(audited):
    with CaptureQueriesContext(connection) as queries:
        reading.for_engagement(audited.engagement)
    # engagement, team, evaluation, findings, samples, NCs + plans, scope + services,
    # history, the verdict's answers (2), plus one query per cited record type
    assert len(queries) <= 20


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
    for finding in stage2_content.findings:
        top = finding.clause.split(".")[0]
        assert levels[finding.clause] == "minor"
        assert levels[top] in ("major", "minor")
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
