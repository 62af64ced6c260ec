"""KPIs, the audit programme, review outputs, service reports and improvements over the API."""

import datetime as dt

from evident.audits.models import (
    AuditChecklistItem,
    AuditProgramme,
    Improvement,
    InternalAudit,
    Kpi,
    KpiMeasurement,
    ManagementReview,
    ReviewOutput,
    ServiceReport,
)
from evident.audits.review_inputs import SECTION_KEYS
from evident.governance.models import Process
from tests.api import (
    TODAY,
    RecordEndpointContract,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    record,
    service,
)

JANUARY, JANUARY_END = dt.date(2025, 1, 1), dt.date(2025, 1, 31)


def programme(org):
    return record(
        AuditProgramme,
        org,
        title="Programme 2025",
        cycle_start=dt.date(2025, 1, 1),
        cycle_end=dt.date(2025, 12, 31),
    )


def audit(org, **fields):
    fields = {"title": "Audit of 8.6", "planned_date": TODAY, "clauses": "8.6", **fields}
    return record(InternalAudit, org, **fields)


def review(org, **fields):
    fields = {"title": "Q1 review", "planned_date": TODAY, **fields}
    return record(ManagementReview, org, **fields)


class TestKpis(RecordEndpointContract):
    route = "kpis"
    model = Kpi
    update = {"target": "97.000", "name": "Share of SLA targets met"}

    def fields(self, org):
        return {
            "key": "sla-attainment",
            "name": "SLA attainment",
            "computation": "sla-attainment",
            "unit": "%",
            "target": "95",
        }

    def test_an_unknown_computation_is_refused_naming_the_field(self, api, org):
        body = {"key": "made-up", "name": "Made up", "computation": "happiness-index"}
        response = api.post(endpoint(org, self.route), body, format="json")
        assert response.status_code == 400
        assert "computation" in response.data


class TestKpiMeasurements(RecordEndpointContract):
    route = "kpi-measurements"
    model = KpiMeasurement
    update = {"value": "4.400", "note": "Survey closed late"}

    def fields(self, org):
        kpi = record(Kpi, org, key="customer-satisfaction", name="Customer satisfaction")
        return {"kpi": kpi, "period_start": JANUARY, "period_end": JANUARY_END, "value": "4.2"}

    def test_a_period_ending_before_it_starts_is_refused(self, api, org):
        body = {**self.fields(org), "period_end": "2024-12-31"}
        body["kpi"] = body["kpi"].pk
        body["period_start"] = JANUARY.isoformat()
        response = api.post(endpoint(org, self.route), body, format="json")
        assert response.status_code == 400
        assert "period_end" in response.data


class TestAuditProgrammes(RecordEndpointContract):
    route = "audit-programmes"
    model = AuditProgramme
    update = {"notes": "Two audits moved to the second half"}

    def fields(self, org):
        return {
            "title": "Programme 2025",
            "cycle_start": dt.date(2025, 1, 1),
            "cycle_end": dt.date(2025, 12, 31),
            "owner": person(org),
        }

    def test_coverage_lists_the_clauses_no_audit_reaches(self, api, org):
        cycle = programme(org)
        audit(org, programme=cycle, clauses="4,5,6,7,8,9")
        response = api.get(endpoint(org, self.route, cycle.pk) + "coverage/")
        assert response.status_code == 200, response.data
        assert response.data["planned"]["gaps"] == ["10"]
        assert response.data["completed"]["gaps"] == [str(n) for n in range(4, 11)]


class TestAuditChecklistItems(RecordEndpointContract):
    route = "audit-checklist-items"
    model = AuditChecklistItem
    update = {"result": "conforms", "evidence": "Ten incidents sampled, all prioritised"}

    def fields(self, org):
        return {"audit": audit(org), "clause": "8.6.1", "question": "Are incidents prioritised?"}

    def test_a_clause_outside_the_standard_is_refused(self, api, org):
        body = {"audit": audit(org).pk, "clause": "11.2", "question": "?"}
        response = api.post(endpoint(org, self.route), body, format="json")
        assert response.status_code == 400
        assert "clause" in response.data


