"""Malformed requests are answered 4xx with the fields at fault, never with a server error."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError

from evident.core.api import exception_handler
from evident.governance.models import Process
from evident.operations.models import Incident
from tests.api import (
    NOW,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    record,
    service,
)


@pytest.fixture
def api(manager):
    return client_for(manager)


@pytest.fixture
def incident_body(org):
    return {"title": "Mail down", "service": service(org).pk, "opened_at": NOW.isoformat()}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("priority", "urgent"),  # wrong type
        ("priority", 9),  # not one of the priorities
        ("status", "sleeping"),  # unknown choice
        ("opened_at", "yesterday"),  # not a date
        ("resolved_at", "2025-02-30T10:00:00Z"),  # no such day
        ("major", "perhaps"),  # not a boolean
        ("service", "SVC000001"),  # a ref where an id belongs
        ("service", 999999),  # no such record
        ("title", "x" * 201),  # too long
    ],
)
def test_a_bad_value_is_refused_naming_its_field(api, org, incident_body, field, value):
    response = api.post(endpoint(org, "incidents"), {**incident_body, field: value}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {field}


def test_missing_required_fields_are_each_named(api, org):
    response = api.post(endpoint(org, "incidents"), {}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"title", "service", "opened_at"}


def test_a_required_relation_cannot_be_cleared(api, org, incident_body):
    created = api.post(endpoint(org, "incidents"), incident_body, format="json")
    at = endpoint(org, "incidents", created.data["id"])
    response = api.patch(at, {"service": None}, format="json")
    assert response.status_code == 400
    assert "service" in response.data


def test_invalid_json_is_a_bad_request(api, org):
    response = api.post(
        endpoint(org, "incidents"), '{"title": "Mail down",', content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON" in str(response.data["detail"])


def test_a_duplicate_ref_is_refused_naming_the_ref(api, org, incident_body):
    first = api.post(endpoint(org, "incidents"), {**incident_body, "ref": "INC-7"}, format="json")
    assert first.status_code == 201
    again = api.post(endpoint(org, "incidents"), {**incident_body, "ref": "INC-7"}, format="json")
    assert again.status_code == 400
    assert set(again.data) == {"ref"}


def test_the_same_ref_may_be_used_by_another_organisation(api, org, other_org, incident_body):
    theirs = record(
        Incident, other_org, ref="INC-7", title="x", service=service(other_org), opened_at=NOW
    )
    response = api.post(
        endpoint(org, "incidents"), {**incident_body, "ref": theirs.ref}, format="json"
    )
    assert response.status_code == 201, response.data


def test_a_ref_is_fixed_once_the_record_exists(api, org, incident_body):
    created = api.post(endpoint(org, "incidents"), incident_body, format="json").data
    at = endpoint(org, "incidents", created["id"])
    response = api.patch(at, {"ref": "RENAMED", "title": "Mail slow"}, format="json")
    assert response.status_code == 200
    assert (response.data["ref"], response.data["title"]) == (created["ref"], "Mail slow")


def test_a_second_process_with_the_same_key_is_refused_naming_the_key(api, org):
    record(Process, org, key=Process.Key.INCIDENT)
    response = api.post(endpoint(org, "processes"), {"key": "incident"}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"key"}


def test_a_risk_score_outside_one_to_five_is_refused_naming_the_score(api, org):
    body = {"title": "Flood", "likelihood": 7, "impact": 0}
    response = api.post(endpoint(org, "risks"), body, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"likelihood", "impact"}


def test_a_service_is_evidence_and_is_voided_not_deleted(api, org):
    mail = service(org)
    record(Incident, org, title="Outage", service=mail, opened_at=NOW)
    response = api.delete(endpoint(org, "services", mail.pk))
    assert response.status_code == 405
    assert "void" in response.data["detail"]
    assert type(mail).objects.filter(pk=mail.pk).exists()


def test_a_record_id_that_is_not_a_number_is_not_found(api, org):
    assert api.get(endpoint(org, "incidents") + "abc/").status_code == 404


def test_an_unknown_filter_choice_is_refused_naming_the_filter(api, org):
    response = api.get(endpoint(org, "incidents"), {"status": "sleeping"})
    assert response.status_code == 400
    assert set(response.data) == {"status"}


def test_model_validation_errors_keep_their_field_names():
    error = DjangoValidationError({"due_date": ["must not be before the start"]})
    response = exception_handler(error, {})
    assert response.status_code == 400
    assert response.data == {"due_date": ["must not be before the start"]}


def test_record_wide_model_errors_are_non_field_errors():
    for error in [
        DjangoValidationError("inconsistent"),
        DjangoValidationError({"__all__": ["inconsistent"]}),
    ]:
        response = exception_handler(error, {})
        assert response.status_code == 400
        assert response.data == {"non_field_errors": ["inconsistent"]}
