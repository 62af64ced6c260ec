"""The auditor's workspace: an audit worked from the pages, and the readiness panel."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from evident.audits.models import CorrectiveActionPlan, Sample
from evident.catalogue.models import Service
from evident.certification.models import AuditEngagement, EngagementFinding, Interview
from evident.core.context import acting
from evident.core.models import HistoryEntry, Person, Role
from evident.core.services import create_record, model_label, void_record
from evident.operations.models import Incident
from tests.audits.builders import AUDIT_DATE, healthy_fixtures
from tests.certification.helpers import (
    auditor_person,
    give_fieldwork_something_to_find,
    user_with_role,
)

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


def test_the_workspace_moves_the_audit_by_its_declared_transition(client, org, auditor):
    engagement = engagement_of(org, "stage2")
    client.force_login(auditor)
    client.post(act(org, engagement, "start-fieldwork"), {"seed": "-1"})
    engagement.refresh_from_db()
    assert engagement.state == "planned"  # refused: the transition's seed is not negative
    client.post(act(org, engagement, "start-fieldwork"), {"seed": "7"})
    engagement.refresh_from_db()
    assert (engagement.state, engagement.evaluation.seed) == ("fieldwork", 7)
    entry = (
        HistoryEntry.objects.filter(model=model_label(AuditEngagement), object_id=engagement.pk)
        .order_by("seq")
        .last()
    )
    assert (entry.event, entry.source, entry.actor) == (
        "audit_engagement.fieldwork_started",
        "web",
        auditor,
    )


def test_a_voided_engagement_makes_no_move_from_the_workspace(client, org, auditor):
    engagement = engagement_of(org, "stage2")
    with acting(source="cli", actor_name="test-setup"):
        void_record(engagement, reason="Planned twice.")
    client.force_login(auditor)
    response = client.post(act(org, engagement, "start-fieldwork"), {"seed": "7"}, follow=True)
    assert f"{engagement.ref} is voided" in response.content.decode()
    engagement.refresh_from_db()
    assert (engagement.state, engagement.evaluation) == ("planned", None)


def test_the_organisations_staff_cannot_decide_their_own_certification(client, org, manager):
    engagement = engagement_of(org, "stage2")
    AuditEngagement.objects.filter(pk=engagement.pk).update(state="reporting")
    client.force_login(manager)
    body = {"decision": "do_not_certify", "rationale": "We would rather wait."}
    assert client.post(act(org, engagement, "decide"), body).status_code == 403
    assert client.post(act(org, engagement, "close"), {}).status_code == 403
    engagement.refresh_from_db()
    assert engagement.state == "reporting" and not engagement.decisions.exists()


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


# The whole engagement through the pages, with htmx fragments and the organisation's plans.

healthy_template, healthy = healthy_fixtures()
INCIDENTS = "Incidents resolved in the period"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def audited_org(healthy):
    give_fieldwork_something_to_find(healthy)
    return healthy.build.org


def plan_from_the_pages(client, org, kind, lead):
    response = client.post(
        f"/o/{org.slug}/audit-engagements/new/",
        {
            "title": f"{kind} audit",
            "kind": kind,
            "criteria": "ISO/IEC 20000-1:2018",
            "audit_date": AUDIT_DATE.isoformat(),
            "period_start": AUDIT_DATE.replace(year=AUDIT_DATE.year - 1).isoformat(),
            "period_end": AUDIT_DATE.isoformat(),
            "lead_auditor": lead.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return AuditEngagement.objects.get(organisation=org, kind=kind)


def hx_post(client, org, engagement, verb, data):
    response = client.post(act(org, engagement, verb), data, **HX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page  # a fragment, not the page
    return page


def test_a_stage1_and_a_stage2_audit_run_through_the_pages_from_plan_to_decision(
    client, audited_org
):
    org = audited_org
    auditor = user_with_role(org, Role.EXTERNAL_AUDITOR, "lead-auditor")
    manager = user_with_role(org, Role.SMS_MANAGER, "sms-manager")
    lead = auditor_person(org)
    client.force_login(manager)
    stage1 = plan_from_the_pages(client, org, "stage1", lead)
    stage2 = plan_from_the_pages(client, org, "stage2", lead)
    assert (stage1.state, stage2.state) == ("planned", "planned")

    # Stage 1: every draft confirmed from its fragment, then the outcome issued.
    client.force_login(auditor)
    client.post(act(org, stage1, "start-fieldwork"), {"seed": "7"})
    for finding in stage1.findings.all():
        fragment = hx_post(client, org, stage1, "confirm", {"finding": finding.pk})
        assert f"{finding.ref} confirmed." in fragment and 'id="findings"' in fragment
    client.post(act(org, stage1, "issue-outcome"), {"rationale": ""})
    stage1.refresh_from_db()
    assert stage1.state == "decided" and stage1.decisions.count() == 1

    # Stage 2 fieldwork: regrade, judge, draw, interview, add a finding citing the interview.
    client.post(act(org, stage2, "start-fieldwork"), {"seed": "7"})
    stage2.refresh_from_db()
    supplier = stage2.findings.get(key__startswith="s2.supplier.reviewed")
    for other in stage2.findings.exclude(pk=supplier.pk):
        hx_post(client, org, stage2, "withdraw", {"finding": other.pk, "reason": "Out of scope."})
    fragment = hx_post(
        client,
        org,
        stage2,
        "regrade",
        {"finding": supplier.pk, "grade": "major", "reason": "No supplier review in two years."},
    )
    assert f"{supplier.ref} regraded." in fragment
    assert 'id="recommendation" hx-swap-oob="true"' in fragment and "Not recommended" in fragment

    sample = Sample.objects.get(evaluation=stage2.evaluation, population=INCIDENTS)
    record = sample.records[0]["ref"]
    judge = {"sample": sample.pk, "record_ref": record, "verdict": "nonconforming"}
    refused = hx_post(client, org, stage2, "judge", {**judge, "note": ""})
    assert refused.strip().startswith(f'<tr id="row-e{sample.pk}-{record}"')
    assert "Say what does not conform." in refused
    row = hx_post(client, org, stage2, "judge", {**judge, "note": "Closed without a resolution."})
    assert "Closed without a resolution." in row and "Nonconforming" in row

    drawn = hx_post(client, org, stage2, "draw-additional", {"population": INCIDENTS, "size": "3"})
    assert 'id="fieldwork"' in drawn and "additional draw" in drawn
    person = Person.objects.filter(organisation=org).order_by("ref").first()
    heard = hx_post(
        client,
        org,
        stage2,
        "interview",
        {
            "role": "process_owner",
            "clauses": "8.3.4",
            "interviewee": person.pk,
            "held_on": AUDIT_DATE.isoformat(),
            "question": ["How are suppliers reviewed?"],
            "answer": ["Yearly, but the last one was missed."],
            "evidence_seen": "The supplier review calendar.",
        },
    )
    interview = stage2.interviews.get()
    assert interview.ref in heard
    hx_post(
        client,
        org,
        stage2,
        "add-finding",
        {
            "clause": "8.3.4",
            "grade": "ofi",
            "statement": "Review reminders depend on one person's calendar.",
            "requirement": "Supplier reviews are planned so that none is missed.",
            "reason": "Heard in interview.",
            "interviews": [interview.pk],
        },
    )
    client.post(act(org, stage2, "issue-findings"), {})
    stage2.refresh_from_db()
    supplier.refresh_from_db()
    assert stage2.state == "awaiting_cap" and supplier.nonconformity is not None

    # The organisation answers; the auditor returns the plan, then accepts the revision.
    plan_form = {
        "finding": supplier.pk,
        "correction": "Reviewed the supplier this week.",
        "root_cause": "",
        "corrective_action": "Put every supplier review in the SMS calendar.",
        "owner": person.pk,
        "due_date": "2025-09-30",
    }
    assert client.post(act(org, stage2, "submit-plan"), plan_form).status_code == 403
    client.force_login(manager)
    assert "Submit a plan" in client.get(workspace(org, stage2)).content.decode()
    incomplete = hx_post(client, org, stage2, "submit-plan", plan_form)
    assert "The plan needs a root cause" in incomplete
    plan_form["root_cause"] = "Reviews were tracked in one person's calendar."
    submitted = hx_post(client, org, stage2, "submit-plan", plan_form)
    cap = CorrectiveActionPlan.objects.get(nonconformity=supplier.nonconformity)
    assert f"{cap.ref} submitted" in submitted
    assert client.post(act(org, stage2, "accept-plan"), {"plan": cap.pk}).status_code == 403

    client.force_login(auditor)
    returned = hx_post(
        client, org, stage2, "return-plan", {"plan": cap.pk, "reason": "Name a backup reviewer."}
    )
    assert "Returned: Name a backup reviewer." in returned
    client.force_login(manager)
    plan_form["corrective_action"] += " A deputy reviews when the owner is away."
    hx_post(client, org, stage2, "submit-plan", plan_form)
    cap.refresh_from_db()
    assert (cap.status, cap.return_reason) == ("submitted", "")
    assert CorrectiveActionPlan.objects.filter(nonconformity=supplier.nonconformity).count() == 1

    client.force_login(auditor)
    accepted = hx_post(client, org, stage2, "accept-plan", {"plan": cap.pk})
    assert f"{cap.ref} accepted." in accepted
    hx_post(
        client,
        org,
        stage2,
        "verify-closure",
        {"finding": supplier.pk, "evidence": "Saw the review record and the calendar."},
    )
    client.post(
        act(org, stage2, "decide"),
        {"decision": "certify", "rationale": "The major is closed and verified."},
    )
    stage2.refresh_from_db()
    assert stage2.state == "decided"
    assert stage2.decisions.get().recommendation == "recommended"

    # The report says what the auditor concluded.
    response = client.get(f"/o/{org.slug}/reports/audits/{stage2.pk}.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Findings"].iter_rows(min_row=2, values_only=True))
    (regraded,) = [r for r in rows if r[0] == supplier.ref]
    assert regraded[3] == "Major nonconformity" and "two years" in regraded[14]
    judged = list(workbook["Sampled records"].iter_rows(min_row=2, values_only=True))
    assert any(r[2] == record and r[6] == "Closed without a resolution." for r in judged)
    assert workbook["Interviews"]["A2"].value == interview.ref


def test_a_full_page_post_still_works_without_javascript(client, org, auditor):
    engagement = engagement_of(org, "stage2")
    client.force_login(auditor)
    client.post(act(org, engagement, "start-fieldwork"), {"seed": "7"})
    finding = engagement.findings.order_by("ref").first()
    response = client.post(act(org, engagement, "confirm"), {"finding": finding.pk})
    assert response.status_code == 302 and response["Location"].endswith("#findings")
    page = client.get(response["Location"]).content.decode()
    assert f"{finding.ref} confirmed." in page and "<html" in page
