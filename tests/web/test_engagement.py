"""The auditor's workspace: an audit worked from the pages, and the readiness panel."""

import datetime as dt

import pytest

from evident.audits.models import Sample
from evident.catalogue.models import Service
from evident.certification.models import AuditEngagement, EngagementFinding, Interview
from evident.core.context import acting
from evident.core.models import Person, Role
from evident.core.services import create_record
from evident.operations.models import Incident

DAY = dt.date(2025, 6, 30)


@pytest.fixture
def auditor(org, make_user):
    return make_user(org, Role.EXTERNAL_AUDITOR)


def engagement_of(org, kind):
    with acting(source="cli", actor_name="test-setup"):
        create_record(Person, org, name="Sam Staff")
        service = create_record(Service, org, name="E-mail")
        opened = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
        create_record(
            Incident,
            org,
            title="Mail delayed",
            service=service,
            opened_at=opened,
            resolved_at=opened + dt.timedelta(hours=3),
            status="resolved",
        )
        return create_record(
            AuditEngagement,
            org,
            title=f"{kind} audit",
            kind=kind,
            audit_date=DAY,
            period_start=DAY.replace(year=2024),
            period_end=DAY,
        )


def workspace(org, engagement):
    return f"/o/{org.slug}/audit-engagements/{engagement.pk}/workspace/"


def act(org, engagement, verb):
    return f"/o/{org.slug}/audit-engagements/{engagement.pk}/act/{verb}/"


def test_an_auditor_works_a_stage2_audit_from_the_pages(client, org, auditor):
    engagement = engagement_of(org, "stage2")
    client.force_login(auditor)
    page = client.get(workspace(org, engagement))
    assert page.status_code == 200 and "Start fieldwork" in page.content.decode()

    response = client.post(act(org, engagement, "start-fieldwork"), {"seed": "7"})
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.state == "fieldwork"

    page = client.get(workspace(org, engagement)).content.decode()
    assert "Fieldwork samples" in page and "Draw additional sample" in page
    finding = engagement.findings.order_by("ref").first()
    assert finding.ref in page

    client.post(
        act(org, engagement, "regrade"), {"finding": finding.pk, "grade": "minor", "reason": ""}
    )
    finding.refresh_from_db()
    assert finding.status == "draft"  # refused: a regrade needs its reason
    client.post(
        act(org, engagement, "regrade"),
        {"finding": finding.pk, "grade": "minor", "reason": "Evidence shown on site."},
    )
    finding.refresh_from_db()
    assert (finding.grade, finding.status) == ("minor", "changed")


def test_the_interview_guide_offers_questions_and_records_the_answers(client, org, auditor):
    engagement = engagement_of(org, "stage2")
    client.force_login(auditor)
    client.post(act(org, engagement, "start-fieldwork"), {"seed": "7"})
    page = client.get(workspace(org, engagement), {"clause": "8.5", "role": "staff"})
    assert "who approved it before you began" in page.content.decode()
    person = Person.objects.get(organisation=org, name="Sam Staff")
    client.post(
        act(org, engagement, "interview"),
        {
            "role": "staff",
            "clauses": "8.5",
            "interviewee": person.pk,
            "held_on": "2025-06-30",
            "question": ["When did you last make a change?"],
            "answer": ["Last week, approved by the CAB."],
        },
    )
    interview = Interview.objects.get(engagement=engagement)
    assert interview.answers[0]["answer"] == "Last week, approved by the CAB."


def test_an_auditor_judges_a_sampled_record_from_the_pages(client, org, auditor):
    engagement = engagement_of(org, "stage2")
    client.force_login(auditor)
    client.post(act(org, engagement, "start-fieldwork"), {"seed": "7"})
    sample = Sample.objects.get(
        evaluation__engagements=engagement, population="Incidents resolved in the period"
    )
    (record,) = sample.records
    assert record["ref"] in client.get(workspace(org, engagement)).content.decode()
    client.post(
        act(org, engagement, "judge"),
        {"sample": sample.pk, "record_ref": record["ref"], "verdict": "nonconforming", "note": ""},
    )
    assert not engagement.judgements.exists()  # refused: a nonconformity needs a note
    client.post(
        act(org, engagement, "judge"),
        {
            "sample": sample.pk,
            "record_ref": record["ref"],
            "verdict": "nonconforming",
            "note": "No resolution recorded.",
        },
    )
    judgement = engagement.judgements.get()
    assert (judgement.verdict, judgement.judged_by) == ("nonconforming", auditor.username)


def test_a_stage1_outcome_is_issued_from_the_pages(client, org, auditor):
    engagement = engagement_of(org, "stage1")
    client.force_login(auditor)
    client.post(act(org, engagement, "start-fieldwork"), {})
    for finding in EngagementFinding.objects.filter(engagement=engagement):
        client.post(act(org, engagement, "confirm"), {"finding": finding.pk})
    client.post(act(org, engagement, "issue-outcome"), {"rationale": "Foundations are missing."})
    engagement.refresh_from_db()
    assert engagement.state == "decided"
    page = client.get(workspace(org, engagement)).content.decode()
    assert "Not ready" in page and "Foundations are missing." in page


def test_the_organisations_staff_see_the_workspace_but_cannot_act(client, org, manager):
    engagement = engagement_of(org, "stage2")
    client.force_login(manager)
    page = client.get(workspace(org, engagement)).content.decode()
    assert "Start fieldwork" not in page
    assert client.post(act(org, engagement, "start-fieldwork"), {}).status_code == 403


def test_a_non_member_cannot_reach_the_workspace(client, org, other_org, make_user):
    engagement = engagement_of(org, "stage2")
    client.force_login(make_user(other_org, Role.EXTERNAL_AUDITOR, username="outsider"))
    assert client.get(workspace(org, engagement)).status_code == 404
    assert client.post(act(org, engagement, "start-fieldwork"), {}).status_code == 404


def test_an_unknown_action_is_not_found(client, org, auditor):
    engagement = engagement_of(org, "stage2")
    client.force_login(auditor)
    assert client.post(act(org, engagement, "teleport"), {}).status_code == 404


def test_the_readiness_page_shows_maturity_and_the_chart(client, org, auditor):
    engagement = engagement_of(org, "stage2")
    client.force_login(auditor)
    client.post(act(org, engagement, "start-fieldwork"), {"seed": "7"})
    page = client.get(f"/o/{org.slug}/readiness/").content.decode()
    assert "Maturity per clause" in page and "<svg" in page and engagement.ref in page
    panel = client.get(f"/o/{org.slug}/readiness/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in panel and "Ready on paper, not effective" in panel


def test_the_dashboard_loads_the_readiness_panel(client, org, manager):
    client.force_login(manager)
    page = client.get(f"/o/{org.slug}/").content.decode()
    assert f'hx-get="/o/{org.slug}/readiness/"' in page
