"""Domain verbs of the service portfolio: plans, parties, assets, CIs and their relations.

Each verb writes through ``core.services`` so that validation, tenancy and the
evidence ledger apply; callers open the ``acting(...)`` block that says who writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from evident.core import ledger, services
from evident.core.models import OrgRecord
from evident.core.tenancy import scoped
from evident.core.verbs import verb

from .models import (
    Asset,
    CatalogueEntry,
    CiRelation,
    ConfigurationItem,
    LifecycleParty,
    Service,
    ServicePlan,
)

# CIs whose dependants keep them from being retired: a live or planned item still rests on them.
ACTIVE_CI = (ConfigurationItem.Status.LIVE, ConfigurationItem.Status.PLANNED)


@verb("service_plan.planned")
def plan_service(service: Service, title: str, kind: str, **fields) -> ServicePlan:
    """Record what is planned for ``service``: a new service, a change to it, or its end."""
    return services.create_record(
        ServicePlan, service.organisation, service=service, title=title, kind=kind, **fields
    )


@verb("service_plan.completed")
def complete_service_plan(plan: ServicePlan, completed_on: dt.date) -> ServicePlan:
    """Mark ``plan`` carried out on ``completed_on``; a cancelled plan cannot be completed."""
    if plan.status == ServicePlan.Status.CANCELLED:
        raise ValidationError({"status": f"Plan {plan.ref} was cancelled."})
    return services.update_record(
        plan, status=ServicePlan.Status.COMPLETED, completed_on=completed_on
    )


@verb("service_plan.approved")
def approve_service_plan(plan: ServicePlan) -> ServicePlan:
    """Approve ``plan`` as drafted: it is approved against the requirements it states."""
    if plan.status != ServicePlan.Status.DRAFT:
        raise ValidationError({"status": f"Plan {plan.ref} is {plan.status}, not a draft."})
    if not plan.requirements.strip():
        raise ValidationError({"requirements": "State what the service must meet before approval."})
    return services.update_record(plan, status=ServicePlan.Status.APPROVED)


@verb("service_plan.cancelled")
def cancel_service_plan(plan: ServicePlan) -> ServicePlan:
    """Drop ``plan``: a completed plan was carried out and stays completed."""
    if plan.status in (ServicePlan.Status.COMPLETED, ServicePlan.Status.CANCELLED):
        raise ValidationError({"status": f"Plan {plan.ref} is already {plan.status}."})
    return services.update_record(plan, status=ServicePlan.Status.CANCELLED)


@verb("service.party_involved")
def involve_party(service: Service, kind: str, role: str, **fields) -> LifecycleParty:
    """Record that a party takes part in ``service``'s lifecycle, in ``role``."""
    return services.create_record(
        LifecycleParty, service.organisation, service=service, kind=kind, role=role, **fields
    )


@verb("service.put_live")
def put_service_live(service: Service, live_on: dt.date) -> Service:
    """Record that ``service`` went live on ``live_on``; a retired service cannot go live."""
    if service.status == Service.Status.RETIRED:
        raise ValidationError({"status": f"Service {service.ref} is retired."})
    if service.status == Service.Status.LIVE and service.live_on is not None:
        raise ValidationError(
            {"live_on": f"Service {service.ref} already went live on {service.live_on}."}
        )
    return services.update_record(service, status=Service.Status.LIVE, live_on=live_on)


@verb("service.retired")
def retire_service(service: Service, retired_on: dt.date) -> Service:
    """Retire ``service`` on ``retired_on`` and withdraw it from the catalogue."""
    if service.status == Service.Status.RETIRED:
        raise ValidationError({"status": f"Service {service.ref} is already retired."})
    entry = CatalogueEntry.objects.filter(
        service=service, status=CatalogueEntry.Status.PUBLISHED
    ).first()
    if entry is not None:
        withdraw_catalogue_entry(entry)
    return services.update_record(service, status=Service.Status.RETIRED, retired_on=retired_on)


@verb("catalogue_entry.published")
def publish_catalogue_entry(entry: CatalogueEntry, published_on: dt.date) -> CatalogueEntry:
    """Publish ``entry`` in the catalogue again from ``published_on``; a retired service is not."""
    if entry.status == CatalogueEntry.Status.PUBLISHED:
        raise ValidationError({"status": f"{entry.ref} is already published."})
    if entry.service.status == Service.Status.RETIRED:
        raise ValidationError({"service": f"Service {entry.service.ref} is retired."})
    return services.update_record(
        entry, status=CatalogueEntry.Status.PUBLISHED, published_on=published_on
    )


@verb("catalogue_entry.withdrawn")
def withdraw_catalogue_entry(entry: CatalogueEntry) -> CatalogueEntry:
    """Take ``entry`` out of the published catalogue; it stays on record."""
    if entry.status == CatalogueEntry.Status.WITHDRAWN:
        raise ValidationError({"status": f"{entry.ref} is already withdrawn."})
    return services.update_record(entry, status=CatalogueEntry.Status.WITHDRAWN)


@verb("asset.registered")
def register_asset(organisation, name: str, asset_type: str, **fields) -> Asset:
    """Add an asset to the register."""
    return services.create_record(Asset, organisation, name=name, asset_type=asset_type, **fields)


def _move_asset(asset: Asset, to: str, sources: tuple[str, ...], **fields) -> Asset:
    if asset.status not in sources:
        named = " or ".join(Asset.Status(state).label.lower() for state in sources)
        raise ValidationError({"status": f"Asset {asset.ref} is not {named}."})
    return services.update_record(asset, status=to, **fields)


