"""Who may call the API, and what each role may change."""

import pytest
from rest_framework.test import APIClient

from evident.audits.models import Nonconformity
from evident.core.models import Role
from evident.operations.models import Incident
from tests.api import (
    NOW,
    TODAY,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    nonconformity,
    record,
    service,
)


@pytest.fixture
def incident(org):
    return record(Incident, org, title="Mail down", service=service(org), opened_at=NOW)


def incident_body(org):
    return {"title": "VPN down", "service": service(org, name="VPN").pk, "opened_at": NOW}


def nonconformity_body():
    return {"title": "No review", "source": "external_audit", "raised_on": TODAY}


def test_anonymous_callers_are_asked_to_authenticate(org, incident):
    response = APIClient().get(endpoint(org, "incidents"))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_an_unknown_token_is_refused(org, incident):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get(endpoint(org, "incidents")).status_code == 401


def test_a_signed_in_browser_session_works_as_well_as_a_token(org, manager, incident):
    api = APIClient()
    api.force_login(manager)
    response = api.get(endpoint(org, "incidents"))
    assert response.status_code == 200
    assert response.data["count"] == 1


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EXTERNAL_AUDITOR])
def test_readers_may_read_but_not_change_operational_records(org, make_user, incident, role):
    api = client_for(make_user(org, role))
    at = endpoint(org, "incidents", incident.pk)
    assert api.get(at).status_code == 200
    assert (
        api.post(endpoint(org, "incidents"), incident_body(org), format="json").status_code == 403
    )
    assert api.patch(at, {"title": "Renamed"}, format="json").status_code == 403
    assert api.delete(at).status_code == 403
    assert Incident.objects.get(pk=incident.pk).title == "Mail down"


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.SMS_MANAGER, Role.PROCESS_OWNER, Role.INTERNAL_AUDITOR]
)
def test_writer_roles_may_change_operational_records(org, make_user, role):
    api = client_for(make_user(org, role))
    response = api.post(endpoint(org, "incidents"), incident_body(org), format="json")
    assert response.status_code == 201, response.data


def test_an_external_auditor_may_raise_a_nonconformity(org, make_user):
    api = client_for(make_user(org, Role.EXTERNAL_AUDITOR))
    response = api.post(endpoint(org, "nonconformities"), nonconformity_body(), format="json")
    assert response.status_code == 201, response.data


def test_an_external_auditor_may_edit_a_corrective_action_plan(org, make_user):
    plan = client_for(make_user(org, Role.SMS_MANAGER)).post(
        endpoint(org, "corrective-action-plans"),
        {"nonconformity": nonconformity(org).pk, "correction": "Reviewed all changes"},
        format="json",
    )
    at = endpoint(org, "corrective-action-plans", plan.data["id"])
    auditor = client_for(make_user(org, Role.EXTERNAL_AUDITOR))
    response = auditor.patch(at, {"root_cause": "No gate in the tool"}, format="json")
    assert response.status_code == 200, response.data


def test_a_viewer_may_not_raise_a_nonconformity(org, make_user):
    api = client_for(make_user(org, Role.VIEWER))
    response = api.post(endpoint(org, "nonconformities"), nonconformity_body(), format="json")
    assert response.status_code == 403
    assert not Nonconformity.objects.exists()


def test_a_member_of_one_organisation_has_no_role_in_another(org, other_org, make_user):
    record(Incident, other_org, title="Theirs", service=service(other_org), opened_at=NOW)
    api = client_for(make_user(org, Role.ADMIN))
    assert api.get(endpoint(other_org, "incidents")).status_code == 404
    assert api.post(endpoint(other_org, "incidents"), {}, format="json").status_code == 404


def test_the_organisations_list_shows_only_the_users_memberships(org, other_org, make_user):
    user = make_user(org, Role.PROCESS_OWNER, username="pat")
    make_user(other_org, Role.ADMIN)
    response = client_for(user).get("/api/orgs/")
    assert response.status_code == 200
    assert response.data["results"] == [
        {"slug": "acme", "name": "Acme IT Services", "role": "process_owner"}
    ]


def test_the_organisations_list_needs_a_signed_in_user(org):
    assert APIClient().get("/api/orgs/").status_code == 401
