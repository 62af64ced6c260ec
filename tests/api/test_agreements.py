"""Business calendars, SLAs, their targets, measurements and reviews, suppliers over the API."""

import datetime as dt
from decimal import Decimal

import pytest

from evident.agreements.models import (
    SLA,
    BusinessCalendar,
    SlaMeasurement,
    SlaReview,
    SlaTarget,
    Supplier,
    SupplierReview,
)
from evident.core.models import Role
from evident.operations.models import Incident
from tests.api import (
    TODAY,
    RecordEndpointContract,
    as_json,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    record,
    service,
    sla,
    sla_target,
    supplier,
)

OFFICE_HOURS = {"monday": [["09:00", "17:00"]], "tuesday": [["09:00", "17:00"]]}


class TestBusinessCalendars(RecordEndpointContract):
    route = "business-calendars"
    model = BusinessCalendar
    update = {"time_zone": "Europe/Paris", "holidays": ["2025-12-24"]}

    def fields(self, org):
        return {
            "name": "London office",
            "time_zone": "Europe/London",
            "working_hours": OFFICE_HOURS,
            "yearly_holidays": ["12-25"],
            "holiday_country": "GB",
            "holiday_subdivision": "ENG",
        }


class TestSlas(RecordEndpointContract):
    route = "slas"
    model = SLA
    update = {"customer": "Retail division", "review_due": "2026-01-31"}

    def fields(self, org):
        return {"name": "Hosted e-mail SLA", "service": service(org), "agreed_on": TODAY}


class TestSlaTargets(RecordEndpointContract):
    route = "sla-targets"
    model = SlaTarget
    update = {"target_value": "99.900", "direction": "at_least"}

    def fields(self, org):
        return {"sla": sla(org), "metric": "availability", "target_value": Decimal("99.5")}


class TestSlaMeasurements(RecordEndpointContract):
    route = "sla-measurements"
    model = SlaMeasurement
    update = {"value": "99.100", "met": False}

    def fields(self, org):
        return {
            "target": sla_target(org),
            "month": TODAY.replace(day=1),
            "value": Decimal("99.7"),
            "met": True,
        }


class TestSlaReviews(RecordEndpointContract):
    route = "sla-reviews"
    model = SlaReview
    update = {"notes": "Targets met all quarter"}

    def fields(self, org):
        return {"sla": sla(org), "reviewed_on": TODAY, "reviewer": person(org)}


class TestSuppliers(RecordEndpointContract):
    route = "suppliers"
    model = Supplier
    update = {"status": "inactive", "contract_ref": "C-2025-7"}

    def fields(self, org):
        return {
            "name": "Datacentre Ltd",
            "services": [service(org), service(org, name="Backup")],
            "contract_end": TODAY,
            "manager": person(org),
        }


class TestSupplierReviews(RecordEndpointContract):
    route = "supplier-reviews"
    model = SupplierReview
    update = {"rating": 2}

    def fields(self, org):
        return {"supplier": supplier(org), "reviewed_on": TODAY, "rating": 4}


@pytest.fixture
def api(manager):
    return client_for(manager)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"working_hours": {"monday": [["17:00", "09:00"]]}}, "working_hours"),
        ({"working_hours": {}}, "working_hours"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"holidays": ["25/12/2025"]}, "holidays"),
        ({"yearly_holidays": ["02-30"]}, "yearly_holidays"),
        ({"holiday_country": "XX"}, "holiday_country"),
    ],
)
def test_a_calendar_the_clock_cannot_run_on_is_a_400_naming_the_field(api, org, body, field):
    payload = {"name": "Office", "working_hours": OFFICE_HOURS, **body}
    response = api.post(endpoint(org, "business-calendars"), payload, format="json")
    assert response.status_code == 400, response.data
    assert list(response.data) == [field]
    assert not BusinessCalendar.objects.exists()


def test_a_calendar_cannot_be_revised_into_an_unusable_one(api, org):
    calendar = record(BusinessCalendar, org, name="Office", working_hours=OFFICE_HOURS)
    at = endpoint(org, "business-calendars", calendar.pk)
    response = api.patch(at, {"working_hours": {"funday": [["09:00", "17:00"]]}}, format="json")
    assert response.status_code == 400 and "working_hours" in response.data
    calendar.refresh_from_db()
    assert calendar.working_hours == OFFICE_HOURS


