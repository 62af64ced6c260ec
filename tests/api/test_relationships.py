"""Customers, their reviews, surveys and complaints, contracts, supplier results, budgets,
demand forecasts, capacity plans and reviews over the API."""

import datetime as dt
from decimal import Decimal

import pytest

from evident.agreements.models import (
    Budget,
    CapacityPlan,
    CapacityReview,
    Complaint,
    Contract,
    Customer,
    DemandForecast,
    RelationshipReview,
    SatisfactionSurvey,
    SlaMeasurement,
    SlaReview,
    SupplierMeasurement,
)
from tests.api import (
    TODAY,
    RecordEndpointContract,
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

YEAR_START, YEAR_END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def customer(org):
    return record(Customer, org, name="Retail division")


def capacity_plan(org):
    return record(
        CapacityPlan,
        org,
        service=service(org),
        period_start=YEAR_START,
        period_end=YEAR_END,
        metric="storage TB",
        current_capacity=Decimal("40"),
        planned_capacity=Decimal("60"),
    )


class TestCustomers(RecordEndpointContract):
    route = "customers"
    model = Customer
    update = {"kind": "internal", "customer_contact": "Ann Lee, ann@example.com"}

    def fields(self, org):
        return {"name": "Retail division", "contact": person(org), "services": [service(org)]}


class TestRelationshipReviews(RecordEndpointContract):
    route = "relationship-reviews"
    model = RelationshipReview
    update = {"outcomes": "Needs a second site by spring"}

    def fields(self, org):
        return {"customer": customer(org), "held_on": TODAY, "attendees": [person(org)]}


class TestSatisfactionSurveys(RecordEndpointContract):
    route = "satisfaction-surveys"
    model = SatisfactionSurvey
    update = {"score": "81.50", "responses": 40}

    def fields(self, org):
        return {
            "customer": customer(org),
            "service": service(org),
            "period_start": YEAR_START,
            "period_end": TODAY,
            "conducted_on": TODAY,
            "responses": 35,
            "score": Decimal("78.5"),
        }


class TestComplaints(RecordEndpointContract):
    route = "complaints"
    model = Complaint
    update = {"summary": "Mail lost three times", "details": "Again on 10 March"}

    def fields(self, org):
        return {"customer": customer(org), "summary": "Mail lost twice", "received_on": TODAY}


class TestContracts(RecordEndpointContract):
    route = "contracts"
    model = Contract
    update = {"ends_on": "2027-12-31", "value": "250000.00"}

    def fields(self, org):
        return {
            "supplier": supplier(org),
            "title": "Data centre hosting",
            "services": [service(org)],
            "starts_on": YEAR_START,
            "ends_on": YEAR_END,
            "targets": "Power availability 99.99 % a month",
        }


class TestSupplierMeasurements(RecordEndpointContract):
    route = "supplier-measurements"
    model = SupplierMeasurement
    update = {"actual": "99.800", "met": False}

    def fields(self, org):
        return {
            "supplier": supplier(org),
            "month": dt.date(2025, 2, 1),
            "metric": "Power availability",
            "target": Decimal("99.9"),
            "actual": Decimal("99.99"),
            "met": True,
        }


class TestBudgets(RecordEndpointContract):
    route = "budgets"
    model = Budget
    update = {"actual_cost": "31000.00", "actual_as_of": "2025-03-31"}

    def fields(self, org):
        return {
            "service": service(org),
            "period_label": "FY2025",
            "period_start": YEAR_START,
            "period_end": YEAR_END,
            "planned_amount": Decimal("120000"),
        }


class TestDemandForecasts(RecordEndpointContract):
    route = "demand-forecasts"
    model = DemandForecast
    update = {"forecast_volume": "1100.00"}

    def fields(self, org):
        return {
            "service": service(org),
            "prepared_on": TODAY,
            "period_start": YEAR_START,
            "period_end": YEAR_END,
            "metric": "mailboxes",
            "forecast_volume": Decimal("950"),
        }


class TestCapacityPlans(RecordEndpointContract):
    route = "capacity-plans"
    model = CapacityPlan
    update = {"planned_capacity": "80.00", "approved_on": "2025-01-15"}

    def fields(self, org):
        return {
            "service": service(org),
            "period_start": YEAR_START,
            "period_end": YEAR_END,
            "metric": "storage TB",
            "current_capacity": Decimal("40"),
            "planned_capacity": Decimal("60"),
        }


class TestCapacityReviews(RecordEndpointContract):
    route = "capacity-reviews"
    model = CapacityReview
    update = {"findings": "Growth slower than forecast"}

    def fields(self, org):
        return {"plan": capacity_plan(org), "reviewed_on": TODAY, "utilisation_percent": 55}


@pytest.fixture
def api(manager):
    return client_for(manager)


@pytest.mark.parametrize(
    ("route", "body", "field"),
    [
        ("contracts", {"starts_on": "2025-06-01", "ends_on": "2025-05-31"}, "ends_on"),
        ("contracts", {"starts_on": "2025-06-01", "notice_by": "2025-01-01"}, "notice_by"),
        ("contracts", {"starts_on": "first of June"}, "starts_on"),
        ("contracts", {"starts_on": "2025-06-01", "value": "-5"}, "value"),
    ],
)
def test_a_contract_with_impossible_dates_or_value_is_a_400_naming_the_field(
    api, org, route, body, field
):
    payload = {"supplier": supplier(org).pk, "title": "Hosting", **body}
    response = api.post(endpoint(org, route), payload, format="json")
    assert response.status_code == 400, response.data
    assert list(response.data) == [field]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"period_end": "2024-12-31"}, "period_end"),
        ({"planned_amount": "lots"}, "planned_amount"),
        ({"planned_amount": "-1"}, "planned_amount"),
    ],
)
def test_a_budget_with_a_backwards_period_or_bad_amount_is_a_400(api, org, body, field):
    payload = {
        "service": service(org).pk,
        "period_label": "FY2025",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "planned_amount": "1000",
        **body,
    }
    response = api.post(endpoint(org, "budgets"), payload, format="json")
    assert response.status_code == 400, response.data
    assert list(response.data) == [field]


