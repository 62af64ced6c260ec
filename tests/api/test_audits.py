"""Internal audits, management reviews, nonconformities and corrective action over the API."""

from evident.audits.models import (
    CorrectiveAction,
    CorrectiveActionPlan,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)
from tests.api import (
    TODAY,
    RecordEndpointContract,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    nonconformity,
    person,
)


class TestInternalAudits(RecordEndpointContract):
    route = "internal-audits"
    model = InternalAudit
    # Completing is a transition (tests/api/test_lifecycle_contracts_audits.py).
    update = {"title": "Change and release audit", "summary": "Scope agreed with the owner"}

    def fields(self, org):
        return {
            "title": "Change management audit",
            "planned_date": TODAY,
            "clauses": "8.5.1",
            "lead_auditor": person(org),
        }


class TestManagementReviews(RecordEndpointContract):
    route = "management-reviews"
    model = ManagementReview
    # Holding is a transition (tests/api/test_lifecycle_contracts_audits.py).
    update = {"title": "Q1 review (moved)", "minutes": "Agenda circulated"}

    def fields(self, org):
        return {"title": "Q1 management review", "planned_date": TODAY, "chair": person(org)}


class TestNonconformities(RecordEndpointContract):
    route = "nonconformities"
    model = Nonconformity
    update = {"statement": "Two of 25 sampled changes started before approval", "grade": "major"}

    def fields(self, org):
        return {
            "title": "Changes started before approval",
            "source": "external_audit",
            "clause": "8.5.1",
            "grade": "minor",
            "raised_on": TODAY,
        }


class TestCorrectiveActions(RecordEndpointContract):
    route = "corrective-actions"
    model = CorrectiveAction
    update = {
        "closed_on": "2025-04-01",
        "effectiveness": "effective",
        "effectiveness_checked_on": "2025-05-01",
    }

    def fields(self, org):
        return {
            "nonconformity": nonconformity(org),
            "description": "Block implementation until the approval is recorded",
            "owner": person(org),
            "due_date": TODAY,
        }


class TestCorrectiveActionPlans(RecordEndpointContract):
    route = "corrective-action-plans"
    model = CorrectiveActionPlan
    update = {"root_cause": "The tool let changes start unapproved", "due_date": "2025-05-01"}

    def fields(self, org):
        return {
            "nonconformity": nonconformity(org),
            "correction": "Approved the two changes retrospectively",
            "owner": person(org),
            "due_date": TODAY,
        }
