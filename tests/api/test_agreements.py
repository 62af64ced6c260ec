"""SLAs, their targets, measurements and reviews, and suppliers over the API."""

from decimal import Decimal

from evident.agreements.models import (
    SLA,
    SlaMeasurement,
    SlaReview,
    SlaTarget,
    Supplier,
    SupplierReview,
)
from tests.api import (
    TODAY,
    RecordEndpointContract,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    service,
    sla,
    sla_target,
    supplier,
)


class TestSlas(RecordEndpointContract):
    route = "slas"
    model = SLA
    update = {"customer": "Retail division", "review_due": "2026-01-31"}

    def fields(self, org):
        return {"name": "Hosted e-mail SLA", "service": service(org), "agreed_on": TODAY}


class TestSlaTargets(RecordEndpointContract):
    route = "sla-targets"
    model = SlaTarget
    update = {"target_value": "99.900", "direction": "at_least"}

    def fields(self, org):
        return {"sla": sla(org), "metric": "availability", "target_value": Decimal("99.5")}


class TestSlaMeasurements(RecordEndpointContract):
    route = "sla-measurements"
    model = SlaMeasurement
    update = {"value": "99.100", "met": False}

    def fields(self, org):
        return {
            "target": sla_target(org),
            "month": TODAY.replace(day=1),
            "value": Decimal("99.7"),
            "met": True,
        }


class TestSlaReviews(RecordEndpointContract):
    route = "sla-reviews"
    model = SlaReview
    update = {"notes": "Targets met all quarter"}

    def fields(self, org):
        return {"sla": sla(org), "reviewed_on": TODAY, "reviewer": person(org)}


class TestSuppliers(RecordEndpointContract):
    route = "suppliers"
    model = Supplier
    update = {"status": "inactive", "contract_ref": "C-2025-7"}

    def fields(self, org):
        return {
            "name": "Datacentre Ltd",
            "services": [service(org), service(org, name="Backup")],
            "contract_end": TODAY,
            "manager": person(org),
        }


class TestSupplierReviews(RecordEndpointContract):
    route = "supplier-reviews"
    model = SupplierReview
    update = {"rating": 2}

    def fields(self, org):
        return {"supplier": supplier(org), "reviewed_on": TODAY, "rating": 4}