def test_a_complaint_resolved_before_it_was_received_is_a_400(api, org):
    payload = {
        "customer": customer(org).pk,
        "summary": "Slow",
        "received_on": "2025-03-03",
        "resolved_on": "2025-03-01",
    }
    response = api.post(endpoint(org, "complaints"), payload, format="json")
    assert response.status_code == 400 and list(response.data) == ["resolved_on"]


def test_a_capacity_plan_must_name_a_service_or_a_resource(api, org):
    payload = {
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "metric": "analysts",
        "current_capacity": "8",
        "planned_capacity": "10",
    }
    response = api.post(endpoint(org, "capacity-plans"), payload, format="json")
    assert response.status_code == 400 and list(response.data) == ["resource"]
    payload["resource"] = "Service desk team"
    assert api.post(endpoint(org, "capacity-plans"), payload, format="json").status_code == 201


def test_a_capacity_review_over_the_warning_threshold_must_record_an_action(api, org):
    plan = capacity_plan(org)
    payload = {"plan": plan.pk, "reviewed_on": "2025-03-03", "utilisation_percent": "91"}
    response = api.post(endpoint(org, "capacity-reviews"), payload, format="json")
    assert response.status_code == 400 and list(response.data) == ["actions"]
    payload["actions"] = "Order two more shelves before May"
    assert api.post(endpoint(org, "capacity-reviews"), payload, format="json").status_code == 201


def test_an_sla_review_names_the_breaches_it_looked_into(api, org):
    target = sla_target(org)
    missed = record(
        SlaMeasurement, org, target=target, month=dt.date(2025, 1, 1), value=98, met=False
    )
    payload = {"sla": target.sla.pk, "reviewed_on": "2025-02-10", "breaches_reviewed": [missed.pk]}
    response = api.post(endpoint(org, "sla-reviews"), payload, format="json")
    assert response.status_code == 201, response.data
    assert response.data["breaches_reviewed_refs"] == [missed.ref]
    assert list(SlaReview.objects.get().breaches_reviewed.all()) == [missed]


def test_an_sla_review_cannot_name_a_met_month_or_another_slas_breach(api, org):
    target = sla_target(org)
    month = dt.date(2025, 1, 1)
    met = record(SlaMeasurement, org, target=target, month=month, value=Decimal("99.9"), met=True)
    payload = {"sla": sla(org).pk, "reviewed_on": "2025-02-10", "breaches_reviewed": [met.pk]}
    response = api.post(endpoint(org, "sla-reviews"), payload, format="json")
    assert response.status_code == 400 and list(response.data) == ["breaches_reviewed"]


def test_a_complaints_nonconformity_ref_is_read_only(api, org):
    complaint = record(Complaint, org, customer=customer(org), summary="Slow", received_on=TODAY)
    at = endpoint(org, "complaints", complaint.pk)
    response = api.patch(at, {"nonconformity_ref": "NC000001"}, format="json")
    assert response.status_code == 200
    complaint.refresh_from_db()
    assert complaint.nonconformity_ref == ""
