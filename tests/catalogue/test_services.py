"""The portfolio's verbs: each does one thing, refuses what makes no sense, leaves history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.catalogue import services
from evident.catalogue.models import Asset, CatalogueEntry, ServicePlan
from evident.core.models import HistoryEntry
from evident.core.services import create_record
from evident.operations.models import Change, Incident

DAY = dt.date(2025, 3, 4)
AT = dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC)


def entries(obj):
    return list(
        HistoryEntry.objects.filter(object_id=obj.pk, model=obj._meta.label_lower)
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_retiring_a_service_dates_it_and_withdraws_its_catalogue_entry(org, make):
    service = make.service("Fax")
    entry = create_record(CatalogueEntry, org, service=service)
    services.retire_service(service, DAY)
    service.refresh_from_db()
    entry.refresh_from_db()
    assert (service.status, service.retired_on) == ("retired", DAY)
    assert entry.status == CatalogueEntry.Status.WITHDRAWN
    assert entries(service) == ["create", "update"]


def test_a_service_is_retired_once(org, make):
    service = make.service("Fax", status="retired")
    with pytest.raises(ValidationError):
        services.retire_service(service, DAY)


def test_an_item_others_still_rest_on_cannot_be_retired(org, make):
    server, app = make.ci("Server"), make.ci("App")
    services.relate_configuration_items(app, "runs_on", server)
    with pytest.raises(ValidationError) as error:
        services.retire_configuration_item(server, DAY)
    assert app.ref in error.value.message_dict["status"][0]
    services.retire_configuration_item(app, DAY)
    services.retire_configuration_item(server, DAY)
    server.refresh_from_db()
    assert (server.status, server.retired_on) == ("retired", DAY)


def test_plans_are_recorded_and_completed_but_a_cancelled_plan_stays_cancelled(org, make):
    service = make.service("Containers", status="pipeline")
    plan = services.plan_service(service, "Introduce containers", "new", target_date=DAY)
    services.complete_service_plan(plan, DAY)
    assert (plan.status, plan.completed_on) == (ServicePlan.Status.COMPLETED, DAY)
    dropped = services.plan_service(service, "Second region", "change", status="cancelled")
    with pytest.raises(ValidationError):
        services.complete_service_plan(dropped, DAY)


def test_involving_a_party_and_registering_and_disposing_of_an_asset(org, make):
    service = make.service("Email")
    party = services.involve_party(service, "internal", "Operates it", name="Messaging team")
    assert party.service == service
    asset = services.register_asset(org, "Mail server hardware", "hardware", acquired_on=DAY)
    services.dispose_of_asset(asset, DAY)
    assert (asset.status, asset.disposed_on) == (Asset.Status.DISPOSED, DAY)
    with pytest.raises(ValidationError):
        services.dispose_of_asset(asset, DAY)


def test_linking_cis_to_records_adds_links_with_one_update_entry_per_record(org, make):
    service = make.service("Email")
    app, server = make.ci("App"), make.ci("Server")
    changes = [
        create_record(Change, org, title=f"Patch {n}", service=service, requested_at=AT)
        for n in range(3)
    ]
    create_record(Incident, org, title="Down", service=service, opened_at=AT)
    services.link_configuration_items(changes[:1], {changes[0].pk: [app.pk]})
    updated = services.link_configuration_items(
        changes,
        {changes[0].pk: [app.pk], changes[1].pk: [app.pk, server.pk], changes[2].pk: []},
    )
    assert updated == 1  # the first already named the app; the third names nothing
    assert set(changes[1].configuration_items.all()) == {app, server}
    assert entries(changes[1]) == ["create", "update"]
    entry = HistoryEntry.objects.filter(object_id=changes[1].pk, action="update").get()
    assert entry.before["configuration_items"] == []
    assert entry.after["configuration_items"] == sorted([app.pk, server.pk])
    assert entries(changes[2]) == ["create"]


def test_linking_refuses_another_organisations_items(org, other_org, make):
    service = make.service("Email")
    change = create_record(Change, org, title="Patch", service=service, requested_at=AT)
    theirs = create_record(type(make.ci("x")), other_org, name="Their server")
    with pytest.raises(ValidationError):
        services.link_configuration_items([change], {change.pk: [theirs.pk]})
    assert not change.configuration_items.exists()


def test_a_plan_is_approved_against_its_requirements_and_cancelled_until_completed(org, make):
    service = make.service("Containers", status="pipeline")
    plan = services.plan_service(service, "Introduce containers", "new")
    with pytest.raises(ValidationError) as error:
        services.approve_service_plan(plan)
    assert "requirements" in error.value.message_dict
    plan = services.plan_service(service, "Second region", "change", requirements="Failover")
    services.approve_service_plan(plan)
    with pytest.raises(ValidationError) as error:
        services.approve_service_plan(plan)
    assert "status" in error.value.message_dict
    services.complete_service_plan(plan, DAY)
    with pytest.raises(ValidationError) as error:
        services.cancel_service_plan(plan)
    assert "status" in error.value.message_dict
    assert entries(plan) == ["create", "update", "update"]


def test_a_catalogue_entry_is_withdrawn_and_published_again_but_not_for_a_retired_service(
    org, make
):
    service = make.service("Fax")
    entry = create_record(CatalogueEntry, org, service=service)
    services.withdraw_catalogue_entry(entry)
    with pytest.raises(ValidationError) as error:
        services.withdraw_catalogue_entry(entry)
    assert "status" in error.value.message_dict
    services.publish_catalogue_entry(entry, DAY)
    assert (entry.status, entry.published_on) == ("published", DAY)
    services.retire_service(service, DAY)
    entry.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.publish_catalogue_entry(entry, DAY)
    assert "service" in error.value.message_dict


def test_an_asset_is_received_used_returned_and_disposed_of_in_order(org):
    asset = services.register_asset(org, "Laptop", "hardware", status="ordered")
    with pytest.raises(ValidationError) as error:
        services.return_asset_to_stock(asset)
    assert "is not in use" in error.value.message_dict["status"][0]
    services.receive_asset(asset, DAY)
    assert (asset.status, asset.acquired_on) == ("in_stock", DAY)
    with pytest.raises(ValidationError) as error:
        services.receive_asset(asset, DAY)
    assert "status" in error.value.message_dict
    services.put_asset_in_use(asset)
    services.return_asset_to_stock(asset)
    services.dispose_of_asset(asset, DAY)
    with pytest.raises(ValidationError) as error:
        services.put_asset_in_use(asset)
    assert "status" in error.value.message_dict


def test_a_planned_item_goes_live_once(org, make):
    item = make.ci("Relay", status="planned")
    services.put_configuration_item_live(item)
    assert item.status == "live"
    with pytest.raises(ValidationError) as error:
        services.put_configuration_item_live(item)
    assert "status" in error.value.message_dict
