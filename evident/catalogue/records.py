"""How the service portfolio changes: each state that records a decision moves by its verb.

A service goes live and is retired by its verbs, not by an edit; retiring it
withdraws its catalogue entry in the same operation. A catalogue entry is
withdrawn and published again by its verbs, never for a retired service. A
configuration item goes live and is retired (not while live items still rest
on it); an asset is received, put in use, returned to stock and disposed of,
each dated where the register keeps the day. A service plan is approved against
the requirements it states, then completed or cancelled. Parties and CI
relations are entered and edited as they are, under their models' rules.
"""

from __future__ import annotations

from django import forms

from evident.core.records import Lifecycle, Transition, declare

from . import services as verbs
from .filters import (
    AssetFilterSet,
    CatalogueEntryFilterSet,
    CiRelationFilterSet,
    ConfigurationItemFilterSet,
    LifecyclePartyFilterSet,
    ServiceFilterSet,
    ServicePlanFilterSet,
)
from .models import (
    Asset,
    CatalogueEntry,
    CiRelation,
    ConfigurationItem,
    LifecycleParty,
    Service,
    ServicePlan,
)

Status = Service.Status


def _day(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


SERVICE_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Status.PIPELINE, Status.LIVE),
    transitions=(
        Transition(
            "put-live",
            lambda service, **i: verbs.put_service_live(service, **i),
            sources=(Status.PIPELINE, Status.LIVE),
            target=Status.LIVE,
            inputs=lambda: {"live_on": _day("Went live on")},
            label="Put live",
        ),
        Transition(
            "retire",
            lambda service, **i: verbs.retire_service(service, **i),
            sources=(Status.PIPELINE, Status.LIVE),
            target=Status.RETIRED,
            inputs=lambda: {"retired_on": _day("Retired on")},
            help="Withdraws the service's catalogue entry.",
        ),
    ),
)

Entry = CatalogueEntry.Status

CATALOGUE_ENTRY_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Entry.PUBLISHED,),
    transitions=(
        Transition(
            "withdraw",
            lambda entry, **i: verbs.withdraw_catalogue_entry(entry, **i),
            sources=(Entry.PUBLISHED,),
            target=Entry.WITHDRAWN,
            help="The service is no longer offered in the catalogue; the entry stays on record.",
        ),
        Transition(
            "publish",
            lambda entry, **i: verbs.publish_catalogue_entry(entry, **i),
            sources=(Entry.WITHDRAWN,),
            target=Entry.PUBLISHED,
            inputs=lambda: {"published_on": _day("Published on")},
            label="Publish again",
            help="A retired service is not published.",
        ),
    ),
)


def entry_of_a_live_service(values: dict) -> dict[str, str]:
    """As ``publish_catalogue_entry``: a retired service is not offered in the catalogue."""
    service = values.get("service")
    published = values.get("status", Entry.PUBLISHED) == Entry.PUBLISHED
    if published and service is not None and service.status == Status.RETIRED:
        return {"service": f"Service {service.ref} is retired: it is not published."}
    return {}


Item = ConfigurationItem.Status

CONFIGURATION_ITEM_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Item.PLANNED, Item.LIVE),
    transitions=(
        Transition(
            "put-live",
            lambda item, **i: verbs.put_configuration_item_live(item, **i),
            sources=(Item.PLANNED,),
            target=Item.LIVE,
            label="Put live",
        ),
        Transition(
            "retire",
            lambda item, **i: verbs.retire_configuration_item(item, **i),
            sources=(Item.PLANNED, Item.LIVE),
            target=Item.RETIRED,
            inputs=lambda: {"retired_on": _day("Retired on")},
            help="Refused while live or planned items still depend on, run on or are part of it.",
        ),
    ),
)

Held = Asset.Status

ASSET_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Held.ORDERED, Held.IN_STOCK, Held.IN_USE),
    transitions=(
        Transition(
            "receive",
            lambda asset, **i: verbs.receive_asset(asset, **i),
            sources=(Held.ORDERED,),
            target=Held.IN_STOCK,
            inputs=lambda: {"acquired_on": _day("Received on")},
            help="An ordered asset arrived and went into stock.",
        ),
        Transition(
            "put-in-use",
            lambda asset, **i: verbs.put_asset_in_use(asset, **i),
            sources=(Held.ORDERED, Held.IN_STOCK),
            target=Held.IN_USE,
            label="Put in use",
        ),
        Transition(
            "return-to-stock",
            lambda asset, **i: verbs.return_asset_to_stock(asset, **i),
            sources=(Held.IN_USE,),
            target=Held.IN_STOCK,
            label="Return to stock",
        ),
        Transition(
            "dispose",
            lambda asset, **i: verbs.dispose_of_asset(asset, **i),
            sources=(Held.IN_STOCK, Held.IN_USE),
            target=Held.DISPOSED,
            inputs=lambda: {"disposed_on": _day("Disposed of on")},
            label="Dispose of",
        ),
    ),
)

