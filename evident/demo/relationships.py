"""Customers and their reviews, surveys and complaints; supplier contracts and results;
budgets, demand forecasts, capacity plans and their quarterly reviews.

Everything here is dated inside the history (or planned ahead of it) and is
consistent with what earlier steps made: each SLA's customer becomes a customer
record receiving that SLA's service, and each supplier gets the contract its
``contract_end`` already announces.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from evident.agreements.models import (
    Budget,
    CapacityPlan,
    CapacityReview,
    Complaint,
    Contract,
    Customer,
    DemandForecast,
    RelationshipReview,
    SatisfactionSurvey,
    Supplier,
    SupplierMeasurement,
)
from evident.agreements.services.customers import COMPLAINT_RESPONSE_DAYS
from evident.core.tenancy import scoped

from .build import Build

CENT = Decimal("0.01")
THOUSANDTH = Decimal("0.001")
SUPPLIER_TARGET = Decimal("99.900")
COMPLAINTS = (
    ("Password resets took two days during the audit season", "Service Desk"),
    ("Monthly payroll run finished after the agreed cut-off", "Payroll Application"),
    ("Repeated short outages of the VPN over one week", "Remote Access"),
    ("Printer fleet in the warehouse left unrepaired for a week", "Printing and Scanning"),
)
# (customer name suffix, kind)
CUSTOMER_KINDS = {"Group Head Office": Customer.Kind.INTERNAL}


def generate(build: Build) -> None:
    customers = _customers(build)
    _relationship_reviews(build, customers)
    _surveys(build, customers)
    _complaints(build, customers)
    _contracts_and_results(build)
    _budgets(build)
    _demand(build)
    _capacity(build)


def _customers(build: Build) -> list[Customer]:
    """One customer per SLA customer name, receiving the services of those SLAs."""
    services = defaultdict(list)
    for sla in build.slas:
        services[sla.customer].append(sla.service_id)
    customers = []
    for name in sorted(services):
        kind = next(
            (k for suffix, k in CUSTOMER_KINDS.items() if name.endswith(suffix)),
            Customer.Kind.EXTERNAL,
        )
        customers.append(
            build.create(
                Customer,
                name=name,
                kind=kind,
                contact=build.owner("service_level"),
                customer_contact=f"Business relationship lead, {name}",
                services=services[name],
            )
        )
    return customers


def _relationship_reviews(build: Build, customers: list[Customer]) -> None:
    """Two reviews held with each customer in the period, and the next one planned."""
    rng = build.rng("relationship-reviews")
    timeline = build.timeline
    manager = build.owner("service_level")
    for customer in customers:
        for days_ago in (250 + rng.randint(0, 20), 70 + rng.randint(0, 20)):
            build.create(
                RelationshipReview,
                customer=customer,
                status=RelationshipReview.Status.HELD,
                held_on=timeline.day_ago(days_ago),
                attendees=[manager.pk, build.roster.sms_manager.pk],
                customer_attendees="Business relationship lead; head of operations",
                outcomes="Service performance and complaints reviewed; demand for next "
                "quarter confirmed.",
                actions="Service level manager to share the capacity outlook next month.",
            )
        build.create(
            RelationshipReview,
            customer=customer,
            status=RelationshipReview.Status.PLANNED,
            planned_on=timeline.day_ahead(110 + rng.randint(0, 20)),
            attendees=[manager.pk],
        )


def _surveys(build: Build, customers: list[Customer]) -> None:
    rng = build.rng("surveys")
    timeline = build.timeline
    conducted = timeline.day_ago(120)
    build.save(
        SatisfactionSurvey,
        [
            SatisfactionSurvey(
                customer=customer,
                period_start=timeline.day_ago(485),
                period_end=timeline.day_ago(121),
                conducted_on=conducted,
                responses=rng.randint(25, 140),
                score=Decimal(rng.uniform(72, 91)).quantize(CENT),
                comments="Praise for the service desk; wish for faster change lead times.",
            )
            for customer in customers
        ],
    )


def _complaints(build: Build, customers: list[Customer]) -> None:
    """A few complaints in the period, each resolved within the promised time."""
    rng = build.rng("complaints")
    by_name = {s.name: s for s in build.live_services}
    complaints = []
    for index, (summary, service_name) in enumerate(COMPLAINTS):
        service = by_name.get(service_name)
        customer = next(
            (c for c in customers if service and service.pk in _service_ids(build, c)),
            customers[index % len(customers)],
        )
        received = build.timeline.day_ago(40 + 80 * index + rng.randint(0, 20))
        complaints.append(
            Complaint(
                customer=customer,
                service=service,
                summary=summary,
                received_on=received,
                respond_by=received + dt.timedelta(days=COMPLAINT_RESPONSE_DAYS),
                status=Complaint.Status.RESOLVED,
                resolved_on=received + dt.timedelta(days=rng.randint(2, 15)),
                resolution="Cause found and fixed; the customer confirmed the outcome.",
                handler=build.owner("service_level"),
            )
        )
    complaints.sort(key=lambda c: c.received_on)
    build.save(Complaint, complaints)


def _service_ids(build: Build, customer: Customer) -> set[int]:
    return {sla.service_id for sla in build.slas if sla.customer == customer.name}


def _contracts_and_results(build: Build) -> None:
    """A contract in force with each supplier (an OLA for internal ones), measured monthly."""
    rng = build.rng("contracts")
    timeline = build.timeline
    months = timeline.reported_months()
    results = []
    for supplier in scoped(Supplier, build.organisation).order_by("ref"):
        internal = supplier.supplier_type != Supplier.Type.EXTERNAL
        ends = supplier.contract_end or timeline.day_ahead(365)
        contract = build.create(
            Contract,
            supplier=supplier,
            title=f"{supplier.name} {'operational level agreement' if internal else 'contract'}",
            kind=Contract.Kind.OLA if internal else Contract.Kind.CONTRACT,
            services=list(supplier.services.values_list("pk", flat=True)),
            starts_on=timeline.day_ago(rng.randint(420, 1400)),
            ends_on=ends,
            notice_by=ends - dt.timedelta(days=90),
            value=None if internal else Decimal(rng.randrange(40, 900) * 1000),
            currency="" if internal else "EUR",
            targets=f"Availability of the supplied service at least {SUPPLIER_TARGET} % a month.",
            status=Contract.Status.ACTIVE,
            owner=build.owner("supplier"),
        )
        for month in months:
            actual = Decimal(rng.uniform(99.86, 100.0)).quantize(THOUSANDTH)
            results.append(
                SupplierMeasurement(
                    supplier=supplier,
                    contract=contract,
                    month=month,
                    metric="Availability of the supplied service",
                    target=SUPPLIER_TARGET,
                    actual=actual,
                    unit="%",
                    met=actual >= SUPPLIER_TARGET,
                )
            )
    results.sort(key=lambda r: (r.month, r.supplier.ref))
    build.save(SupplierMeasurement, results)


def _years(build: Build) -> list[tuple[dt.date, dt.date]]:
    """The financial years (calendar years) the history touches: last year and this one."""
    year = build.timeline.today.year
    return [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in (year - 1, year)]


def _budgets(build: Build) -> None:
    rng = build.rng("budgets")
    today = build.timeline.today
    counted_to = today.replace(day=1) - dt.timedelta(days=1)  # the last complete month
    budgets = []
    for service in build.live_services:
        planned = Decimal(rng.randrange(60, 900) * 1000)
        for start, end in _years(build):
            closed = end < today
            as_of = end if closed else counted_to
            spent_share = (as_of - start).days / (end - start).days
            actual = planned * Decimal(spent_share * rng.uniform(0.9, 1.08))
            budgets.append(
                Budget(
                    service=service,
                    period_label=f"FY{start.year}",
                    period_start=start,
                    period_end=end,
                    planned_amount=planned,
                    actual_cost=actual.quantize(CENT) if as_of >= start else None,
                    actual_as_of=as_of if as_of >= start else None,
                    currency="EUR",
                    owner=service.owner,
                    notes="Variance within tolerance; licence renewals phased as planned.",
                )
            )
    build.save(Budget, budgets)


def _demand(build: Build) -> None:
    """Each service's demand forecast twice in the period, a year ahead each time."""
    rng = build.rng("demand")
    timeline = build.timeline
    forecasts = []
    for days_ago in (300, 120):
        prepared = timeline.day_ago(days_ago)
        for service in build.live_services:
            current = Decimal(rng.randrange(80, 2400))
            forecasts.append(
                DemandForecast(
                    service=service,
                    prepared_on=prepared,
                    period_start=prepared,
                    period_end=prepared + dt.timedelta(days=364),
                    metric="active users",
                    current_volume=current,
                    forecast_volume=(current * Decimal(rng.uniform(1.0, 1.15))).quantize(CENT),
                    basis="Twelve-month trend of users and tickets; customers' hiring plans.",
                    prepared_by=build.owner("service_level"),
                )
            )
    build.save(DemandForecast, forecasts)


