"""A record's state moves only by the transitions its declaration names.

A change is assessed, decided by its authority, implemented and reviewed through
``POST …/<id>/<transition>/``; editing the status, approving without the rules,
or moving from a state a transition does not start from is refused.
"""

import pytest

from evident.catalogue.models import CatalogueEntry, Service
from evident.core.models import HistoryEntry, Role
from evident.operations.models import Change, ChangeApproval, ChangeAuthority
from tests.api import NOW, TODAY, change, client_for, endpoint, person, record, service


@pytest.fixture
def api(manager):
    return client_for(manager)


def post(api, org, route, pk, transition, body=None):
    return api.post(f"{endpoint(org, route, pk)}{transition}/", body or {}, format="json")


def assess(api, org, chg):
    body = {
        "risk": "medium",
        "assessment": "Mail queues drain first; back out by restoring the snapshot.",
        "assessed_by": person(org, "Ada").pk,
        "assessed_at": "2025-03-03T10:00:00Z",
    }
    return post(api, org, "changes", chg.pk, "assess", body)


def decide(api, org, chg, transition="approve", **extra):
    body = {"authority": "change_manager", "decided_at": "2025-03-03T11:00:00Z", **extra}
    return post(api, org, "changes", chg.pk, transition, body)


def test_a_change_goes_from_request_to_review_by_its_transitions(api, org):
    chg = change(org)
    assert assess(api, org, chg).data["status"] == "assessed"
    assert decide(api, org, chg).data["status"] == "approved"
    implemented = post(
        api,
        org,
        "changes",
        chg.pk,
        "implement",
        {
            "actual_start": "2025-03-04T20:00:00Z",
            "actual_end": "2025-03-04T21:00:00Z",
            "outcome": "successful",
        },
    )
    assert implemented.status_code == 200, implemented.data
    reviewed = post(
        api,
        org,
        "changes",
        chg.pk,
        "review",
        {"completed_at": "2025-03-05T09:00:00Z", "notes": "Went to plan."},
    )
    assert reviewed.data["status"] == "closed"
    entries = HistoryEntry.objects.filter(model="operations.change", object_id=chg.pk)
    assert {e.source for e in entries.exclude(source="cli")} == {"api"}


def test_the_status_is_not_edited(api, org):
    chg = change(org)
    response = api.patch(endpoint(org, "changes", chg.pk), {"status": "implemented"}, format="json")
    assert response.status_code == 400
    assert "transitions" in str(response.data["status"])
    assert Change.objects.get(pk=chg.pk).status == "requested"


def test_a_new_change_starts_as_requested(api, org):
    body = {"title": "Patch", "service": service(org).pk, "requested_at": NOW.isoformat()}
    response = api.post(endpoint(org, "changes"), {**body, "status": "implemented"}, format="json")
    assert response.status_code == 400
    assert api.post(endpoint(org, "changes"), body, format="json").data["status"] == "requested"


def test_a_rejected_change_cannot_be_implemented(api, org):
    chg = change(org)
    assess(api, org, chg)
    assert decide(api, org, chg, "reject").data["status"] == "rejected"
    body = {
        "actual_start": "2025-03-04T20:00:00Z",
        "actual_end": "2025-03-04T21:00:00Z",
        "outcome": "successful",
    }
    response = post(api, org, "changes", chg.pk, "implement", body)
    assert response.status_code == 400
    assert "rejected" in str(response.data["status"])


def test_a_normal_change_is_not_approved_before_its_risk_assessment(api, org):
    chg = change(org)
    response = decide(api, org, chg)
    assert response.status_code == 400
    assert "assessed for risk" in str(response.data)


def test_an_approval_posted_directly_keeps_the_rules_of_the_verb(api, org):
    chg = change(org)
    body = {"change": chg.pk, "authority": "cab", "decision": "approved", "decided_at": NOW}
    response = api.post(endpoint(org, "change-approvals"), body, format="json")
    assert response.status_code == 400
    assert not ChangeApproval.objects.filter(change=chg).exists()


def test_an_approver_off_the_board_is_refused(api, org):
    chg = change(org)
    assess(api, org, chg)
    board = record(ChangeAuthority, org, name="CAB")
    outsider = person(org, "Mallory")
    response = decide(api, org, chg, authority="cab", body=board.pk, approver=outsider.pk)
    assert response.status_code == 400
    assert "does not sit on" in str(response.data)


def test_inputs_are_validated_by_field(api, org):
    chg = change(org)
    response = post(api, org, "changes", chg.pk, "assess", {"risk": "enormous"})
    assert response.status_code == 400
    assert {"risk", "assessment", "assessed_by", "assessed_at"} <= set(response.data)


def test_a_viewer_cannot_move_a_change(org, make_user):
    viewer = client_for(make_user(org, Role.VIEWER))
    response = post(viewer, org, "changes", change(org).pk, "assess", {})
    assert response.status_code == 403


def test_a_transition_based_on_an_older_version_is_refused(api, org):
    chg = change(org)
    stale = f'"{chg.record_version}"'
    api.patch(endpoint(org, "changes", chg.pk), {"title": "Patch mail"}, format="json")
    url = f"{endpoint(org, 'changes', chg.pk)}assess/"
    response = api.post(url, {}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.data["changed_fields"] == ["title"]


def test_retiring_a_service_withdraws_its_catalogue_entry(api, org):
    mail = record(Service, org, name="E-mail", status="live")
    entry = record(CatalogueEntry, org, service=mail, summary="Mailboxes", published_on=TODAY)
    response = post(api, org, "services", mail.pk, "retire", {"retired_on": "2025-04-01"})
    assert response.status_code == 200, response.data
    assert response.data["status"] == "retired"
    assert CatalogueEntry.objects.get(pk=entry.pk).status == CatalogueEntry.Status.WITHDRAWN
    patched = api.patch(endpoint(org, "services", mail.pk), {"status": "live"}, format="json")
    assert patched.status_code == 400


def test_a_voided_record_takes_no_transition(api, org):
    chg = change(org)
    post(api, org, "changes", chg.pk, "void", {"reason": "raised twice"})
    response = assess(api, org, chg)
    assert response.status_code == 400
    assert "voided" in str(response.data)
