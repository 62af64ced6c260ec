"""Nonconformities and their action plans move through verbs that record who decided."""

import pytest

from evident.audits.models import CorrectiveActionPlan, Finding, Nonconformity
from evident.core.models import Role
from tests.api import (
    TODAY,
    assert_written_by_api,
    client_for,
    endpoint,
    evaluation,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    nonconformity,
    person,
    record,
)

COMPLETE = {
    "correction": "Approved the two changes retrospectively",
    "root_cause": "The change tool let work start without an approval",
    "corrective_action": "Block implementation until an approval is recorded",
}


@pytest.fixture
def auditor(org, make_user):
    return make_user(org, Role.EXTERNAL_AUDITOR)


@pytest.fixture
def plan(org):
    return record(CorrectiveActionPlan, org, nonconformity=nonconformity(org), **COMPLETE)


def verb(org, route, pk, name):
    return endpoint(org, route, pk) + f"{name}/"


def submitted(org, plan, manager):
    body = {"owner": person(org).pk, "due_date": TODAY.isoformat()}
    response = client_for(manager).post(
        verb(org, "corrective-action-plans", plan.pk, "submit"), body, format="json"
    )
    assert response.status_code == 200, response.data
    return response


def test_a_complete_plan_is_submitted(org, manager, plan):
    response = submitted(org, plan, manager)
    assert (response.data["status"], response.data["is_complete"]) == ("submitted", True)
    assert_written_by_api(CorrectiveActionPlan, plan.pk, "update", manager)


def test_an_incomplete_plan_cannot_be_submitted(org, manager, plan):
    at = verb(org, "corrective-action-plans", plan.pk, "submit")
    response = client_for(manager).post(at, {}, format="json")
    assert response.status_code == 400
    assert "an owner" in str(response.data["owner"])


def test_an_auditor_accepts_a_submitted_plan_and_is_recorded(org, manager, auditor, plan):
    submitted(org, plan, manager)
    at = verb(org, "corrective-action-plans", plan.pk, "accept")
    response = client_for(auditor).post(at)
    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["decided_by"]) == ("accepted", auditor.username)
    assert_written_by_api(CorrectiveActionPlan, plan.pk, "update", auditor)


def test_the_auditee_cannot_accept_its_own_plan(org, manager, plan):
    submitted(org, plan, manager)
    at = verb(org, "corrective-action-plans", plan.pk, "accept")
    assert client_for(manager).post(at).status_code == 403
    plan.refresh_from_db()
    assert plan.status == CorrectiveActionPlan.Status.SUBMITTED


def test_a_plans_status_cannot_be_set_directly(org, manager, plan):
    at = endpoint(org, "corrective-action-plans", plan.pk)
    response = client_for(manager).patch(at, {"status": "accepted"}, format="json")
    assert response.status_code == 400
    assert "transitions (submit)" in str(response.data["status"])
    plan.refresh_from_db()
    assert plan.status == CorrectiveActionPlan.Status.DRAFT


def test_an_auditor_returns_a_plan_saying_why(org, manager, auditor, plan):
    submitted(org, plan, manager)
    at = verb(org, "corrective-action-plans", plan.pk, "return")
    assert client_for(auditor).post(at, {}, format="json").data.keys() == {"reason"}
    response = client_for(auditor).post(at, {"reason": "Name the tool change"}, format="json")
    assert response.status_code == 200
    assert (response.data["status"], response.data["return_reason"]) == (
        "returned",
        "Name the tool change",
    )


def test_a_draft_plan_cannot_be_accepted(org, auditor, plan):
    response = client_for(auditor).post(verb(org, "corrective-action-plans", plan.pk, "accept"))
    assert response.status_code == 400
    assert "draft" in str(response.data["status"])


def test_a_minor_nonconformity_is_closed_by_the_organisation(org, manager):
    minor = nonconformity(org)
    at = verb(org, "nonconformities", minor.pk, "close")
    response = client_for(manager).post(at, {"closed_on": "2025-04-01"}, format="json")
    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["closed_on"]) == ("closed", "2025-04-01")


def test_a_major_nonconformity_closes_only_when_an_auditor_verifies_it(org, manager, auditor):
    major = record(
        Nonconformity,
        org,
        title="No review",
        source="external_audit",
        grade="major",
        raised_on=TODAY,
    )
    at = verb(org, "nonconformities", major.pk, "close")
    assert client_for(manager).post(at, {}, format="json").status_code == 400
    assert client_for(manager).post(at, {"verified": True}, format="json").status_code == 403
    response = client_for(auditor).post(at, {"verified": True}, format="json")
    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["closure_verified"]) == ("closed", True)


def finding(org, grade):
    return record(
        Finding,
        org,
        evaluation=evaluation(org),
        check_id="change_approved_before_start",
        key=f"8.5.1:{grade}",
        clause="8.5.1",
        grade=grade,
        statement="A sampled change started before its approval.",
    )


def test_a_nonconformity_is_raised_from_an_engine_finding_once(org, auditor):
    minor = finding(org, Finding.Grade.MINOR)
    at = endpoint(org, "nonconformities") + "from-finding/"
    api = client_for(auditor)
    first = api.post(at, {"finding": minor.pk}, format="json")
    assert first.status_code == 201, first.data
    assert (first.data["finding_key"], first.data["grade"]) == (minor.key, "minor")
    again = api.post(at, {"finding": minor.pk}, format="json")
    assert again.data["id"] == first.data["id"]
    assert_written_by_api(Nonconformity, first.data["id"], "create", auditor)


def test_an_opportunity_for_improvement_raises_no_nonconformity(org, manager):
    ofi = finding(org, Finding.Grade.OFI)
    at = endpoint(org, "nonconformities") + "from-finding/"
    response = client_for(manager).post(at, {"finding": ofi.pk}, format="json")
    assert response.status_code == 400
    assert not Nonconformity.objects.exists()


def test_another_organisations_finding_cannot_be_answered(org, other_org, manager):
    theirs = finding(other_org, Finding.Grade.MAJOR)
    at = endpoint(org, "nonconformities") + "from-finding/"
    response = client_for(manager).post(at, {"finding": theirs.pk}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"finding"}