def _capacity(build: Build) -> None:
    """An approved capacity plan per live service and year, plus one for the data centre,
    each reviewed every quarter of its year up to today."""
    rng = build.rng("capacity")
    today = build.timeline.today
    owner = build.owner("infrastructure")
    plans = []
    for start, end in _years(build):
        approved = dt.date(start.year - 1, 12, 10)
        subjects = [(s, "") for s in build.live_services] + [(None, "Primary data centre")]
        for service, resource in subjects:
            current = Decimal(rng.randrange(20, 400))
            plans.append(
                CapacityPlan(
                    service=service,
                    resource=resource,
                    period_start=start,
                    period_end=end,
                    metric="rack units" if resource else "vCPU",
                    current_capacity=current,
                    planned_capacity=(current * Decimal("1.25")).quantize(CENT),
                    owner=owner,
                    approved_by=build.roster.sms_manager,
                    approved_on=approved,
                )
            )
    plans = build.save(CapacityPlan, plans)
    reviews = []
    for plan in plans:
        year = plan.period_start.year
        for day in (dt.date(year, 3, 31), dt.date(year, 6, 30), dt.date(year, 9, 30)):
            if day >= today:
                continue
            used = Decimal(rng.uniform(52, 88)).quantize(CENT)
            busy = used >= plan.warning_threshold
            reviews.append(
                CapacityReview(
                    plan=plan,
                    reviewed_on=day,
                    utilisation_percent=used,
                    findings="Use grows with the user count, as forecast.",
                    actions="Capacity added ahead of the peak; order placed." if busy else "",
                    reviewer=owner,
                )
            )
        december = dt.date(year, 12, 15)
        if december < today:
            reviews.append(
                CapacityReview(
                    plan=plan,
                    reviewed_on=december,
                    utilisation_percent=Decimal("70.00"),
                    findings="Year-end review; next year's plan approved.",
                    reviewer=owner,
                )
            )
    reviews.sort(key=lambda r: r.reviewed_on)
    build.save(CapacityReview, reviews)
