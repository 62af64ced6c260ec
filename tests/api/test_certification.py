"""Audit engagements over the API: planned like records, moved along by the audit's verbs."""

import datetime as dt

import pytest

from evident.certification.models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
    FieldworkSample,
    Interview,
    SampleJudgement,
)
from evident.core.models import Role
from tests.api import (
    TODAY,
    RecordEndpointContract,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    record,
)

ROUTE = "audit-engagements"


class TestAuditEngagements(RecordEndpointContract):
    route = ROUTE
    model = AuditEngagement
    update = {"title": "Stage 2 audit, second visit", "scope": "Hosted e-mail"}

    def fields(self, org):
        return {
            "title": "Stage 2 certification audit",
            "kind": "stage2",
            "audit_date": TODAY,
            "period_start": TODAY - dt.timedelta(days=365),
            "period_end": TODAY,
            "lead_auditor": person(org),
        }


@pytest.fixture
def auditor(org, make_user):
    return client_for(make_user(org, Role.EXTERNAL_AUDITOR))


@pytest.fixture
def engagement(org):
    return record(
        AuditEngagement,
        org,
        title="Stage 2 certification audit",
        kind="stage2",
        audit_date=TODAY,
        period_start=TODAY - dt.timedelta(days=365),
        period_end=TODAY,
    )


def verb(org, engagement, name):
    return f"{endpoint(org, ROUTE, engagement.pk)}{name}/"


def test_an_external_auditor_runs_fieldwork_and_reviews_the_drafts(org, auditor, engagement):
    started = auditor.post(verb(org, engagement, "start-fieldwork"), {"seed": 7}, format="json")
    assert started.status_code == 200, started.data
    assert started.data["state"] == "fieldwork" and started.data["evaluation_ref"]

    drafts = auditor.get(endpoint(org, "engagement-findings"), {"engagement": engagement.pk})
    assert drafts.data["count"] > 0  # an organisation with no records is full of majors
    first = drafts.data["results"][0]
    url = endpoint(org, "engagement-findings", first["id"])
    regraded = auditor.post(f"{url}regrade/", {"grade": "minor", "reason": "Shown later."})
    assert regraded.status_code == 200, regraded.data
    assert (regraded.data["grade"], regraded.data["status"]) == ("minor", "changed")

    recommendation = auditor.get(verb(org, engagement, "recommendation"))
    assert recommendation.data["recommendation"] in {"not_recommended", "recommended_after_cap"}


def test_the_organisations_own_staff_cannot_run_the_audit(org, manager, engagement):
    api = client_for(manager)
    response = api.post(verb(org, engagement, "start-fieldwork"), {}, format="json")
    assert response.status_code == 403
    assert "start fieldwork" in response.data["detail"]
    engagement.refresh_from_db()
    assert engagement.state == "planned"


def test_a_verb_in_the_wrong_state_is_refused_naming_the_state(org, auditor, engagement):
    response = auditor.post(verb(org, engagement, "issue-findings"), {}, format="json")
    assert response.status_code == 400
    assert "planned" in response.data["state"][0]


@pytest.mark.parametrize(
    ("state", "name", "body", "field"),
    [
        ("planned", "start-fieldwork", {"seed": -1}, "seed"),
        ("planned", "draw-additional", {"population": "Unicorns"}, "population"),
        ("reporting", "decide", {"decision": "ready", "rationale": "x"}, "decision"),
        ("reporting", "decide", {"decision": "certify"}, "rationale"),
        ("planned", "interview", {"role": "staff", "held_on": "2025-13-01"}, "held_on"),
        ("planned", "add-finding", {"clause": "8.5.1", "grade": "awful"}, "grade"),
    ],
)
def test_malformed_verb_input_is_refused_naming_the_field(
    org, auditor, engagement, state, name, body, field
):
    # A transition first checks the state it starts from, so its input is tried from there.
    AuditEngagement.objects.filter(pk=engagement.pk).update(state=state)
    response = auditor.post(verb(org, engagement, name), body, format="json")
    assert response.status_code == 400, response.data
    assert field in response.data


def test_an_auditor_finding_names_an_unknown_clause_as_the_problem(org, auditor, engagement):
    auditor.post(verb(org, engagement, "start-fieldwork"), {"seed": 7}, format="json")
    body = {
        "clause": "8.99",
        "grade": "minor",
        "statement": "x",
        "requirement": "y",
        "reason": "z",
    }
    response = auditor.post(verb(org, engagement, "add-finding"), body, format="json")
    assert response.status_code == 400
    assert "clause" in response.data


def test_the_kind_is_fixed_once_fieldwork_starts(org, manager, auditor, engagement):
    auditor.post(verb(org, engagement, "start-fieldwork"), {"seed": 7}, format="json")
    api = client_for(manager)
    response = api.patch(endpoint(org, ROUTE, engagement.pk), {"kind": "stage1"}, format="json")
    assert response.status_code == 400
    assert "kind" in response.data


def test_state_and_evaluation_cannot_be_set_directly(org, manager, engagement):
    api = client_for(manager)
    api.patch(endpoint(org, ROUTE, engagement.pk), {"state": "closed"}, format="json")
    engagement.refresh_from_db()
    assert engagement.state == "planned"


READ_ONLY_ROUTES = {
    "engagement-findings": EngagementFinding,
    "sample-judgements": SampleJudgement,
    "fieldwork-samples": FieldworkSample,
    "interviews": Interview,
    "certification-decisions": CertificationDecision,
}


@pytest.mark.parametrize("route", sorted(READ_ONLY_ROUTES))
def test_fieldwork_records_are_written_only_by_the_verbs(org, manager, route):
    api = client_for(manager)
    assert api.get(endpoint(org, route)).status_code == 200
    assert api.post(endpoint(org, route), {}, format="json").status_code == 405


def test_a_full_stage1_over_the_api_ends_in_a_decision(org, auditor, make_user):
    stage1 = record(
        AuditEngagement,
        org,
        title="Stage 1",
        kind="stage1",
        audit_date=TODAY,
        period_start=TODAY - dt.timedelta(days=365),
        period_end=TODAY,
    )
    auditor.post(verb(org, stage1, "start-fieldwork"), {"seed": 7}, format="json")
    drafts = auditor.get(
        endpoint(org, "engagement-findings"), {"engagement": stage1.pk, "limit": 500}
    )
    for row in drafts.data["results"]:
        url = endpoint(org, "engagement-findings", row["id"])
        assert auditor.post(f"{url}confirm/", {}, format="json").status_code == 200
    issued = auditor.post(verb(org, stage1, "issue-outcome"), {}, format="json")
    assert issued.status_code == 200, issued.data
    assert issued.data["state"] == "decided"
    listed = auditor.get(endpoint(org, "certification-decisions"), {"engagement": stage1.pk})
    (decision,) = listed.data["results"]
    assert decision["decision"] == "not_ready"  # no scope, no policy: foundations missing
    assert decision["concerns_to_resolve"]


def test_another_organisations_engagement_cannot_be_worked(org, other_org, make_user):
    outsider = client_for(make_user(other_org, Role.EXTERNAL_AUDITOR, username="outsider"))
    foreign = record(
        AuditEngagement,
        org,
        title="Stage 2",
        kind="stage2",
        audit_date=TODAY,
        period_start=TODAY - dt.timedelta(days=365),
        period_end=TODAY,
    )
    url = f"{endpoint(other_org, ROUTE, foreign.pk)}start-fieldwork/"
    assert outsider.post(url, {}, format="json").status_code == 404
