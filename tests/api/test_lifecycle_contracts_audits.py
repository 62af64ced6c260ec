"""The lifecycles of audits, reviews, nonconformities, action plans and improvements.

Each contract walks every transition through ``POST …/<id>/<transition>/``; the
tests below it check the rule each verb keeps, refused with the field it names.
"""

import datetime as dt

import pytest

from evident.audits.models import (
    CorrectiveActionPlan,
    Improvement,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)
from evident.core.models import HistoryEntry, Role
from tests.api import (
    TODAY,
    LifecycleContract,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    nonconformity,
    person,
    record,
)

TOMORROW = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()
PLAN = {
    "correction": "Approved the two changes retrospectively",
    "root_cause": "The change tool let work start without an approval",
    "corrective_action": "Block implementation until an approval is recorded",
}


def audit(org):
    return record(InternalAudit, org, title="Change audit", planned_date=TODAY, clauses="8.5.1")


def review(org):
    return record(ManagementReview, org, title="Q1 review", planned_date=TODAY)


def plan(org, **fields):
    fields = {"owner": person(org), "due_date": TODAY, **PLAN, **fields}
    return record(CorrectiveActionPlan, org, nonconformity=nonconformity(org), **fields)


def idea(org, **fields):
    return record(Improvement, org, title="Self-service resets", raised_on=TODAY, **fields)


def major(org):
    return record(
        Nonconformity,
        org,
        title="No review",
        source="external_audit",
        grade="major",
        raised_on=TODAY,
    )


class TestInternalAuditLifecycle(LifecycleContract):
    route = "internal-audits"
    model = InternalAudit

    def fresh(self, org):
        return audit(org)

    def walks(self, org):
        done = {"completed_on": "2025-03-10", "summary": "Two minors in change approval"}
        return ((("complete", done),), (("cancel", {"reason": "Auditor unavailable"}),))


class TestManagementReviewLifecycle(LifecycleContract):
    route = "management-reviews"
    model = ManagementReview

    def fresh(self, org):
        return review(org)

    def walks(self, org):
        held = {"held_on": "2025-03-12", "minutes": "Objectives on track"}
        return ((("hold", held),), (("cancel", {"reason": "Merged with the Q2 review"}),))


class TestNonconformityLifecycle(LifecycleContract):
    route = "nonconformities"
    model = Nonconformity

    def fresh(self, org):
        return nonconformity(org)

    def walks(self, org):
        return ((("close", {"closed_on": "2025-04-01"}),),)


class TestCorrectiveActionPlanLifecycle(LifecycleContract):
    route = "corrective-action-plans"
    model = CorrectiveActionPlan
    # Submitting is the organisation's, deciding an auditor's: an internal auditor does both.
    role = Role.INTERNAL_AUDITOR

    @pytest.fixture
    def api(self, org, make_user):
        return client_for(make_user(org, self.role))

    def fresh(self, org):
        return plan(org)

    def walks(self, org):
        returned = ("return", {"reason": "Name a backup reviewer"})
        return ((("submit", {}), returned, ("submit", {}), ("accept", {})),)


class TestImprovementLifecycle(LifecycleContract):
    route = "improvements"
    model = Improvement

    def fresh(self, org):
        return idea(org)

    def walks(self, org):
        accept = {"decision": "accepted", "decided_on": "2025-03-04", "owner": person(org).pk}
        done = {"completed_on": "2025-05-01", "result": "Password calls fell by 60 %"}
        return (
            (("decide", accept), ("start", {}), ("complete", done)),
            (("decide", {"decision": "rejected", "decided_on": "2025-03-04"}),),
        )


# The rules each verb keeps -------------------------------------------------------------


@pytest.fixture
def api(manager):
    return client_for(manager)


@pytest.fixture
def auditor(org, make_user):
    return client_for(make_user(org, Role.EXTERNAL_AUDITOR))


def move(client, org, route, pk, name, body=None):
    return client.post(f"{endpoint(org, route, pk)}{name}/", body or {}, format="json")


def test_an_audit_completed_in_the_future_is_refused(api, org):
    planned = audit(org)
    body = {"completed_on": TOMORROW, "summary": "Clean"}
    response = move(api, org, "internal-audits", planned.pk, "complete", body)
    assert response.status_code == 400
    assert "future" in str(response.data["completed_on"])
    assert InternalAudit.objects.get(pk=planned.pk).status == "planned"


def test_an_audit_is_completed_with_its_results(api, org):
    response = move(api, org, "internal-audits", audit(org).pk, "complete", {"completed_on": TODAY})
    assert response.status_code == 400
    assert set(response.data) == {"summary"}


def test_a_cancelled_audit_keeps_the_reason(api, org):
    planned = audit(org)
    refused = move(api, org, "internal-audits", planned.pk, "cancel", {"reason": " "})
    assert set(refused.data) == {"reason"}
    body = {"reason": "Auditor unavailable"}
    response = move(api, org, "internal-audits", planned.pk, "cancel", body)
    assert response.data["summary"] == "Cancelled: Auditor unavailable"
    entry = HistoryEntry.objects.filter(object_id=planned.pk, model="audits.internalaudit").last()
    assert entry.event == "internal_audit.cancelled"


