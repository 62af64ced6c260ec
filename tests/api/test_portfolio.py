"""Service plans, lifecycle parties, assets, CIs and their relations over the API."""

import pytest

from evident.catalogue.models import (
    Asset,
    CiRelation,
    ConfigurationItem,
    LifecycleParty,
    ServicePlan,
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
    supplier,
)


def ci(org, name="Mail server", **fields):
    return record(ConfigurationItem, org, name=name, **fields)


class TestServicePlans(RecordEndpointContract):
    route = "service-plans"
    model = ServicePlan
    # Approving, completing and cancelling are transitions (test_lifecycle_contracts.py).
    update = {"title": "Introduce containers in two regions", "requirements": "Two regions"}

    def fields(self, org):
        return {
            "title": "Introduce containers",
            "service": service(org),
            "kind": "new",
            "target_date": TODAY,
            "owner": person(org),
        }


class TestLifecycleParties(RecordEndpointContract):
    route = "lifecycle-parties"
    model = LifecycleParty
    update = {"responsibilities": "Hosting and patching"}

    def fields(self, org):
        return {
            "service": service(org),
            "kind": "supplier",
            "supplier": supplier(org),
            "role": "Hosts the relay",
        }


class TestAssets(RecordEndpointContract):
    route = "assets"
    model = Asset
    update = {"location": "Data centre East", "licence_seats": 25}

    def fields(self, org):
        return {
            "name": "Mail server hardware",
            "asset_type": "hardware",
            "owner": person(org),
            "acquired_on": TODAY,
            "configuration_item": ci(org),
        }


class TestConfigurationItems(RecordEndpointContract):
    route = "configuration-items"
    model = ConfigurationItem
    update = {"version": "2.1", "location": "Data centre East"}

    def fields(self, org):
        return {"name": "Mail relay", "ci_type": "application", "services": [service(org)]}


class TestCiRelations(RecordEndpointContract):
    route = "ci-relations"
    model = CiRelation
    update = {"note": "Primary node only"}

    def fields(self, org):
        return {"source": ci(org, "Relay"), "kind": "runs_on", "target": ci(org, "Server")}


@pytest.fixture
def api(manager):
    return client_for(manager)


def test_a_relation_to_the_item_itself_is_refused_naming_the_field(api, org):
    server = ci(org)
    body = {"source": server.pk, "kind": "depends_on", "target": server.pk}
    response = api.post(endpoint(org, "ci-relations"), body, format="json")
    assert response.status_code == 400
    assert "target" in response.data


def test_a_loop_of_part_of_is_refused_naming_the_field(api, org):
    disk, server = ci(org, "Disk"), ci(org, "Server")
    record(CiRelation, org, source=disk, kind="part_of", target=server)
    body = {"source": server.pk, "kind": "part_of", "target": disk.pk}
    response = api.post(endpoint(org, "ci-relations"), body, format="json")
    assert response.status_code == 400
    assert "target" in response.data


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "hosts"}, "kind"),
        ({"target": 999999}, "target"),
    ],
)
def test_a_malformed_relation_is_refused_naming_the_field(api, org, body, field):
    fields = {"source": ci(org, "Relay").pk, "kind": "runs_on", "target": ci(org).pk} | body
    response = api.post(endpoint(org, "ci-relations"), fields, format="json")
    assert response.status_code == 400
    assert field in response.data


def test_a_relation_to_another_organisations_item_is_refused(api, org, other_org):
    body = {"source": ci(org).pk, "kind": "runs_on", "target": ci(other_org).pk}
    response = api.post(endpoint(org, "ci-relations"), body, format="json")
    assert response.status_code == 400
    assert "target" in response.data


def test_an_item_is_retired_by_its_transition_with_its_day(api, org):
    body = {"name": "Old server", "status": "retired"}
    response = api.post(endpoint(org, "configuration-items"), body, format="json")
    assert response.status_code == 400
    assert "status" in response.data
    server = ci(org, "Old server")
    retire = endpoint(org, "configuration-items", server.pk) + "retire/"
    response = api.post(retire, {}, format="json")
    assert response.status_code == 400
    assert "retired_on" in response.data
    response = api.post(retire, {"retired_on": "2025-06-30"}, format="json")
    assert (response.data["status"], response.data["retired_on"]) == ("retired", "2025-06-30")


def test_an_item_others_rest_on_is_not_retired_and_the_refusal_names_them(api, org):
    server, app = ci(org, "Server"), ci(org, "Mail app")
    record(CiRelation, org, source=app, kind="runs_on", target=server)
    retire = endpoint(org, "configuration-items", server.pk) + "retire/"
    response = api.post(retire, {"retired_on": "2025-06-30"}, format="json")
    assert response.status_code == 400
    assert app.ref in str(response.data["status"])
    assert ConfigurationItem.objects.get(pk=server.pk).status == "live"


def test_the_impact_of_a_ci_lists_the_services_and_the_chain(api, org):
    email = service(org, "Email")
    storage, server = ci(org, "SAN"), ci(org, "Server")
    app = ci(org, "Mail app", services=[email.pk])
    record(CiRelation, org, source=server, kind="depends_on", target=storage)
    runs_on = record(CiRelation, org, source=app, kind="runs_on", target=server)

    response = api.get(endpoint(org, "configuration-items", storage.pk) + "impact/")

    assert response.status_code == 200, response.data
    assert response.data["ref"] == storage.ref
    [affected] = response.data["services"]
    assert (affected["ref"], affected["name"], affected["depth"]) == (email.ref, "Email", 2)
    assert [(step["name"], step["relation"]) for step in affected["path"]] == [
        ("SAN", ""),
        ("Server", "depends_on"),
        ("Mail app", "runs_on"),
    ]
    assert affected["path"][2]["relation_ref"] == runs_on.ref
    assert [item["name"] for item in response.data["items"]] == ["Server", "Mail app"]


def test_another_organisations_ci_has_no_impact_to_show(api, org, other_org):
    theirs = ci(other_org)
    response = api.get(endpoint(org, "configuration-items", theirs.pk) + "impact/")
    assert response.status_code == 404


def test_what_a_service_rests_on(api, org):
    email = service(org, "Email")
    app, server = ci(org, "Mail app", services=[email.pk]), ci(org, "Server")
    record(CiRelation, org, source=app, kind="runs_on", target=server)
    response = api.get(endpoint(org, "services", email.pk) + "rests-on/")
    assert response.status_code == 200, response.data
    assert [(c["name"], c["depth"]) for c in response.data] == [("Mail app", 0), ("Server", 1)]
