"""Service level agreements with their targets, and suppliers reviewed every quarter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from evident.agreements.models import SLA, SlaTarget, Supplier, SupplierReview

from . import faults
from .build import Build
from .timeline import months_after, months_before

AVAILABILITY = "Availability"
INCIDENTS_IN_TARGET = "Incidents resolved within target time"
REQUESTS_IN_TARGET = "Requests fulfilled within 3 days"

CUSTOMERS = ("{brand} Retail", "{brand} Logistics", "{brand} Group Head Office")

# (name, type, services it supports)
SUPPLIERS = (
    ("Contoso Cloud", "external", ("Cloud Hosting", "Backup and Restore", "Web Hosting")),
    ("Fabrikam Networks", "external", ("Network Connectivity", "Remote Access")),
    ("Litware Business Software", "external", ("ERP Application Support", "Payroll Application")),
    ("Wingtip Devices", "external", ("Endpoint Management", "Printing and Scanning")),
    ("Proseware Identity", "external", ("Identity and Access",)),
    ("Tailspin Telecom", "external", ("Service Desk", "Network Connectivity")),
    ("Group Facilities", "internal", ("Printing and Scanning", "Service Desk")),
    ("Adatum Data Services", "external", ("Data Warehouse", "Collaboration Platform")),
)
REVIEW_NOTES = {
    5: "All contract obligations met; proactive on improvements.",
    4: "Obligations met; one late report discussed and resolved.",
    3: "Obligations mostly met; two actions agreed for next quarter.",
}


def generate(build: Build) -> None:
    """Create one SLA per live service with its targets, and the suppliers with reviews."""
    _slas(build)
    _suppliers(build)


def _slas(build: Build) -> None:
    rng = build.rng("slas")
    timeline = build.timeline
    brand = build.organisation.name.split()[0]
    agreed = months_before(timeline.today, 14)
    slas = [
        SLA(
            name=f"{service.name} service level agreement",
            service=service,
            customer=CUSTOMERS[index % len(CUSTOMERS)].format(brand=brand),
            status=SLA.Status.AGREED,
            agreed_on=agreed - dt.timedelta(days=rng.randint(0, 12)),
            review_due=months_after(agreed, 24),
        )
        for index, service in enumerate(build.live_services)
    ]
    build.slas = build.save(SLA, slas)
    targets = []
    for sla in build.slas:
        offering = build.offerings[sla.service_id]
        targets.append(_target(sla, AVAILABILITY, offering.availability))
        targets.append(_target(sla, INCIDENTS_IN_TARGET, "90"))
        if offering.takes_requests:
            targets.append(_target(sla, REQUESTS_IN_TARGET, "95"))
    build.sla_targets = build.save(SlaTarget, targets)


def _target(sla: SLA, metric: str, value: str) -> SlaTarget:
    return SlaTarget(
        sla=sla,
        metric=metric,
        target_value=Decimal(value),
        unit="%",
        direction=SlaTarget.Direction.AT_LEAST,
    )


def _suppliers(build: Build) -> None:
    rng = build.rng("suppliers")
    timeline = build.timeline
    by_name = {s.name: s for s in build.live_services}
    chosen = SUPPLIERS[: build.scale.suppliers]
    # The lapsed supplier is a minor one: the last in the list.
    lapsed_index = len(chosen) - 1 if build.faults else None
    reviews = []
    for index, (name, kind, service_names) in enumerate(chosen):
        supported = [by_name[n].pk for n in service_names if n in by_name]
        supplier = build.create(
            Supplier,
            name=name,
            supplier_type=kind,
            services=supported or [build.live_services[0].pk],
            contract_ref=f"CTR-{timeline.today.year - rng.randint(1, 4)}-{rng.randint(10, 99):03d}",
            contract_end=timeline.day_ahead(rng.randint(120, 900)),
            status=Supplier.Status.ACTIVE,
            manager=build.owner("supplier"),
        )
        dates = timeline.quarter_days(offset_days=rng.randint(0, 10))
        if index == lapsed_index:
            dates = faults.lapsed_supplier_review_dates(timeline.today)
        for day in dates:
            rating = rng.choice((3, 4, 4, 5, 5))
            reviews.append(
                SupplierReview(
                    supplier=supplier,
                    reviewed_on=day,
                    reviewer=build.owner("supplier"),
                    rating=rating,
                    notes=REVIEW_NOTES[rating],
                )
            )
    reviews.sort(key=lambda r: r.reviewed_on)
    build.save(SupplierReview, reviews)
