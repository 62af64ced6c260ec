"""Continuity plans are approved, controls implemented and tested, only by their verbs.

Over the API each refusal names the field to correct; an approval is never typed
into an edit; a month's availability is derived in one operation.
"""

import datetime as dt
from decimal import Decimal

import pytest

from evident.assurance.availability import record_availability
from evident.assurance.models import (
    AvailabilityTarget,
    ContinuityPlan,
    ContinuityTest,
    SecurityControl,
)
from evident.core.models import HistoryEntry, Role
from tests.api import (
    client_for,
    continuity_plan,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    record,
    service,
)


@pytest.fixture
def api(manager):
    return client_for(manager)


def move(api, org, route, pk, transition, body):
    return api.post(f"{endpoint(org, route, pk)}{transition}/", body, format="json")


def refused(response, field):
    assert response.status_code == 400, response.data
    assert field in response.data, response.data


def approval(org, **overrides):
    body = {
        "version": "1.0",
        "approved_by": person(org, "Dana Reyes").pk,
        "approved_at": "2025-03-03T09:00:00Z",
        "next_review_due": "2026-03-01",
    }
    return {**body, **overrides}


def test_a_plan_is_approved_with_a_later_review_and_a_version_only_once(api, org):
    plan = continuity_plan(org)
    early = approval(org, next_review_due="2025-03-03")
    refused(move(api, org, "continuity-plans", plan.pk, "approve", early), "next_review_due")
    approved = move(api, org, "continuity-plans", plan.pk, "approve", approval(org))
    assert approved.status_code == 200, approved.data
    assert (approved.data["status"], approved.data["version"]) == ("approved", "1.0")
    assert approved.data["approved_by_ref"]
    refused(move(api, org, "continuity-plans", plan.pk, "approve", approval(org)), "version")
    entry = HistoryEntry.objects.filter(model="assurance.continuityplan", source="api").last()
    assert entry.event == "continuity_plan.approved"


def test_an_internal_auditor_does_not_approve_a_plan(org, make_user):
    auditor = client_for(make_user(org, Role.INTERNAL_AUDITOR))
    plan = continuity_plan(org)
    response = move(auditor, org, "continuity-plans", plan.pk, "approve", approval(org))
    assert response.status_code == 403
    assert ContinuityPlan.objects.get(pk=plan.pk).status == "draft"


def test_an_approval_is_not_typed_into_a_plan(api, org):
    signer = person(org, "Dana Reyes").pk
    body = {"title": "Site loss", "approved_by": signer}
    refused(api.post(endpoint(org, "continuity-plans"), body, format="json"), "approved_by")
    plan = continuity_plan(org)
    at = endpoint(org, "continuity-plans", plan.pk)
    refused(api.patch(at, {"approved_at": "2025-03-03T09:00:00Z"}, format="json"), "approved_at")
    assert api.patch(at, {"version": "0.9"}, format="json").status_code == 200
    move(api, org, "continuity-plans", plan.pk, "approve", approval(org))
    refused(api.patch(at, {"version": "2.0"}, format="json"), "version")
    refused(api.patch(at, {"status": "draft"}, format="json"), "status")


def test_a_continuity_test_that_showed_issues_says_what_follows(api, org):
    plan = continuity_plan(org)
    body = {"plan": plan.pk, "tested_on": "2025-03-03", "result": "failed"}
    refused(api.post(endpoint(org, "continuity-tests"), body, format="json"), "follow_up_actions")
    passed = api.post(
        endpoint(org, "continuity-tests"), {**body, "result": "passed"}, format="json"
    )
    assert passed.status_code == 201, passed.data
    at = endpoint(org, "continuity-tests", passed.data["id"])
    refused(api.patch(at, {"result": "failed"}, format="json"), "follow_up_actions")
    assert ContinuityTest.objects.get().result == "passed"


def test_a_control_is_tested_once_implemented_and_concludes_on_effectiveness(api, org):
    control = record(SecurityControl, org, name="MFA for admins", control_area="technological")
    tested = {"tested_on": "2025-03-03", "effectiveness": "effective"}
    refused(move(api, org, "security-controls", control.pk, "test", tested), "status")
    implemented = move(api, org, "security-controls", control.pk, "implement", {})
    assert implemented.data["status"] == "implemented", implemented.data
    empty = {**tested, "effectiveness": ""}
    refused(move(api, org, "security-controls", control.pk, "test", empty), "effectiveness")
    result = move(api, org, "security-controls", control.pk, "test", tested)
    assert (result.data["last_tested_on"], result.data["effectiveness"]) == (
        "2025-03-03",
        "effective",
    )


def test_a_months_availability_is_derived_in_one_operation(org, as_cli):
    for name in ("Mail", "Web"):
        target = {"target_percent": Decimal("99.5"), "effective_from": dt.date(2025, 1, 1)}
        record(AvailabilityTarget, org, service=service(org, name=name), **target)
    measured = record_availability(org, dt.date(2025, 2, 1))
    assert len(measured) == 2
    entries = HistoryEntry.objects.filter(model="assurance.availabilitymeasurement")
    assert {(e.event, e.operation) for e in entries} == {
        ("availability.measured", entries[0].operation)
    }
