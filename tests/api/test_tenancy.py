"""One organisation's users never see or touch another organisation's records."""

from evident.core.models import Role
from evident.governance.models import ScopeStatement
from evident.operations.models import Incident
from tests.api import (
    NOW,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    record,
    record_routes,
    service,
)


def test_no_endpoint_of_another_organisation_answers_a_non_member(org, other_org, manager):
    api = client_for(manager)
    for route in record_routes():
        assert api.get(endpoint(other_org, route)).status_code == 404, route


def test_an_unknown_organisation_is_not_found(org, manager):
    assert client_for(manager).get("/api/orgs/no-such-org/incidents/").status_code == 404


def test_an_incident_cannot_name_another_organisations_service(org, other_org, manager):
    body = {"title": "Mail down", "service": service(other_org).pk, "opened_at": NOW.isoformat()}
    response = client_for(manager).post(endpoint(org, "incidents"), body, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"service"}
    assert not Incident.objects.exists()


def test_an_incident_cannot_be_moved_to_another_organisations_service(org, other_org, manager):
    incident = record(Incident, org, title="Mail down", service=service(org), opened_at=NOW)
    foreign = service(other_org)
    response = client_for(manager).patch(
        endpoint(org, "incidents", incident.pk), {"service": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert "service" in response.data
    incident.refresh_from_db()
    assert incident.service.organisation == org


def test_a_scope_cannot_include_another_organisations_service(org, other_org, manager):
    body = {"statement": "All services", "services": [service(org).pk, service(other_org).pk]}
    response = client_for(manager).post(endpoint(org, "scope-statements"), body, format="json")
    assert response.status_code == 400
    assert "services" in response.data
    assert not ScopeStatement.objects.exists()


def test_a_person_cannot_be_linked_to_a_login_of_another_organisation(
    org, other_org, manager, make_user
):
    outsider = make_user(other_org, Role.SMS_MANAGER)
    body = {"name": "Someone Else", "user": outsider.pk}
    response = client_for(manager).post(endpoint(org, "people"), body, format="json")
    assert response.status_code == 400
    assert "user" in response.data


def test_a_person_can_be_linked_to_a_login_of_the_same_organisation(org, manager, make_user):
    colleague = make_user(org, Role.PROCESS_OWNER)
    body = {"name": "A Colleague", "user": colleague.pk}
    response = client_for(manager).post(endpoint(org, "people"), body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["username"] == colleague.username


def test_filtering_by_another_organisations_service_is_refused(org, other_org, manager):
    foreign = service(other_org)
    record(Incident, other_org, title="Their outage", service=foreign, opened_at=NOW)
    response = client_for(manager).get(endpoint(org, "incidents"), {"service": foreign.pk})
    assert response.status_code == 400
    assert "service" in response.data
