"""Continuity plans and continuity tests over the API."""

from evident.assurance.models import ContinuityPlan, ContinuityTest
from tests.api import (
    TODAY,
    RecordEndpointContract,
    continuity_plan,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    service,
)


class TestContinuityPlans(RecordEndpointContract):
    route = "continuity-plans"
    model = ContinuityPlan
    update = {"title": "Mail and calendar continuity", "next_review_due": "2026-03-31"}

    def fields(self, org):
        return {"title": "Mail continuity", "services": [service(org)], "owner": person(org)}


class TestContinuityTests(RecordEndpointContract):
    route = "continuity-tests"
    model = ContinuityTest
    update = {
        "result": "passed_with_issues",
        "notes": "Failover took 40 minutes",
        "follow_up_actions": "Automate the DNS switch before the next exercise",
    }

    def fields(self, org):
        return {"plan": continuity_plan(org), "tested_on": TODAY, "result": "passed"}