Plan = ServicePlan.Status

SERVICE_PLAN_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Plan.DRAFT,),
    transitions=(
        Transition(
            "approve",
            lambda plan, **i: verbs.approve_service_plan(plan, **i),
            sources=(Plan.DRAFT,),
            target=Plan.APPROVED,
            help="A plan is approved against the requirements it states.",
        ),
        Transition(
            "complete",
            lambda plan, **i: verbs.complete_service_plan(plan, **i),
            sources=(Plan.APPROVED,),
            target=Plan.COMPLETED,
            inputs=lambda: {"completed_on": _day("Completed on")},
            help="Only an approved plan is carried out.",
        ),
        Transition(
            "cancel",
            lambda plan, **i: verbs.cancel_service_plan(plan, **i),
            sources=(Plan.DRAFT, Plan.APPROVED),
            target=Plan.CANCELLED,
        ),
    ),
)

declare(
    Service,
    lifecycle=SERVICE_LIFECYCLE,
    fields=("name", "description", "status", "owner", "live_on", "confirmed", "retired_on"),
    columns=("ref", "name", "status", "owner", "live_on"),
    filters=("status", "owner"),
    search=("ref", "name", "description"),
    filterset=ServiceFilterSet,
)
declare(
    CatalogueEntry,
    lifecycle=CATALOGUE_ENTRY_LIFECYCLE,
    rules=(entry_of_a_live_service,),
    columns=("ref", "service", "status", "service_hours", "published_on"),
    filters=("status", "service"),
    search=("ref", "service__name", "summary"),
    filterset=CatalogueEntryFilterSet,
    fields=("service", "summary", "service_hours", "status", "published_on"),
)
declare(
    ConfigurationItem,
    lifecycle=CONFIGURATION_ITEM_LIFECYCLE,
    fields=(
        "name",
        "ci_type",
        "status",
        "version",
        "location",
        "description",
        "owner",
        "services",
        "retired_on",
    ),
    columns=("ref", "name", "ci_type", "status", "version", "owner", "location"),
    filters=("ci_type", "status", "owner", "services"),
    search=("ref", "name", "description", "location"),
    filterset=ConfigurationItemFilterSet,
)
declare(
    Asset,
    lifecycle=ASSET_LIFECYCLE,
    fields=(
        "name",
        "asset_type",
        "status",
        "owner",
        "location",
        "acquired_on",
        "disposed_on",
        "contract_ref",
        "licence_seats",
        "expires_on",
        "configuration_item",
    ),
    columns=("ref", "name", "asset_type", "status", "owner", "location", "expires_on"),
    filters=("asset_type", "status", "owner"),
    search=("ref", "name", "location", "contract_ref"),
    filterset=AssetFilterSet,
)
declare(
    ServicePlan,
    lifecycle=SERVICE_PLAN_LIFECYCLE,
    fields=(
        "title",
        "service",
        "kind",
        "requirements",
        "target_date",
        "status",
        "owner",
        "completed_on",
    ),
    columns=("ref", "title", "service", "kind", "status", "target_date", "owner"),
    filters=("service", "kind", "status", "owner"),
    search=("ref", "title", "requirements", "service__name"),
    filterset=ServicePlanFilterSet,
)
declare(
    LifecycleParty,
    fields=("service", "kind", "name", "person", "supplier", "role", "responsibilities"),
    columns=("ref", "service", "kind", "name", "person", "supplier", "role"),
    filters=("service", "kind", "supplier"),
    search=("ref", "name", "role", "responsibilities", "service__name"),
    filterset=LifecyclePartyFilterSet,
)
declare(
    CiRelation,
    fields=("source", "kind", "target", "note"),
    columns=("ref", "source", "kind", "target", "note"),
    filters=("kind", "source", "target"),
    search=("ref", "source__name", "target__name", "note"),
    filterset=CiRelationFilterSet,
)
