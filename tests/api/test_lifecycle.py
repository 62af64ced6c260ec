"""A record's state moves only by the transitions its declaration names.

A change is assessed, decided by its authority, implemented and reviewed through
``POST …/<id>/<transition>/``; editing the status, approving without the rules,
or moving from a state a transition does not start from is refused. The other
lifecycles of the portfolio and of operations keep their verbs' rules, each
refusal naming its field.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evident.catalogue.models import Asset, CatalogueEntry, Service, ServicePlan
from evident.core.models import HistoryEntry, Role
from evident.core.writers import writer_for
from evident.interop.models import ImportJob
from evident.operations.models import (
    Change,
    ChangeApproval,
    ChangeAuthority,
    Incident,
    IncidentStatusChange,
    Problem,
    Release,
    ServiceRequest,
)
from tests.api import (
    NOW,
    TODAY,
    change,
    client_for,
    endpoint,
    person,
    problem,
    record,
    service,
)


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


# The rules of the portfolio's and operations' verbs, refused by field.


def test_a_retired_service_gets_no_published_catalogue_entry(api, org):
    fax = record(Service, org, name="Fax", status="retired", retired_on=TODAY)
    body = {"service": fax.pk, "summary": "Fax to mail"}
    response = api.post(endpoint(org, "catalogue-entries"), body, format="json")
    assert response.status_code == 400
    assert "retired" in str(response.data["service"])
    entry = record(CatalogueEntry, org, service=fax, status="withdrawn")
    response = post(api, org, "catalogue-entries", entry.pk, "publish", {"published_on": TODAY})
    assert response.status_code == 400
    assert "service" in response.data


def test_a_plan_is_approved_only_with_its_requirements(api, org):
    plan = record(ServicePlan, org, title="Second region", service=service(org))
    response = post(api, org, "service-plans", plan.pk, "approve")
    assert response.status_code == 400
    assert "requirements" in response.data
    stated = {"requirements": "Fails over"}
    api.patch(endpoint(org, "service-plans", plan.pk), stated, format="json")
    assert post(api, org, "service-plans", plan.pk, "approve").data["status"] == "approved"


def test_an_asset_is_disposed_of_with_its_day(api, org):
    asset = record(Asset, org, name="Old laptop", asset_type="hardware")
    response = post(api, org, "assets", asset.pk, "dispose")
    assert response.status_code == 400
    assert "disposed_on" in response.data
    patched = api.patch(endpoint(org, "assets", asset.pk), {"status": "disposed"}, format="json")
    assert patched.status_code == 400
    assert "status" in patched.data


def incident_by_api(api, org, **fields):
    body = {"title": "Mail down", "service": service(org).pk, "opened_at": NOW.isoformat()}
    return api.post(endpoint(org, "incidents"), {**body, **fields}, format="json")


def test_an_incident_is_entered_new_and_its_times_come_from_its_steps(api, org):
    assert "status" in incident_by_api(api, org, status="resolved").data
    early = incident_by_api(api, org, resolved_at="2025-03-03T11:00:00Z")
    assert early.status_code == 400
    assert "resolve transition" in str(early.data["resolved_at"])
    created = incident_by_api(api, org).data
    steps = IncidentStatusChange.objects.filter(incident_id=created["id"])
    assert [(s.status, s.changed_at) for s in steps] == [("new", NOW)]
    before = {"changed_at": "2025-03-03T08:00:00Z"}
    response = post(api, org, "incidents", created["id"], "resolve", before)
    assert response.status_code == 400
    assert "changed_at" in response.data
    post(api, org, "incidents", created["id"], "resolve", {"changed_at": "2025-03-03T11:00:00Z"})
    moved = {"resolved_at": "2025-03-03T10:00:00Z"}
    response = api.patch(endpoint(org, "incidents", created["id"]), moved, format="json")
    assert response.status_code == 400
    assert "resolved_at" in response.data


def test_a_closed_incident_is_not_reopened(api, org):
    created = incident_by_api(api, org).data
    for step, hour in (("resolve", 11), ("close", 12)):
        body = {"changed_at": f"2025-03-03T{hour}:00:00Z"}
        assert post(api, org, "incidents", created["id"], step, body).status_code == 200
    response = post(api, org, "incidents", created["id"], "reopen", {"changed_at": NOW})
    assert response.status_code == 400
    assert "closed" in str(response.data["status"])


def test_a_known_error_has_its_workaround_and_a_resolved_problem_its_cause(api, org):
    prb = problem(org)
    body = {"workaround": " ", "known_error_at": "2025-03-03T10:00:00Z"}
    assert "workaround" in post(api, org, "problems", prb.pk, "publish-known-error", body).data
    response = post(api, org, "problems", prb.pk, "resolve", {"resolved_at": NOW})
    assert response.status_code == 400
    assert "root_cause" in response.data
    edited = {"resolved_at": "2025-03-03T10:00:00Z"}
    response = api.patch(endpoint(org, "problems", prb.pk), edited, format="json")
    assert "resolved_at" in response.data
    assert Problem.objects.get(pk=prb.pk).status == "open"


def test_a_request_needing_approval_is_fulfilled_only_after_it(api, org):
    req = record(
        ServiceRequest, org, title="Admin rights", service=service(org), opened_at=NOW,
        needs_approval=True,
    )  # fmt: skip
    fulfilled = {"fulfilled_at": "2025-03-03T12:00:00Z"}
    response = post(api, org, "service-requests", req.pk, "fulfil", fulfilled)
    assert response.status_code == 400
    assert "approved_at" in response.data
    response = api.patch(endpoint(org, "service-requests", req.pk), fulfilled, format="json")
    assert "fulfilled_at" in response.data
    approved = {"approved_by": person(org).pk, "approved_at": "2025-03-03T11:00:00Z"}
    assert post(api, org, "service-requests", req.pk, "approve", approved).status_code == 200
    response = post(api, org, "service-requests", req.pk, "fulfil", fulfilled)
    assert response.data["status"] == "fulfilled"


def test_a_deployment_entered_moves_its_release_and_keeps_what_it_gave_it(api, org):
    release = record(Release, org, name="Mail 2025.1", service=service(org))
    assert "changes" in post(api, org, "releases", release.pk, "build").data
    body = {"release": release.pk, "deployed_at": NOW.isoformat(), "outcome": "successful"}
    created = api.post(endpoint(org, "deployments"), body, format="json")
    assert created.status_code == 201, created.data
    stored = Release.objects.get(pk=release.pk)
    assert (stored.status, stored.outcome, stored.released_at) == ("deployed", "successful", NOW)
    at = endpoint(org, "deployments", created.data["id"])
    assert "outcome" in api.patch(at, {"outcome": "failed"}, format="json").data
    at = endpoint(org, "releases", release.pk)
    assert "outcome" in api.patch(at, {"outcome": "failed"}, format="json").data
    body = {"name": "Mail 2025.2", "service": service(org).pk, "outcome": "successful"}
    assert "outcome" in api.post(endpoint(org, "releases"), body, format="json").data


def test_a_review_is_of_an_incident_of_its_kind(api, org):
    incident = record(Incident, org, title="Mail down", service=service(org), opened_at=NOW)
    body = {"incident": incident.pk, "kind": "major", "held_on": TODAY.isoformat()}
    response = api.post(endpoint(org, "incident-reviews"), body, format="json")
    assert response.status_code == 400
    assert "not a major incident" in str(response.data["incident"])


def test_an_import_job_is_neither_entered_nor_edited_by_hand(org):
    job = record(ImportJob, org, file_name="x.csv", format="csv", stored_file="uploads/x.csv")
    with pytest.raises(PermissionDenied):
        writer_for(ImportJob).create(org, file_name="y.csv", format="csv", stored_file="y")
    with pytest.raises(PermissionDenied):
        writer_for(ImportJob).update(job, rows_read=7)
    with pytest.raises(ValidationError) as refused:
        writer_for(ImportJob).update(job, status="done")
    assert "status" in refused.value.message_dict