def test_an_sla_names_its_calendar_from_its_own_organisation_only(api, org, other_org):
    own = record(BusinessCalendar, org, name="Office", working_hours=OFFICE_HOURS)
    foreign = record(BusinessCalendar, other_org, name="Theirs", working_hours=OFFICE_HOURS)
    body = as_json({"name": "E-mail SLA", "service": service(org), "agreed_on": TODAY})
    created = api.post(endpoint(org, "slas"), {**body, "calendar": own.pk}, format="json")
    assert created.status_code == 201, created.data
    assert (created.data["calendar"], created.data["calendar_ref"]) == (own.pk, own.ref)
    refused = api.post(endpoint(org, "slas"), {**body, "calendar": foreign.pk}, format="json")
    assert refused.status_code == 400 and "calendar" in refused.data


def test_a_response_target_is_created_with_its_limit_and_versioning(api, org):
    body = as_json(
        {
            "sla": sla(org),
            "metric": "P1 response",
            "kind": "response",
            "priority": 1,
            "time_limit_minutes": 15,
            "effective_from": TODAY,
            "target_value": "95",
        }
    )
    response = api.post(endpoint(org, "sla-targets"), body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["time_limit_minutes"] == 15
    assert response.data["effective_from"] == TODAY.isoformat()
    assert response.data["kind"] == "response" and response.data["priority"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "response", "target_value": "95"}, "time_limit_minutes"),
        ({"kind": "resolution", "time_limit_minutes": 60, "target_value": "150"}, "target_value"),
        (
            {"target_value": "99", "effective_from": "2025-03-01", "effective_to": "2025-01-01"},
            "effective_to",
        ),
    ],
)
def test_an_unmeasurable_target_is_a_400_naming_the_field(api, org, body, field):
    payload = {**as_json({"sla": sla(org), "metric": "Tickets"}), **body}
    response = api.post(endpoint(org, "sla-targets"), payload, format="json")
    assert response.status_code == 400, response.data
    assert list(response.data) == [field]


def test_a_target_cannot_be_revised_into_an_unmeasurable_one(api, org):
    target = record(
        SlaTarget,
        org,
        sla=sla(org),
        metric="Resolution",
        kind="resolution",
        time_limit_minutes=240,
        target_value=Decimal("90"),
    )
    at = endpoint(org, "sla-targets", target.pk)
    response = api.patch(at, {"time_limit_minutes": None}, format="json")
    assert response.status_code == 400 and "time_limit_minutes" in response.data


@pytest.fixture
def measured_sla(org):
    agreement = sla(org)
    record(
        SlaTarget,
        org,
        sla=agreement,
        metric="Resolved within 2 hours",
        kind="resolution",
        time_limit_minutes=120,
        target_value=Decimal("90"),
    )
    opened = dt.datetime(2025, 2, 3, 9, 0, tzinfo=dt.UTC)
    for hours, priority in ((1, 2), (3, 2), (1, 1)):
        resolved = opened + dt.timedelta(hours=hours)
        record(
            Incident,
            org,
            title="Mail delayed",
            service=agreement.service,
            priority=priority,
            opened_at=opened,
            resolved_at=resolved,
        )
    return agreement


def attainment(client, org, agreement, **query):
    url = endpoint(org, "slas", agreement.pk) + "attainment/"
    return client.get(url, query)


def test_attainment_is_reported_per_priority_and_month(org, make_user, measured_sla):
    viewer = client_for(make_user(org, Role.VIEWER))
    response = attainment(viewer, org, measured_sla, **{"from": "2025-01-01", "to": "2025-03-31"})
    assert response.status_code == 200, response.data
    service_ref = measured_sla.service.ref
    common = {"service": service_ref, "kind": "resolution", "month": "2025-02-01"}
    assert response.json() == [
        {**common, "priority": 1, "tickets": 1, "within_target": 1, "attainment_percent": 100.0},
        {**common, "priority": 2, "tickets": 2, "within_target": 1, "attainment_percent": 50.0},
    ]


def test_a_period_without_incidents_reports_no_rows(api, org, measured_sla):
    response = attainment(api, org, measured_sla, **{"from": "2024-01-01", "to": "2024-01-31"})
    assert response.status_code == 200 and response.json() == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"to": "2025-03-31"}, "from"),
        ({"from": "2025-01-01"}, "to"),
        ({"from": "first of January", "to": "2025-03-31"}, "from"),
        ({"from": "2025-01-01", "to": "2025-02-30"}, "to"),
        ({"from": "2025-03-31", "to": "2025-01-01"}, "to"),
        ({"from": "2020-01-01", "to": "2025-01-01"}, "to"),
    ],
)
def test_attainment_over_a_bad_period_is_a_400(api, org, measured_sla, query, field):
    response = attainment(api, org, measured_sla, **query)
    assert response.status_code == 400, response.data
    assert field in response.data


def test_another_organisations_sla_has_no_attainment_here(api, org, other_org):
    foreign = sla(other_org)
    response = attainment(api, org, foreign, **{"from": "2025-01-01", "to": "2025-03-31"})
    assert response.status_code == 404
