"""Relationship, supplier and supply-and-demand records a healthy organisation keeps (8.3, 8.4).

``add_agreements_and_supply`` gives an organisation built by ``builders.healthy_org``
an SLA for its second service, a customer of both services with its reviews, survey
and a complaint resolved in time, a contract with the supplier and its monthly
results, and the budgets, demand forecasts and reviewed capacity plans that the
checks of 8.3 and 8.4 look for, as at ``AUDIT_DATE``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from evident.agreements import services
from evident.agreements.models import (
    SLA,
    Budget,
    CapacityPlan,
    Contract,
    Customer,
    DemandForecast,
    RelationshipReview,
    SatisfactionSurvey,
    SlaTarget,
)

# The dates of ``builders`` (period 2024-06-30 to 2025-06-30), kept here so that
# ``builders.healthy_org`` can call this module without a circular import.
IN_PERIOD = dt.date(2025, 3, 3)
FUTURE = dt.date(2026, 3, 1)
PERIOD_MONTHS = [dt.date(2024 + (6 + i) // 12, (6 + i) % 12 + 1, 1) for i in range(11)]
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@dataclass
class Agreements:
    """The records tests reach for."""

    payroll_sla: SLA = None
    customer: Customer = None
    contract: Contract = None
    budgets: dict = field(default_factory=dict)
    forecasts: dict = field(default_factory=dict)
    plans: dict = field(default_factory=dict)


def add_agreements_and_supply(h) -> Agreements:
    """Add the records to ``h`` (a ``builders.Healthy``), inside its acting context."""
    b, a = h.build, Agreements()
    a.payroll_sla = b.make(
        SLA, name="Payroll SLA", service=h.payroll, agreed_on=dt.date(2024, 1, 1)
    )
    target = b.make(SlaTarget, sla=a.payroll_sla, metric="on-time runs", target_value=100)
    b.monthly_measurements(target, PERIOD_MONTHS)
    a.customer = b.make(
        Customer,
        name="Group staff",
        kind=Customer.Kind.INTERNAL,
        contact=h.staff[0],
        services=[h.email.pk, h.payroll.pk],
    )
    services.hold_relationship_review(a.customer, held_on=IN_PERIOD, outcomes="All well")
    b.make(
        RelationshipReview,
        customer=a.customer,
        status=RelationshipReview.Status.PLANNED,
        planned_on=FUTURE,
    )
    b.make(
        SatisfactionSurvey,
        customer=a.customer,
        period_start=dt.date(2024, 4, 1),
        period_end=dt.date(2025, 3, 31),
        conducted_on=IN_PERIOD,
        responses=40,
        score=Decimal("82"),
    )
    complaint = services.record_complaint(a.customer, summary="Slow mail", received_on=IN_PERIOD)
    services.resolve_complaint(
        complaint, resolution="Relay tuned", resolved_on=IN_PERIOD + dt.timedelta(days=5)
    )
    a.contract = b.make(
        Contract,
        supplier=h.supplier,
        title="Mail hosting",
        services=[h.email.pk],
        starts_on=dt.date(2023, 7, 1),
        ends_on=dt.date(2026, 6, 30),
        targets="Availability at least 99.9 % a month",
    )
    for month in PERIOD_MONTHS:
        services.record_supplier_measurement(
            h.supplier,
            contract=a.contract,
            month=month,
            metric="availability",
            target="99.9",
            actual="99.95",
        )
    for service in (h.email, h.payroll):
        a.budgets[service.name] = b.make(
            Budget,
            service=service,
            period_label="FY2025",
            period_start=YEAR[0],
            period_end=YEAR[1],
            planned_amount=Decimal("100000"),
            actual_cost=Decimal("41000"),
            actual_as_of=dt.date(2025, 5, 31),
        )
        a.forecasts[service.name] = b.make(
            DemandForecast,
            service=service,
            prepared_on=IN_PERIOD,
            period_start=IN_PERIOD,
            period_end=IN_PERIOD + dt.timedelta(days=364),
            metric="active users",
            forecast_volume=Decimal("500"),
        )
        plan = b.make(
            CapacityPlan,
            service=service,
            period_start=YEAR[0],
            period_end=YEAR[1],
            metric="vCPU",
            current_capacity=Decimal("40"),
            planned_capacity=Decimal("50"),
            approved_by=h.ceo,
            approved_on=dt.date(2024, 12, 10),
        )
        a.plans[service.name] = plan
        services.review_capacity(plan, reviewed_on=dt.date(2025, 3, 31), utilisation_percent=64)
    return a
