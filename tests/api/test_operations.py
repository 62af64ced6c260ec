"""Changes and their approvals, problems, incidents and service requests over the API."""

from evident.core import services
from evident.operations.models import (
    Change,
    ChangeApproval,
    Incident,
    IncidentStatusChange,
    Problem,
    ServiceRequest,
)
from tests.api import (
    NOW,
    RecordEndpointContract,
    as_json,
    assert_written_by_api,
    change,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    problem,
    service,
)


class TestChanges(RecordEndpointContract):
    route = "changes"
    model = Change
    # The status moves only by the change's transitions (tests/api/test_lifecycle.py).
    update = {"title": "Upgrade mail servers to 10.2", "risk": "high"}

    def fields(self, org):
        return {
            "title": "Upgrade mail servers",
            "change_type": "normal",
            "service": service(org),
            "risk": "medium",
            "requested_at": NOW,
        }


class TestChangeApprovals(RecordEndpointContract):
    """An approval is entered as the change authority's decision on an assessed change.

    A decision taken is not edited: it is voided with a reason and decided again.
    """

    route = "change-approvals"
    model = ChangeApproval
    update = {"decision": "rejected"}
    test_update_changes_the_record_and_leaves_a_ledger_entry = None
    test_update_answers_the_new_version_as_its_etag = None
    test_an_update_based_on_an_older_version_is_refused = None

    def test_a_decision_is_not_edited(self, api, org, existing):
        response = api.patch(endpoint(org, self.route, existing.pk), self.update, format="json")
        assert response.status_code == 400
        assert "void it" in str(response.data)
        assert ChangeApproval.objects.get(pk=existing.pk).decision == "approved"

    def fields(self, org):
        assessed = change(org)
        services.update_record(
            assessed, risk_assessment="Mail queues drain first", status="assessed"
        )
        return {
            "change": assessed,
            "authority": "cab",
            "approver": person(org),
            "decision": "approved",
            "decided_at": NOW,
        }


class TestProblems(RecordEndpointContract):
    route = "problems"
    model = Problem
    # Publishing, resolving, reopening and closing are transitions (test_lifecycle_contracts.py).
    update = {"workaround": "Restart the queue"}

    def fields(self, org):
        return {"title": "Mail queue stalls", "service": service(org), "opened_at": NOW}


class TestIncidents(RecordEndpointContract):
    route = "incidents"
    model = Incident
    # Its status moves by dated transitions (test_lifecycle_contracts.py).
    update = {"category": "mail", "assignment_group": "Messaging"}

    def fields(self, org):
        return {
            "title": "Mail down",
            "service": service(org),
            "priority": 2,
            "opened_at": NOW,
            "caused_by_change": change(org),
            "problem": problem(org),
        }


def test_the_status_history_is_written_by_the_transitions_and_only_read(org, manager):
    api, route = client_for(manager), "incident-status-changes"
    body = as_json({"title": "Mail down", "service": service(org), "opened_at": NOW})
    created = api.post(endpoint(org, "incidents"), body, format="json").data
    at = endpoint(org, "incidents", created["id"])
    resolved = {"changed_at": "2025-03-03T11:00:00Z"}
    assert api.post(f"{at}resolve/", resolved, format="json").status_code == 200
    steps = api.get(endpoint(org, route)).data["results"]
    assert sorted((s["status"], s["changed_at"]) for s in steps) == [
        ("new", "2025-03-03T09:30:00Z"),
        ("resolved", "2025-03-03T11:00:00Z"),
    ]
    step = IncidentStatusChange.objects.get(status="resolved")
    entered = {"incident": created["id"], "status": "closed", "changed_at": NOW.isoformat()}
    assert api.post(endpoint(org, route), entered, format="json").status_code == 405
    moved = api.patch(endpoint(org, route, step.pk), {"status": "on_hold"}, format="json")
    assert moved.status_code == 405
    voided = api.post(f"{endpoint(org, route, step.pk)}void/", {"reason": "x"}, format="json")
    assert voided.status_code == 405
    assert IncidentStatusChange.objects.get(pk=step.pk).status == "resolved"


class TestServiceRequests(RecordEndpointContract):
    route = "service-requests"
    model = ServiceRequest
    # Approving, fulfilling, closing and cancelling are transitions (test_lifecycle_contracts.py).
    update = {"request_type": "Shared mailbox"}

    def fields(self, org):
        return {"title": "New mailbox", "service": service(org), "opened_at": NOW}


def test_an_incident_can_be_replaced_whole(org, manager):
    api = client_for(manager)
    body = as_json(TestIncidents().fields(org))
    created = api.post(endpoint(org, "incidents"), body, format="json").data
    vpn = service(org, name="VPN")
    replacement = {"title": "VPN down", "service": vpn.pk, "opened_at": NOW, "priority": 1}
    response = api.put(endpoint(org, "incidents", created["id"]), replacement, format="json")
    assert response.status_code == 200, response.data
    assert (response.data["title"], response.data["service_ref"]) == ("VPN down", vpn.ref)
    assert (response.data["ref"], response.data["priority"]) == (created["ref"], 1)
    assert_written_by_api(Incident, created["id"], "update", manager)
