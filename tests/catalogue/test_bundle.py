"""The portfolio records travel in the organisation bundle with their links."""

import datetime as dt

import pytest

from evident.agreements.models import Supplier
from evident.catalogue import services
from evident.catalogue.models import Asset, CiRelation, ConfigurationItem, LifecycleParty
from evident.core.models import Person
from evident.core.services import create_record
from evident.interop.bundle import (
    BundleError,
    bundle_json,
    export_bundle,
    import_bundle,
    read_bundle,
)


@pytest.fixture
def portfolio(org, make):
    person = create_record(Person, org, name="Ada")
    email = make.service("Email", owner=person)
    supplier = create_record(Supplier, org, name="Relay Co", services=[email.pk])
    app, server = make.ci("App", services=[email]), make.ci("Server")
    rack = make.ci("Rack", status="retired", retired_on=dt.date(2025, 1, 1))
    services.relate_configuration_items(app, "runs_on", server)
    services.relate_configuration_items(server, "part_of", rack)
    services.register_asset(org, "Server hardware", "hardware", owner=person,
                            configuration_item=server)  # fmt: skip
    services.plan_service(email, "Second region", "change", owner=person)
    services.involve_party(email, "supplier", "Hosting", supplier=supplier, name="Relay Co")
    services.involve_party(email, "person", "Service owner", person=person)
    return org


def test_the_portfolio_comes_back_whole_from_its_bundle(portfolio):
    copy = import_bundle(read_bundle(bundle_json(export_bundle(portfolio))), slug="copy")
    server = ConfigurationItem.objects.get(organisation=copy, name="Server")
    assert Asset.objects.get(organisation=copy).configuration_item == server
    assert sorted(
        CiRelation.objects.filter(organisation=copy).values_list(
            "source__name", "kind", "target__name"
        )
    ) == [("App", "runs_on", "Server"), ("Server", "part_of", "Rack")]
    parties = LifecycleParty.objects.filter(organisation=copy)
    assert {
        (p.kind, p.person and p.person.name, p.supplier and p.supplier.name) for p in parties
    } == {
        ("supplier", None, "Relay Co"),
        ("person", "Ada", None),
    }


def test_a_bundle_relating_an_item_to_itself_is_refused(portfolio):
    bundle = export_bundle(portfolio)
    relation = bundle["records"]["catalogue.cirelation"][0]
    relation["target"] = relation["source"]
    with pytest.raises(BundleError, match="related to itself"):
        import_bundle(bundle, slug="copy")
