"""Scope, objectives, risks, the SMS plan and processes over the API."""

from decimal import Decimal

from evident.core.tenancy import scoped
from evident.governance.models import Milestone, Objective, Process, Risk, ScopeStatement, SmsPlan
from tests.api import (
    NOW,
    TODAY,
    RecordEndpointContract,
    document,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    service,
    sms_plan,
)


class TestScopeStatements(RecordEndpointContract):
    route = "scope-statements"
    model = ScopeStatement
    update = {"status": "approved", "locations": "London, Leeds"}

    def fields(self, org):
        return {
            "statement": "Hosted e-mail for customers in the UK",
            "services": [service(org)],
            "approved_by": person(org),
            "approved_at": NOW,
        }


class TestObjectives(RecordEndpointContract):
    route = "objectives"
    model = Objective
    update = {"status": "achieved"}

    def fields(self, org):
        return {
            "title": "Resolve incidents faster",
            "measure": "median resolution hours",
            "target_value": Decimal("4"),
            "owner": person(org),
            "due_date": TODAY,
        }


class TestRisks(RecordEndpointContract):
    route = "risks"
    model = Risk
    update = {"likelihood": 5, "status": "treated"}

    def fields(self, org):
        return {"title": "Single datacentre", "category": "service", "likelihood": 2, "impact": 4}


class TestSmsPlans(RecordEndpointContract):
    route = "sms-plans"
    model = SmsPlan
    update = {"title": "SMS plan 2025-2026"}

    def fields(self, org):
        return {"title": "SMS plan 2025", "owner": person(org), "approved_at": NOW}


class TestMilestones(RecordEndpointContract):
    route = "milestones"
    model = Milestone
    update = {"status": "done", "completed_on": TODAY.isoformat()}

    def fields(self, org):
        return {"plan": sms_plan(org), "title": "Policy approved", "due_date": TODAY}


class TestProcesses(RecordEndpointContract):
    route = "processes"
    model = Process
    update = {"in_scope": False}

    def fields(self, org):
        # One process per key in an organisation: take the first key not yet used.
        used = set(scoped(Process, org).values_list("key", flat=True))
        key = next(k for k in Process.Key.values if k not in used)
        return {"key": key, "owner": person(org), "procedure": document(org)}
