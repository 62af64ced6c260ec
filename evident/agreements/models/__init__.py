"""The agreements app's records: SLAs, customers, suppliers and contracts, supply and demand.

Every model is importable from ``evident.agreements.models``; the modules group them
by subclause: ``service_levels`` (8.3.3), ``customers`` (8.3.1, 8.3.2),
``suppliers`` (8.3.4) and ``supply`` (8.4).
"""

from .customers import Complaint, Customer, RelationshipReview, SatisfactionSurvey
from .service_levels import SLA, BusinessCalendar, SlaMeasurement, SlaReview, SlaTarget
from .suppliers import Contract, Supplier, SupplierMeasurement, SupplierReview
from .supply import Budget, CapacityPlan, CapacityReview, DemandForecast

__all__ = [
    "SLA",
    "Budget",
    "BusinessCalendar",
    "CapacityPlan",
    "CapacityReview",
    "Complaint",
    "Contract",
    "Customer",
    "DemandForecast",
    "RelationshipReview",
    "SatisfactionSurvey",
    "SlaMeasurement",
    "SlaReview",
    "SlaTarget",
    "Supplier",
    "SupplierMeasurement",
    "SupplierReview",
]
