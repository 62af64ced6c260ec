"""The service portfolio beyond the catalogue: CIs with relations, assets, plans, parties.

Every live service has an application CI that runs on its own server, on a
shared virtualisation cluster that rests on the storage array and the core
network; applications that sign users in depend on the directory. Hardware,
licences and subscriptions are in the asset register, owned and in contract.
The pipeline service has an approved plan; suppliers and internal teams are
named as parties in the lifecycle of the services they support. Once changes
and incidents exist, ``link_records`` names the CIs each implemented change
touched and each change-related or major incident was raised against.
"""

from __future__ import annotations

from django.db.models import Q

from evident.agreements.models import Supplier
from evident.catalogue.models import (
    Asset,
    CiRelation,
    ConfigurationItem,
    LifecycleParty,
    ServicePlan,
)
from evident.catalogue.services import link_configuration_items
from evident.core.tenancy import scoped
from evident.operations.models import Change, Incident

from .build import Build

CI = ConfigurationItem
# Shared infrastructure: key -> (name, type, owner role, location).
DC_WEST = "Data centre West"
SHARED = {
    "network": ("Core network", CI.Type.NETWORK, "network", "Head office data room"),
    "storage": ("Storage array SAN-01", CI.Type.STORAGE, "infrastructure", DC_WEST),
    "cluster": ("Virtualisation cluster VC-01", CI.Type.SERVER, "infrastructure", DC_WEST),
    "host1": ("Virtualisation host VH-01", CI.Type.SERVER, "infrastructure", DC_WEST),
    "host2": ("Virtualisation host VH-02", CI.Type.SERVER, "infrastructure", DC_WEST),
    "directory": ("Directory service", CI.Type.APPLICATION, "security", DC_WEST),
    "cloud": ("Cloud region West", CI.Type.CLOUD_SERVICE, "infrastructure", "Cloud region West"),
}  # fmt: skip
# (source, kind, target) among the shared CIs.
SHARED_RELATIONS = (
    ("host1", CiRelation.Kind.PART_OF, "cluster"),
    ("host2", CiRelation.Kind.PART_OF, "cluster"),
    ("cluster", CiRelation.Kind.DEPENDS_ON, "storage"),
    ("cluster", CiRelation.Kind.DEPENDS_ON, "network"),
    ("directory", CiRelation.Kind.RUNS_ON, "cluster"),
)
# Services whose applications sign users in through the directory.
SIGN_IN = {"Email and Calendar", "ERP Application Support", "Remote Access", "Payroll Application",
           "Collaboration Platform", "Data Warehouse", "Service Desk"}  # fmt: skip
# Services hosted in the cloud region rather than on the cluster.
IN_CLOUD = {"Web Hosting", "Cloud Hosting", "Backup and Restore"}
# Assets: (name, type, owner role, shared CI key or "", contract, seats, years in contract).
ASSETS = (
    ("SAN-01 storage", Asset.Type.HARDWARE, "infrastructure", "storage", "SUP-SAN-1", None, 3),
    ("VH-01 server", Asset.Type.HARDWARE, "infrastructure", "host1", "SUP-VH-01", None, 2),
    ("VH-02 server", Asset.Type.HARDWARE, "infrastructure", "host2", "SUP-VH-02", None, 2),
    ("Core switches (pair)", Asset.Type.HARDWARE, "network", "network", "SUP-NET-04", None, 2),
    ("Hypervisor licences", Asset.Type.SOFTWARE_LICENCE, "infrastructure", "", "LIC-HV-22", 8, 1),
    ("Office suite subscription", Asset.Type.CLOUD_SUBSCRIPTION, "applications", "", "SUB-OFF-7",
     150, 1),
    ("Cloud region West subscription", Asset.Type.CLOUD_SUBSCRIPTION, "infrastructure", "cloud",
     "SUB-CLD-3", None, 2),
    ("ERP licences", Asset.Type.SOFTWARE_LICENCE, "applications", "", "LIC-ERP-9", 60, 1),
)  # fmt: skip
SUPPLIER_ROLE = "Delivers part of the service under contract"
SUPPLIER_DUTIES = (
    "Runs its part to the contract's service levels, reports monthly, takes part in major "
    "incident reviews and in changes that touch its components."
)


def generate(build: Build) -> None:
    """Create the CIs and their relations, the asset register, plans and lifecycle parties."""
    shared = _shared_items(build)
    _service_items(build, shared)
    _assets(build, shared)
    _plans(build)
    _parties(build)


def _shared_items(build: Build) -> dict:
    items = {
        key: build.create(
            ConfigurationItem,
            name=name,
            ci_type=ci_type,
            owner=build.owner(role),
            location=location,
            version="",
        )
        for key, (name, ci_type, role, location) in SHARED.items()
    }
    build.save(
        CiRelation,
        [CiRelation(source=items[s], kind=k, target=items[t]) for s, k, t in SHARED_RELATIONS],
    )
    return items


