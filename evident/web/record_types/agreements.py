"""Record types of relationship and agreement (8.3) and supply and demand (8.4).

Customers, their reviews, surveys and complaints; supplier contracts and monthly
results; budgets, demand forecasts, capacity plans and capacity reviews. SLAs and
suppliers themselves are listed with the other operation records.
"""

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
    SupplierMeasurement,
)

from ..registry import OPERATION, RecordType

AGREEMENT_TYPES = [
    RecordType(
        Customer,
        "customers",
        OPERATION,
        clause="8.3.1",
    ),
    RecordType(
        RelationshipReview,
        "relationship-reviews",
        OPERATION,
        clause="8.3.2",
    ),
    RecordType(
        SatisfactionSurvey,
        "satisfaction-surveys",
        OPERATION,
        clause="8.3.2",
    ),
    RecordType(
        Complaint,
        "complaints",
        OPERATION,
        clause="8.3.2",
    ),
    RecordType(
        Contract,
        "contracts",
        OPERATION,
        clause="8.3.4",
    ),
    RecordType(
        SupplierMeasurement,
        "supplier-measurements",
        OPERATION,
        clause="8.3.4",
    ),
]

SUPPLY_TYPES = [
    RecordType(
        Budget,
        "budgets",
        OPERATION,
        clause="8.4.1",
    ),
    RecordType(
        DemandForecast,
        "demand-forecasts",
        OPERATION,
        clause="8.4.2",
    ),
    RecordType(
        CapacityPlan,
        "capacity-plans",
        OPERATION,
        clause="8.4.3",
    ),
    RecordType(
        CapacityReview,
        "capacity-reviews",
        OPERATION,
        clause="8.4.3",
        select_related=("plan__service",),
    ),
]
