"""One of each customer, contract, supplier result, budget, forecast and capacity record."""

import datetime as dt

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
from evident.catalogue.models import Service
from evident.core.models import Person

ORDER = 20
DAY = dt.date(2025, 3, 4)
YEAR_START, YEAR_END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def build(r, add):
    person, service, supplier = r[Person], r[Service], r[Supplier]
    customer = add(Customer, name="Retail division", contact=person, services=[service.pk])
    add(RelationshipReview, customer=customer, held_on=DAY, attendees=[person.pk])
    add(
        SatisfactionSurvey,
        customer=customer,
        service=service,
        period_start=YEAR_START,
        period_end=DAY,
        conducted_on=DAY,
        responses=12,
        score="84.5",
    )
    add(Complaint, customer=customer, service=service, summary="Mail lost", received_on=DAY)
    contract = add(
        Contract, supplier=supplier, title="Relay hosting", starts_on=YEAR_START, services=[]
    )
    add(
        SupplierMeasurement,
        supplier=supplier,
        contract=contract,
        month=dt.date(2025, 2, 1),
        metric="Relay availability",
        target="99.9",
        actual="99.95",
        met=True,
    )
    add(
        Budget,
        service=service,
        period_label="FY2025",
        period_start=YEAR_START,
        period_end=YEAR_END,
        planned_amount="120000",
    )
    add(
        DemandForecast,
        service=service,
        prepared_on=DAY,
        period_start=YEAR_START,
        period_end=YEAR_END,
        metric="mailboxes",
        forecast_volume="950",
    )
    plan = add(
        CapacityPlan,
        service=service,
        period_start=YEAR_START,
        period_end=YEAR_END,
        metric="storage TB",
        current_capacity="40",
        planned_capacity="60",
    )
    add(CapacityReview, plan=plan, reviewed_on=DAY, utilisation_percent="62")
