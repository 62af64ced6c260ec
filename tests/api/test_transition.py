"""Change templates, boards, releases, deployments, designs and transitions over the API;
the change rules the API keeps (standard changes follow a template) and the conflicts report."""

import datetime as dt

from evident.catalogue.models import ConfigurationItem
from evident.operations.models import (
    Change,
    ChangeAuthority,
    ChangeTemplate,
    Deployment,
    Release,
    ServiceDesign,
    TransitionPlan,
)
from tests.api import (
    NOW,
    TODAY,
    RecordEndpointContract,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    record,
    service,
)


def template(org, **fields):
    fields.setdefault("approved_by", person(org))
    fields.setdefault("approved_at", NOW)
    return record(ChangeTemplate, org, name="Renew a certificate", **fields)


def change(org, **fields):
    return record(
        Change, org, title="Patch relay", service=service(org), requested_at=NOW, **fields
    )


class TestChangeTemplates(RecordEndpointContract):
    route = "change-templates"
    model = ChangeTemplate
    update = {"active": False}

    def fields(self, org):
        return {"name": "Resize a server", "steps": "Snapshot; resize; check.", "risk": "low"}


class TestChangeAuthorities(RecordEndpointContract):
    route = "change-authorities"
    model = ChangeAuthority
    update = {"remit": "Normal changes, weekly"}

    def fields(self, org):
        member = person(org)
        return {"name": "CAB", "kind": "cab", "chair": member, "members": [member]}


class TestReleases(RecordEndpointContract):
    route = "releases"
    model = Release
    # It is built, deployed, closed or cancelled by its transitions (test_lifecycle_contracts.py).
    update = {"version": "2025.1"}

    def fields(self, org):
        return {"name": "Mail 2025.1", "service": service(org), "changes": [change(org)]}


class TestDeployments(RecordEndpointContract):
    route = "deployments"
    model = Deployment
    # What the release took from it (outcome, environment, time) is not edited.
    update = {"rollback_note": "Smoke tests passed after a queue restart"}

    def fields(self, org):
        release = record(Release, org, name="Mail 2025.1", service=service(org))
        return {"release": release, "deployed_at": NOW, "outcome": "successful"}


class TestServiceDesigns(RecordEndpointContract):
    route = "service-designs"
    model = ServiceDesign
    update = {"requirements_met": True}

    def fields(self, org):
        return {"service": service(org), "summary": "Two regions", "approved_by": person(org)}


class TestTransitionPlans(RecordEndpointContract):
    route = "transition-plans"
    model = TransitionPlan
    update = {"completed_on": TODAY.isoformat()}

    def fields(self, org):
        design = record(ServiceDesign, org, service=service(org), summary="Two regions")
        return {"design": design, "planned_date": TODAY, "acceptance_criteria": "Tested"}


def test_a_standard_change_without_a_template_is_refused_naming_the_field(org, manager):
    body = {
        "title": "Renew certificate",
        "change_type": "standard",
        "service": service(org).pk,
        "requested_at": NOW.isoformat(),
    }
    response = client_for(manager).post(endpoint(org, "changes"), body, format="json")
    assert response.status_code == 400
    assert "template" in response.data


def test_a_standard_change_names_an_approved_active_template(org, manager):
    api = client_for(manager)
    body = {
        "title": "Renew certificate",
        "change_type": "standard",
        "service": service(org).pk,
        "requested_at": NOW.isoformat(),
        "template": template(org).pk,
    }
    response = api.post(endpoint(org, "changes"), body, format="json")
    assert response.status_code == 201, response.data
    withdrawn = template(org, active=False)
    response = api.post(endpoint(org, "changes"), {**body, "template": withdrawn.pk}, format="json")
    assert response.status_code == 400
    assert "no longer active" in str(response.data["template"])


def test_a_change_lists_its_configuration_items(org, manager):
    item = record(ConfigurationItem, org, name="Mail relay")
    made = change(org, configuration_items=[item.pk])
    response = client_for(manager).get(endpoint(org, "changes", made.pk))
    assert response.data["configuration_items"] == [item.pk]
    assert response.data["configuration_item_refs"] == [item.ref]


def test_conflicts_name_the_changes_and_the_shared_item(org, manager):
    item = record(ConfigurationItem, org, name="Mail relay")
    start = dt.datetime(2025, 3, 4, 18, tzinfo=dt.UTC)
    first = change(org, planned_start=start, planned_end=start + dt.timedelta(hours=3),
                   configuration_items=[item.pk])  # fmt: skip
    later = start + dt.timedelta(hours=2)
    second = change(org, planned_start=later, planned_end=later + dt.timedelta(hours=1),
                    configuration_items=[item.pk])  # fmt: skip
    response = client_for(manager).get(endpoint(org, "changes") + "conflicts/")
    assert response.status_code == 200, response.data
    assert [(c["change"]["ref"], c["other"]["ref"]) for c in response.data] == [
        (first.ref, second.ref)
    ]
    assert response.data[0]["configuration_items"][0]["ref"] == item.ref


def test_conflicts_answer_400_to_a_malformed_bound(org, manager):
    url = endpoint(org, "changes") + "conflicts/?starting_from=yesterday"
    response = client_for(manager).get(url)
    assert response.status_code == 400
    assert "starting_from" in response.data
