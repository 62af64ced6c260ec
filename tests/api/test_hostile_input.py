"""Malformed and hostile requests answer 4xx with the field named, never 500."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings

from evident.core.services import create_record
from evident.interop.bundle.errors import BundleError
from evident.interop.bundle.load import read_bundle
from evident.operations.models import Incident
from tests.api import client_for, endpoint, service

AT = dt.datetime(2025, 3, 4, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def api(manager):
    return client_for(manager)


@pytest.fixture
def incident(org, as_cli):
    return create_record(Incident, org, title="Mail down", service=service(org), opened_at=AT)


@pytest.mark.parametrize("offset", ["+20:00", "-23:59", "+15:59", "Z"])
def test_a_date_time_filter_takes_any_offset_as_the_same_instant(api, org, incident, offset):
    before = "2025-03-04T10:00:00"
    if offset != "Z":
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        shift = dt.timedelta(hours=hours, minutes=minutes) * (1 if offset[0] == "+" else -1)
        before = (dt.datetime(2025, 3, 4, 10, 0) + shift).isoformat()
    response = api.get(endpoint(org, "incidents"), {"opened_at__gte": before + offset})
    assert response.status_code == 200, response.data
    assert [row["ref"] for row in response.data["results"]] == [incident.ref]


def test_an_instant_beyond_the_calendar_is_refused_by_field(api, org):
    response = api.get(endpoint(org, "incidents"), {"opened_at__gte": "9999-12-31T23:00:00-23:00"})
    assert response.status_code == 400
    assert "opened_at__gte" in response.data


def test_a_deeply_nested_body_is_refused(api, org):
    body = '{"title": ' + "[" * 5000 + "]" * 5000 + "}"
    response = api.post(endpoint(org, "services"), body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in json.dumps(response.data)


def test_a_nul_character_is_refused_with_the_path_of_the_field(api, org):
    body = {"name": "Mail\x00", "description": "ok"}
    response = api.post(endpoint(org, "services"), body, format="json")
    assert response.status_code == 400
    assert "name" in " ".join(response.data["problems"])


def test_a_bundle_nested_too_deep_or_holding_nul_is_a_bundle_error():
    with pytest.raises(BundleError) as deep:
        read_bundle("[" * 5000 + "]" * 5000)
    assert "nested" in deep.value.errors[0]
    with pytest.raises(BundleError) as nul:
        read_bundle(json.dumps({"records": {"catalogue.service": [{"name": "a\x00"}]}}))
    assert "records.catalogue.service[0].name" in nul.value.errors[0]


def test_a_wrong_token_answers_401_and_repeated_wrong_tokens_429(org, settings):
    from rest_framework.test import APIClient

    settings.EVIDENT_TOKEN_FAILURE_LIMIT = 3
    guesser = APIClient(REMOTE_ADDR="203.0.113.9")
    guesser.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    codes = [guesser.get(endpoint(org, "services")).status_code for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    call_command("unlock_api_address", "203.0.113.9")
    assert guesser.get(endpoint(org, "services")).status_code == 401


def test_a_database_failure_answers_503_in_json(api, org, monkeypatch):
    import evident.core.api as core_api

    def unavailable(*args, **kwargs):
        raise OperationalError("too many clients already")

    monkeypatch.setattr(core_api, "membership_for", unavailable)
    with override_settings(DEBUG=False):
        response = api.get(endpoint(org, "services"))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert "database" in response.json()["detail"]