@verb("asset.received")
def receive_asset(asset: Asset, acquired_on: dt.date) -> Asset:
    """Record that an ordered asset arrived on ``acquired_on`` and went into stock."""
    return _move_asset(
        asset, Asset.Status.IN_STOCK, (Asset.Status.ORDERED,), acquired_on=acquired_on
    )


@verb("asset.put_in_use")
def put_asset_in_use(asset: Asset) -> Asset:
    """Record that an ordered or stocked asset is now used to deliver services."""
    return _move_asset(asset, Asset.Status.IN_USE, (Asset.Status.ORDERED, Asset.Status.IN_STOCK))


@verb("asset.returned_to_stock")
def return_asset_to_stock(asset: Asset) -> Asset:
    """Record that an asset in use was taken out of use and kept in stock."""
    return _move_asset(asset, Asset.Status.IN_STOCK, (Asset.Status.IN_USE,))


@verb("asset.disposed")
def dispose_of_asset(asset: Asset, disposed_on: dt.date) -> Asset:
    """Record that ``asset`` left service on ``disposed_on``."""
    if asset.status == Asset.Status.DISPOSED:
        raise ValidationError({"status": f"Asset {asset.ref} was already disposed of."})
    return services.update_record(asset, status=Asset.Status.DISPOSED, disposed_on=disposed_on)


@verb("configuration_item.related")
def relate_configuration_items(
    source: ConfigurationItem, kind: str, target: ConfigurationItem, note: str = ""
) -> CiRelation:
    """Record that ``source`` depends on, runs on or is part of ``target``.

    The model refuses a relation to the item itself, a repeated relation, one
    across organisations and a loop of "part of".
    """
    return services.create_record(
        CiRelation, source.organisation, source=source, kind=kind, target=target, note=note
    )


@verb("configuration_item.put_live")
def put_configuration_item_live(item: ConfigurationItem) -> ConfigurationItem:
    """Record that a planned item is now live: it is controlled as part of the services."""
    if item.status != ConfigurationItem.Status.PLANNED:
        raise ValidationError({"status": f"Configuration item {item.ref} is {item.status}."})
    return services.update_record(item, status=ConfigurationItem.Status.LIVE)


def dependants(item: ConfigurationItem):
    """The live or planned CIs that depend on, run on or are part of ``item`` directly."""
    return scoped(ConfigurationItem, item.organisation).filter(
        relations_out__target=item, status__in=ACTIVE_CI
    )


@verb("configuration_item.retired")
def retire_configuration_item(item: ConfigurationItem, retired_on: dt.date) -> ConfigurationItem:
    """Retire ``item`` on ``retired_on``; refused while live or planned items still rest on it."""
    if item.status == ConfigurationItem.Status.RETIRED:
        raise ValidationError({"status": f"Configuration item {item.ref} is already retired."})
    still = list(dependants(item).distinct().order_by("ref").values_list("ref", flat=True))
    if still:
        raise ValidationError(
            {
                "status": f"Still in use by {', '.join(still[:10])}"
                f"{' and others' if len(still) > 10 else ''}: relate them to another item "
                "or retire them first."
            }
        )
    return services.update_record(
        item, status=ConfigurationItem.Status.RETIRED, retired_on=retired_on
    )


@verb("configuration_item.linked")
def link_configuration_items(
    records: Iterable[OrgRecord], items_of: dict[int, Iterable[int]]
) -> int:
    """Name the CIs each record (changes, incidents) touched, adding to those it names.

    For importers and generators linking many records at once: ``items_of`` maps
    a record's id to CI ids. The links go in with one insert, and each record
    whose set of CIs grows gets one ``update`` ledger entry with its before and
    after pictures. Returns the number of records updated.
    """
    records = [r for r in records if items_of.get(r.pk)]
    if not records:
        return 0
    model = type(records[0])
    organisation = records[0].organisation
    if any(r.organisation_id != organisation.pk for r in records):
        raise ValueError("link_configuration_items works on one organisation's records at a time")
    through = model._meta.get_field("configuration_items").remote_field.through
    own_key = f"{model._meta.model_name}_id"
    wanted = {r.pk: set(items_of[r.pk]) for r in records}
    allowed = set(
        scoped(ConfigurationItem, organisation)
        .filter(pk__in={pk for pks in wanted.values() for pk in pks})
        .values_list("pk", flat=True)
    )
    if any(pks - allowed for pks in wanted.values()):
        raise ValidationError({"configuration_items": "Only this organisation's CIs can be named."})
    existing: dict[int, set[int]] = {pk: set() for pk in wanted}
    for record_id, ci_id in through.objects.filter(**{f"{own_key}__in": list(wanted)}).values_list(
        own_key, "configurationitem_id"
    ):
        existing[record_id].add(ci_id)
    changes, rows = [], []
    for record in records:
        before, added = existing[record.pk], wanted[record.pk] - existing[record.pk]
        if not added:
            continue
        picture = services.snapshot(record, with_m2m=False)
        after = picture | {"configuration_items": sorted(before | added)}
        changes.append(
            ledger.Change(
                action="update",
                model=services.model_label(model),
                object_id=record.pk,
                object_ref=record.ref,
                before=picture | {"configuration_items": sorted(before)},
                after=after,
            )
        )
        rows += [through(**{own_key: record.pk, "configurationitem_id": pk}) for pk in added]
    with transaction.atomic():
        through.objects.bulk_create(rows, batch_size=2000)
        ledger.append(organisation, changes)
    return len(changes)
