"""A service's go-live day: recorded by the verb, checked against retirement, carried everywhere."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.catalogue import services
from evident.catalogue.models import Service
from evident.interop.bundle import bundle_json, export_bundle, import_bundle, read_bundle
from tests.api import client_for, endpoint

LIVE = dt.date(2025, 3, 4)
RETIRED = dt.date(2026, 1, 31)


def test_a_pipeline_service_goes_live_on_its_day(org, make):
    service = make.service("Containers", status=Service.Status.PIPELINE)
    services.put_service_live(service, LIVE)
    service.refresh_from_db()
    assert (service.status, service.live_on) == ("live", LIVE)


def test_a_retired_service_cannot_go_live(org, make):
    service = make.service("Fax", status=Service.Status.RETIRED, retired_on=RETIRED)
    with pytest.raises(ValidationError) as error:
        services.put_service_live(service, LIVE)
    assert "status" in error.value.message_dict


def test_a_service_goes_live_once(org, make):
    service = make.service("Email", live_on=LIVE)
    with pytest.raises(ValidationError) as error:
        services.put_service_live(service, RETIRED)
    assert "live_on" in error.value.message_dict
    service.refresh_from_db()
    assert service.live_on == LIVE


def test_a_go_live_day_after_the_retirement_day_is_refused(org, make):
    with pytest.raises(ValidationError) as error:
        make.service("Fax", status="retired", live_on=RETIRED, retired_on=LIVE)
    assert "live_on" in error.value.message_dict


def test_retiring_before_the_go_live_day_is_refused(org, make):
    service = make.service("Email", live_on=RETIRED)
    with pytest.raises(ValidationError):
        services.retire_service(service, LIVE)
    service.refresh_from_db()
    assert service.status == Service.Status.LIVE


def test_a_service_may_go_live_and_retire_on_the_same_day(org, make):
    service = make.service("Pop-up", live_on=LIVE)
    services.retire_service(service, LIVE)
    service.refresh_from_db()
    assert (service.status, service.live_on, service.retired_on) == ("retired", LIVE, LIVE)


def test_the_api_shows_filters_and_checks_the_go_live_day(org, manager, make):
    api = client_for(manager)
    old = make.service("Email", live_on=dt.date(2019, 5, 1))
    new = make.service("Containers", live_on=LIVE)
    response = api.get(endpoint(org, "services"), {"live_on__gte": "2025-01-01"})
    assert response.status_code == 200
    rows = response.data["results"] if isinstance(response.data, dict) else response.data
    assert [(r["ref"], r["live_on"]) for r in rows] == [(new.ref, "2025-03-04")]
    body = {"live_on": "2026-02-01", "retired_on": "2026-01-31"}
    refused = api.patch(endpoint(org, "services", old.pk), body, format="json")
    assert refused.status_code == 400
    assert "live_on" in refused.data


def test_the_go_live_day_travels_in_the_bundle(org, make):
    make.service("Email", live_on=LIVE)
    copy = import_bundle(read_bundle(bundle_json(export_bundle(org))), slug="copy")
    assert Service.objects.get(organisation=copy, name="Email").live_on == LIVE
