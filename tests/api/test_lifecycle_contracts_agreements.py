"""The lifecycle contract for the record types of agreements and assurance."""

import datetime as dt

from evident.agreements.models import SLA, Complaint, Contract, Customer, RelationshipReview
from evident.assurance.models import ContinuityPlan, SecurityControl
from tests.api import (
    TODAY,
    LifecycleContract,
    continuity_plan,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    record,
    service,
    supplier,
)


def customer(org):
    return record(Customer, org, name="Retail division")


class TestSlaLifecycle(LifecycleContract):
    route = "slas"
    model = SLA

    def fresh(self, org):
        return record(SLA, org, name="E-mail SLA", service=service(org), status="draft")

    def walks(self, org):
        agree = ("agree", {"agreed_on": "2025-03-03", "review_due": "2025-09-01"})
        review = ("review", {"reviewed_on": "2025-09-01", "next_review_due": "2026-03-01"})
        return ((agree, review, ("retire", {})), (("retire", {}),))


class TestContractLifecycle(LifecycleContract):
    route = "contracts"
    model = Contract

    def fresh(self, org):
        return record(
            Contract,
            org,
            supplier=supplier(org),
            title="Data centre hosting",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 12, 31),
            status="draft",
        )

    def walks(self, org):
        sign = ("sign", {"starts_on": "2025-01-01"})
        return (
            (sign, ("renew", {"ends_on": "2027-12-31", "value": "180000.00"})),
            (sign, ("terminate", {"ends_on": "2025-06-30"})),
        )


class TestComplaintLifecycle(LifecycleContract):
    route = "complaints"
    model = Complaint

    def fresh(self, org):
        return record(
            Complaint, org, customer=customer(org), summary="Mail lost", received_on=TODAY
        )

    def walks(self, org):
        resolve = ("resolve", {"resolution": "Relay rebuilt", "resolved_on": "2025-03-10"})
        withdraw = ("withdraw", {"resolution": "Found in spam", "resolved_on": "2025-03-04"})
        return (
            (("raise-nonconformity", {"raised_on": "2025-03-04"}), resolve),
            (withdraw,),
        )


class TestRelationshipReviewLifecycle(LifecycleContract):
    route = "relationship-reviews"
    model = RelationshipReview

    def fresh(self, org):
        return record(
            RelationshipReview, org, customer=customer(org), status="planned", planned_on=TODAY
        )

    def walks(self, org):
        held = {
            "held_on": "2025-03-05",
            "attendees": [person(org, "Ada Lovelace").pk],
            "outcomes": "A second site is wanted by spring",
        }
        return ((("hold", held),), (("cancel", {"outcomes": "The customer reorganised"}),))


class TestContinuityPlanLifecycle(LifecycleContract):
    route = "continuity-plans"
    model = ContinuityPlan

    def fresh(self, org):
        return continuity_plan(org)

    def walks(self, org):
        approved = {
            "approved_by": person(org, "Dana Reyes").pk,
            "approved_at": "2025-03-03T09:00:00Z",
            "next_review_due": "2026-03-01",
        }
        return (
            (
                ("approve", {**approved, "version": "1.0"}),
                ("approve", {**approved, "version": "1.1"}),
                ("retire", {}),
            ),
        )


class TestSecurityControlLifecycle(LifecycleContract):
    route = "security-controls"
    model = SecurityControl

    def fresh(self, org):
        return record(SecurityControl, org, name="MFA for admins", control_area="technological")

    def walks(self, org):
        tested = {"tested_on": "2025-03-03", "effectiveness": "effective"}
        return ((("implement", {}), ("test", tested)),)