class TestReviewOutputs(RecordEndpointContract):
    route = "review-outputs"
    model = ReviewOutput
    update = {"closed_on": "2025-04-01"}

    def fields(self, org):
        return {
            "review": review(org),
            "kind": "action",
            "description": "Add a supplier scorecard",
            "owner": person(org),
            "due_date": TODAY,
        }

    def test_an_action_without_a_due_date_is_refused(self, api, org):
        body = {"review": review(org).pk, "kind": "action", "description": "Do something"}
        response = api.post(endpoint(org, self.route), body, format="json")
        assert response.status_code == 400
        assert "due_date" in response.data


class TestServiceReports(RecordEndpointContract):
    route = "service-reports"
    model = ServiceReport
    update = {"summary": "A quiet month"}

    def fields(self, org):
        return {"service": service(org), "period_start": JANUARY, "period_end": JANUARY_END}

    def test_creating_a_report_generates_its_content(self, api, org):
        body = {
            "service": service(org).pk,
            "period_start": "2025-01-01",
            "period_end": "2025-01-31",
        }
        response = api.post(endpoint(org, self.route), body, format="json")
        assert response.status_code == 201, response.data
        assert response.data["content"]["incidents"]["opened"] == 0
        assert response.data["generated_at"]


class TestImprovements(RecordEndpointContract):
    route = "improvements"
    model = Improvement
    # Starting it is a transition (tests/api/test_lifecycle_contracts_audits.py).
    update = {"expected_benefit": "Fewer password calls to the service desk"}

    def fields(self, org):
        return {
            "title": "Self-service password reset",
            "source": "staff",
            "raised_on": TODAY,
            "decision": "accepted",
            "decided_on": TODAY,
            "owner": person(org),
        }

    def test_a_decision_without_its_date_is_refused(self, api, org):
        body = {"title": "Chat", "raised_on": "2025-03-03", "decision": "accepted"}
        response = api.post(endpoint(org, self.route), body, format="json")
        assert response.status_code == 400
        assert "decided_on" in response.data


def test_compiling_a_review_stores_every_input(org, manager):
    held = review(org, status="held", held_on=TODAY)
    response = client_for(manager).post(endpoint(org, "management-reviews", held.pk) + "compile/")
    assert response.status_code == 200, response.data
    assert response.data["compiled_at"]
    # Every input is there; PostgreSQL's jsonb keeps no key order, so pages follow SECTIONS.
    assert set(response.data["inputs"]["sections"]) == set(SECTION_KEYS)
    assert response.data["inputs"]["period_end"] == TODAY.isoformat()


def test_review_inputs_cannot_be_written_directly(org, manager):
    planned = review(org)
    body = {"inputs": {"sections": {}}}
    response = client_for(manager).patch(
        endpoint(org, "management-reviews", planned.pk), body, format="json"
    )
    assert response.status_code == 200
    planned.refresh_from_db()
    assert planned.inputs == {} and planned.compiled_at is None


def test_a_service_report_is_generated_for_a_month(org, manager):
    email = service(org)
    body = {"service": email.pk, "month": "2025-01"}
    api = client_for(manager)
    first = api.post(endpoint(org, "service-reports") + "generate/", body, format="json")
    assert first.status_code == 201, first.data
    assert (first.data["period_start"], first.data["period_end"]) == ("2025-01-01", "2025-01-31")
    again = api.post(endpoint(org, "service-reports") + "generate/", body, format="json")
    assert again.data["id"] == first.data["id"]


def test_a_malformed_month_is_refused_naming_the_field(org, manager):
    body = {"service": service(org).pk, "month": "2025-13"}
    response = client_for(manager).post(
        endpoint(org, "service-reports") + "generate/", body, format="json"
    )
    assert response.status_code == 400
    assert "month" in response.data


def test_an_auditor_cannot_be_assigned_to_audit_their_own_process(org, manager):
    owner = person(org, "Olive Owner")
    record(Process, org, key="incident", owner=owner)
    body = {"title": "Audit of 8.6", "planned_date": "2025-03-03", "clauses": "8.6"}
    body["lead_auditor"] = owner.pk
    response = client_for(manager).post(endpoint(org, "internal-audits"), body, format="json")
    assert response.status_code == 400
    assert "Olive Owner" in str(response.data["auditors"])
    assert not InternalAudit.objects.filter(organisation=org).exists()