def test_a_review_is_held_with_minutes_on_a_past_day(api, org):
    planned = review(org)
    no_minutes = move(api, org, "management-reviews", planned.pk, "hold", {"held_on": TODAY})
    assert set(no_minutes.data) == {"minutes"}
    body = {"held_on": TOMORROW, "minutes": "Objectives on track"}
    ahead = move(api, org, "management-reviews", planned.pk, "hold", body)
    assert ahead.status_code == 400
    assert "future" in str(ahead.data["held_on"])


def test_a_review_is_cancelled_with_a_reason(api, org):
    response = move(api, org, "management-reviews", review(org).pk, "cancel", {})
    assert response.status_code == 400
    assert set(response.data) == {"reason"}


def test_a_nonconformity_does_not_close_before_it_was_raised(api, org):
    minor = nonconformity(org)
    body = {"closed_on": "2025-01-01"}
    response = move(api, org, "nonconformities", minor.pk, "close", body)
    assert response.status_code == 400
    assert "raised on" in str(response.data["closed_on"])


def test_a_major_closes_only_verified_and_only_an_auditor_verifies(api, auditor, org):
    serious = major(org)
    unverified = move(api, org, "nonconformities", serious.pk, "close")
    assert unverified.status_code == 400
    assert "verify" in str(unverified.data["verified"])
    assert (
        move(api, org, "nonconformities", serious.pk, "close", {"verified": True}).status_code
        == 403
    )
    response = move(auditor, org, "nonconformities", serious.pk, "close", {"verified": True})
    assert response.status_code == 200, response.data
    entry = HistoryEntry.objects.filter(object_id=serious.pk, model="audits.nonconformity").last()
    assert (entry.event, entry.actor_name) == ("nonconformity.closed", "external_auditor-acme")


def test_an_external_auditor_does_not_close_a_nonconformity_unverified(auditor, org):
    minor = nonconformity(org)
    assert move(auditor, org, "nonconformities", minor.pk, "close").status_code == 403
    assert Nonconformity.objects.get(pk=minor.pk).status == "open"


def test_an_incomplete_plan_is_refused_naming_what_it_lacks(api, org):
    draft = plan(org, owner=None, root_cause="")
    response = move(api, org, "corrective-action-plans", draft.pk, "submit", {})
    assert response.status_code == 400
    assert set(response.data) == {"owner", "root_cause"}
    body = {"owner": person(org).pk, "root_cause": "No approval gate in the tool"}
    completed = move(api, org, "corrective-action-plans", draft.pk, "submit", body)
    assert completed.status_code == 200, completed.data
    assert (completed.data["status"], completed.data["root_cause"]) == (
        "submitted",
        "No approval gate in the tool",
    )
    assert completed.data["correction"] == PLAN["correction"]


def test_a_submitted_plan_is_not_edited_while_the_auditor_decides(api, org):
    draft = plan(org)
    move(api, org, "corrective-action-plans", draft.pk, "submit")
    at = endpoint(org, "corrective-action-plans", draft.pk)
    response = api.patch(at, {"root_cause": "Something else"}, format="json")
    assert response.status_code == 400
    assert "auditor" in str(response.data["status"])


def test_an_auditor_returns_a_plan_only_saying_why(auditor, api, org):
    draft = plan(org)
    move(api, org, "corrective-action-plans", draft.pk, "submit")
    response = move(auditor, org, "corrective-action-plans", draft.pk, "return", {"reason": ""})
    assert response.status_code == 400
    assert set(response.data) == {"reason"}


def test_an_improvement_is_accepted_only_with_an_owner(api, org):
    proposed = idea(org)
    body = {"decision": "accepted", "decided_on": "2025-03-04"}
    response = move(api, org, "improvements", proposed.pk, "decide", body)
    assert response.status_code == 400
    assert set(response.data) == {"owner"}


def test_a_deferred_improvement_is_not_started(api, org):
    deferred = idea(org, decision="deferred", decided_on=TODAY)
    response = move(api, org, "improvements", deferred.pk, "start")
    assert response.status_code == 400
    assert "not accepted" in str(response.data["decision"])
    done = {"completed_on": "2025-05-01", "result": "Done anyway"}
    refused = move(api, org, "improvements", deferred.pk, "complete", done)
    assert "not accepted" in str(refused.data["decision"])


def test_a_completed_improvement_says_what_it_achieved(api, org):
    accepted = idea(org, decision="accepted", decided_on=TODAY, owner=person(org))
    response = move(api, org, "improvements", accepted.pk, "complete", {"completed_on": TODAY})
    assert response.status_code == 400
    assert set(response.data) == {"result"}
