"""The impact page of a configuration item and the page of what a service rests on."""

import pytest
from django.urls import reverse

from evident.catalogue.models import CiRelation, ConfigurationItem, Service
from evident.core.models import Role
from evident.core.services import create_record


@pytest.fixture
def cmdb(org, as_cli):
    email = create_record(Service, org, name="Email")
    web = create_record(Service, org, name="Public website")
    items = {
        name: create_record(ConfigurationItem, org, name=name, services=services)
        for name, services in [
            ("SAN-01", []),
            ("Cluster VC-01", []),
            ("Mail app", [email.pk]),
            ("Website", [web.pk]),
            ("Printer", []),
        ]
    }
    for source, kind, target in [
        ("Cluster VC-01", "depends_on", "SAN-01"),
        ("Mail app", "runs_on", "Cluster VC-01"),
        ("Website", "runs_on", "Cluster VC-01"),
    ]:
        create_record(CiRelation, org, source=items[source], kind=kind, target=items[target])
    return {"email": email, "web": web, **items}


@pytest.fixture
def reader(client, org, make_user):
    client.force_login(make_user(org, Role.VIEWER))
    return client


def impact_url(org, item):
    return reverse("web:ci-impact", kwargs={"org_slug": org.slug, "pk": item.pk})


def test_the_impact_page_names_every_affected_service_with_its_chain(reader, org, cmdb):
    response = reader.get(impact_url(org, cmdb["SAN-01"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "What SAN-01 affects" in page
    for name in ("Email", "Public website", "Cluster VC-01", "Mail app", "Website"):
        assert name in page
    assert "Printer" not in page
    assert "depends on" in page and "runs on" in page
    assert [r.service.name for r in response.context["impact"].services] == [
        "Email",
        "Public website",
    ]


def test_an_item_nothing_rests_on_says_so(reader, org, cmdb):
    response = reader.get(impact_url(org, cmdb["Printer"]))
    assert response.status_code == 200
    assert "No service rests on this item" in response.content.decode()


def test_the_rests_on_page_walks_down_from_the_service(reader, org, cmdb):
    url = reverse("web:service-rests-on", kwargs={"org_slug": org.slug, "pk": cmdb["email"].pk})
    response = reader.get(url)
    assert response.status_code == 200
    names = [c.item.name for c in response.context["components"]]
    assert names == ["Mail app", "Cluster VC-01", "SAN-01"]


def test_another_organisations_item_is_not_found(reader, org, other_org, as_cli):
    theirs = create_record(ConfigurationItem, other_org, name="Their server")
    assert reader.get(impact_url(org, theirs)).status_code == 404


def test_a_non_member_cannot_see_the_impact(client, other_org, org, cmdb, make_user):
    client.force_login(make_user(other_org, Role.SMS_MANAGER))
    assert client.get(impact_url(org, cmdb["SAN-01"])).status_code == 404


@pytest.fixture
def writer(client, manager):
    client.force_login(manager)
    return client


def test_items_and_their_relations_are_recorded_through_forms(writer, org, cmdb):
    response = writer.post(
        "/o/acme/configuration-items/new/",
        {"name": "Mail relay", "ci_type": "application", "status": "live",
         "services": [cmdb["email"].pk]},
    )  # fmt: skip
    assert response.status_code == 302
    relay = ConfigurationItem.objects.get(name="Mail relay")
    assert list(relay.services.all()) == [cmdb["email"]]
    writer.post(
        "/o/acme/ci-relations/new/",
        {"source": relay.pk, "kind": "runs_on", "target": cmdb["Cluster VC-01"].pk},
    )
    assert CiRelation.objects.filter(source=relay, kind="runs_on").exists()


def test_a_loop_of_part_of_is_shown_again_with_the_reason(writer, org, cmdb):
    writer.post(
        "/o/acme/ci-relations/new/",
        {"source": cmdb["Mail app"].pk, "kind": "part_of", "target": cmdb["Website"].pk},
    )
    response = writer.post(
        "/o/acme/ci-relations/new/",
        {"source": cmdb["Website"].pk, "kind": "part_of", "target": cmdb["Mail app"].pk},
    )
    assert response.status_code == 200
    assert "part of itself" in response.content.decode()
