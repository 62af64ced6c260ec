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
    with transaction.atomic():
        entry = CatalogueEntry.objects.filter(
            service=service, status=CatalogueEntry.Status.PUBLISHED
        ).first()
        if entry is not None:
            services.update_record(entry, status=CatalogueEntry.Status.WITHDRAWN)
        return services.update_record(service, status=Service.Status.RETIRED, retired_on=retired_on)


@verb("asset.registered")
def register_asset(organisation, name: str, asset_type: str, **fields) -> Asset:
    """Add an asset to the register."""
    return services.create_record(Asset, organisation, name=name, asset_type=asset_type, **fields)


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