def _service_items(build: Build, shared: dict) -> None:
    """An application CI and its server per live service, related to the shared items."""
    rng = build.rng("portfolio")
    relations = []
    for service in build.live_services:
        offering = build.offerings[service.pk]
        owner = build.owner(offering.owner)
        hosted = shared["cloud"] if service.name in IN_CLOUD else shared["cluster"]
        server = build.create(
            ConfigurationItem,
            name=f"{service.name} server",
            ci_type=CI.Type.SERVER,
            owner=owner,
            location=SHARED["cloud" if service.name in IN_CLOUD else "cluster"][3],
            version=f"OS {rng.choice(('2022', '2025', '9.4', '24.04'))}",
            services=[service.pk],
        )
        application = build.create(
            ConfigurationItem,
            name=f"{service.name} application",
            ci_type=CI.Type.APPLICATION,
            owner=owner,
            version=f"{rng.randint(2, 14)}.{rng.randint(0, 9)}",
            description=offering.description,
            services=[service.pk],
        )
        database = build.create(
            ConfigurationItem,
            name=f"{service.name} database",
            ci_type=CI.Type.DATABASE,
            owner=owner,
            version=f"{rng.choice(('PostgreSQL', 'SQL Server'))} {rng.randint(13, 17)}",
            services=[service.pk],
        )
        relations += [
            CiRelation(source=application, kind=CiRelation.Kind.RUNS_ON, target=server),
            CiRelation(source=application, kind=CiRelation.Kind.DEPENDS_ON, target=database),
            CiRelation(source=database, kind=CiRelation.Kind.RUNS_ON, target=server),
            CiRelation(source=server, kind=CiRelation.Kind.RUNS_ON, target=hosted),
        ]
        if service.name in SIGN_IN:
            relations.append(
                CiRelation(
                    source=application, kind=CiRelation.Kind.DEPENDS_ON, target=shared["directory"]
                )
            )
        build.configuration_items[service.pk] = [application, database, server]
    build.save(CiRelation, relations)


def _assets(build: Build, shared: dict) -> None:
    today = build.timeline.today
    build.save(
        Asset,
        [
            Asset(
                name=name,
                asset_type=asset_type,
                status=Asset.Status.IN_USE,
                owner=build.owner(role),
                location=SHARED[key][3] if key else "",
                acquired_on=build.timeline.day_ago(400 + 30 * index),
                contract_ref=contract,
                licence_seats=seats,
                expires_on=today.replace(year=today.year + years),
                configuration_item=shared[key] if key else None,
            )
            for index, (name, asset_type, role, key, contract, seats, years) in enumerate(ASSETS)
        ],
    )


def _plans(build: Build) -> None:
    pipeline = build.pipeline_service
    changed = build.live_services[0]
    build.save(
        ServicePlan,
        [
            ServicePlan(
                title=f"Introduce {pipeline.name}",
                service=pipeline,
                kind=ServicePlan.Kind.NEW,
                requirements=(
                    "Hosting for the development teams' containers in two regions; capacity "
                    "for 40 applications; runs on Cloud region West; sign-in through the "
                    "directory; operated by the Platform team."
                ),
                target_date=build.timeline.day_ahead(150),
                status=ServicePlan.Status.APPROVED,
                owner=pipeline.owner,
            ),
            ServicePlan(
                title=f"Extend {changed.name} hours",
                service=changed,
                kind=ServicePlan.Kind.CHANGE,
                requirements="Cover the new Asia-Pacific office: staff the early shift.",
                target_date=build.timeline.day_ago(120),
                status=ServicePlan.Status.COMPLETED,
                owner=changed.owner,
                completed_on=build.timeline.day_ago(128),
            ),
        ],
    )


def _parties(build: Build) -> None:
    live = {s.pk for s in build.live_services}
    parties = [
        LifecycleParty(
            service=service,
            kind=LifecycleParty.Kind.INTERNAL,
            name=build.offerings[service.pk].team,
            role="Operates the service and resolves its incidents",
            responsibilities="Second-line support, routine changes, monitoring and reporting.",
        )
        for service in build.live_services
    ]
    suppliers = scoped(Supplier, build.organisation).prefetch_related("services").order_by("ref")
    for supplier in suppliers:
        for service in supplier.services.all():
            if service.pk in live:
                parties.append(
                    LifecycleParty(
                        service=service,
                        kind=LifecycleParty.Kind.SUPPLIER,
                        name=supplier.name,
                        supplier=supplier,
                        role=SUPPLIER_ROLE,
                        responsibilities=SUPPLIER_DUTIES,
                    )
                )
    build.save(LifecycleParty, parties)


def link_records(build: Build) -> None:
    """Name the CIs of the implemented changes and of the change-related or major incidents."""
    changes = scoped(Change, build.organisation).filter(actual_start__isnull=False)
    link_configuration_items(changes, _change_items(build, changes))
    incidents = scoped(Incident, build.organisation).filter(
        Q(caused_by_change__isnull=False) | Q(major=True)
    )
    first = {pk: [cis[0].pk] for pk, cis in build.configuration_items.items()}
    link_configuration_items(incidents, {i.pk: first[i.service_id] for i in incidents})


def _change_items(build: Build, changes) -> dict[int, list[int]]:
    """One CI per change, chosen so that no two changes touch one CI in overlapping windows.

    Well-run change management schedules work on one component at a time; the
    changes of a service take the first of its CIs that is free for their window.
    """
    busy_until: dict[int, object] = {}
    chosen = {}
    for change in changes.order_by("planned_start", "ref"):
        items = build.configuration_items[change.service_id]
        start, end = change.planned_start, change.planned_end
        free = [ci for ci in items if start is None or busy_until.get(ci.pk) is None
                or busy_until[ci.pk] <= start]  # fmt: skip
        pick = free[0] if free else min(items, key=lambda ci: busy_until[ci.pk])
        if end is not None:
            busy_until[pick.pk] = max(end, busy_until.get(pick.pk) or end)
        chosen[change.pk] = [pick.pk]
    return chosen
