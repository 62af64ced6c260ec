"""Priority matrices, incident reviews, availability and security controls over the API;
the recurring-incidents action; the new incident and request fields."""

import datetime as dt

from evident.assurance.models import AvailabilityMeasurement, AvailabilityTarget, SecurityControl
from evident.catalogue.models import ConfigurationItem
from evident.operations.models import Incident, IncidentReview, PriorityMatrix
from evident.operations.models.priority import DEFAULT_CELLS
from tests.api import (
    NOW,
    TODAY,
    RecordEndpointContract,
    as_json,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    record,
    service,
)


def incident(org, **fields):
    return record(Incident, org, title="Mail down", service=service(org), opened_at=NOW, **fields)


class TestPriorityMatrices(RecordEndpointContract):
    route = "priority-matrices"
    model = PriorityMatrix
    update = {"name": "Priority matrix 2025"}

    def fields(self, org):
        return {"cells": dict(DEFAULT_CELLS), "approved_by": person(org), "approved_at": NOW}


class TestIncidentReviews(RecordEndpointContract):
    route = "incident-reviews"
    model = IncidentReview
    update = {"lessons": "Page the on-call sooner"}

    def fields(self, org):
        return {"incident": incident(org, major=True), "kind": "major", "held_on": TODAY}


class TestAvailabilityTargets(RecordEndpointContract):
    route = "availability-targets"
    model = AvailabilityTarget
    update = {"target_percent": "99.950"}

    def fields(self, org):
        return {"service": service(org), "target_percent": "99.9", "effective_from": TODAY}


class TestAvailabilityMeasurements(RecordEndpointContract):
    route = "availability-measurements"
    model = AvailabilityMeasurement
    update = {"action_taken": "Failover automated"}

    def fields(self, org):
        return {
            "service": service(org),
            "month": dt.date(2025, 2, 1),
            "agreed_minutes": 40320,
            "outage_minutes": 300,
            "measured_percent": "99.256",
            "target_percent": "99.9",
            "met": False,
        }


class TestSecurityControls(RecordEndpointContract):
    route = "security-controls"
    model = SecurityControl
    # It is implemented and tested by its transitions (evident/assurance/records.py).
    update = {"name": "Multi-factor sign-in", "control_area": "organisational"}

    def fields(self, org):
        return {"name": "MFA", "control_area": "technological", "owner": person(org)}


def test_a_matrix_missing_cells_is_refused_naming_the_field(org, manager):
    body = {"cells": {"1,1": 1}}
    response = client_for(manager).post(endpoint(org, "priority-matrices"), body, format="json")
    assert response.status_code == 400
    assert "cells" in response.data


def test_an_override_without_reason_is_refused_naming_the_field(org, manager):
    body = as_json({"title": "Down", "service": service(org), "opened_at": NOW})
    body["priority_overridden"] = True
    response = client_for(manager).post(endpoint(org, "incidents"), body, format="json")
    assert response.status_code == 400
    assert "override_reason" in response.data


def test_incidents_show_their_configuration_items(org, manager):
    ci = record(ConfigurationItem, org, name="mx01")
    created = incident(org, configuration_items=[ci.pk])
    response = client_for(manager).get(endpoint(org, "incidents", created.pk))
    assert response.data["configuration_item_refs"] == [ci.ref]
    assert response.data["security"] is False


def test_the_recurring_action_lists_unexplained_groups(org, manager):
    mail = service(org)
    refs = [
        record(
            Incident, org, title="Relay", service=mail, category="relay",
            opened_at=NOW + dt.timedelta(days=d),
        ).ref
        for d in (0, 5, 9)
    ]  # fmt: skip
    url = endpoint(org, "incidents") + "recurring/"
    response = client_for(manager).get(url, {"from": "2025-03-01", "to": "2025-03-31"})
    assert response.status_code == 200, response.data
    [group] = response.data
    assert (group["service_ref"], group["kind"], group["key"]) == (mail.ref, "category", "relay")
    assert group["incident_refs"] == refs


def test_the_recurring_action_names_a_bad_period(org, manager):
    url = endpoint(org, "incidents") + "recurring/"
    api = client_for(manager)
    assert "to" in api.get(url, {"from": "2025-03-31", "to": "2025-03-01"}).data
    assert "from" in api.get(url, {"to": "2025-03-01"}).data
