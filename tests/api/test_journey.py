"""The journey over the API: scope exclusions and phases, the resource plan and its load, the
communication plan, documents in use, knowledge, and the gap analysis with its plan action."""

import csv
import datetime as dt
import io
from decimal import Decimal

from evident.audits.models import Evaluation, Finding
from evident.core.models import Role
from evident.core.tenancy import scoped
from evident.governance.models import (
    Milestone,
    ResourceAllocation,
    ScopeExclusion,
    ScopePhase,
    ScopeStatement,
    SmsPlan,
)
from evident.operations.models import Change
from evident.support.models import CommunicationPlanItem, DocumentUse, KnowledgeArticle
from tests.api import (
    TODAY,
    RecordEndpointContract,
    change,
    client_for,
    document,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    record,
    service,
    sms_plan,
)


def scope_statement(org):
    return record(ScopeStatement, org, statement="Hosted e-mail", services=[service(org)])


class TestScopeExclusions(RecordEndpointContract):
    route = "scope-exclusions"
    model = ScopeExclusion
    update = {"reason": "Run by group finance under its own controls"}

    def fields(self, org):
        return {"scope": scope_statement(org), "excluded": "Finance services"}


class TestScopePhases(RecordEndpointContract):
    route = "scope-phases"
    model = ScopePhase
    update = {"target_date": "2025-09-30"}

    def fields(self, org):
        return {"scope": scope_statement(org), "number": 1, "target_date": TODAY}


class TestResourceAllocations(RecordEndpointContract):
    route = "resource-allocations"
    model = ResourceAllocation
    update = {"fte": "0.25"}

    def fields(self, org):
        return {
            "person": person(org),
            "role": "Change manager",
            "period_start": TODAY,
            "period_end": TODAY + dt.timedelta(days=90),
            "fte": Decimal("0.5"),
        }

    def test_a_bad_allocation_is_refused_naming_the_field(self, api, org):
        body = {
            "role": "SMS manager",
            "period_start": "2025-03-01",
            "period_end": "2025-02-01",
            "fte": "0.5",
            "person": person(org).pk,
        }
        response = api.post(endpoint(org, self.route), body, format="json")
        assert response.status_code == 400
        assert "period_end" in response.data
        response = api.post(endpoint(org, self.route), {**body, "fte": "-1"}, format="json")
        assert (response.status_code, "fte" in response.data) == (400, True)

    def test_load_sums_fte_per_person_and_month(self, api, org):
        dana = person(org, "Dana Reyes")
        for role in ("SMS manager", "Change manager"):
            record(
                ResourceAllocation,
                org,
                person=dana,
                role=role,
                fte=Decimal("0.6"),
                period_start=dt.date(2025, 3, 1),
                period_end=dt.date(2025, 3, 31),
            )
        url = endpoint(org, "resource-allocations") + "load/"
        response = api.get(url, {"from": "2025-02", "to": "2025-04"})
        assert response.status_code == 200
        assert [
            (r["person_ref"], r["month"], r["fte"], r["over_allocated"]) for r in response.data
        ] == [(dana.ref, "2025-03-01", "1.20", True)]
        assert api.get(url, {"from": "2025-13"}).status_code == 400
        assert "from" in api.get(url, {"from": "2025-13"}).data


class TestCommunicationPlanItems(RecordEndpointContract):
    route = "communication-plan-items"
    model = CommunicationPlanItem
    update = {"next_due": "2025-04-30"}

    def fields(self, org):
        return {
            "subject": "SMS newsletter",
            "audience": "All staff",
            "frequency": "monthly",
            "owner": person(org),
            "next_due": TODAY,
        }

    def test_an_unknown_frequency_is_refused(self, api, org):
        body = {"subject": "News", "audience": "All", "frequency": "hourly"}
        response = api.post(endpoint(org, self.route), body, format="json")
        assert (response.status_code, "frequency" in response.data) == (400, True)


class TestDocumentUses(RecordEndpointContract):
    route = "document-uses"
    model = DocumentUse
    update = {"note": "Followed step by step"}

    def fields(self, org):
        return {
            "document": document(org),
            "record_type": "operations.change",
            "record_ref": change(org).ref,
        }

    def test_a_reference_to_no_record_is_refused_naming_the_field(self, api, org):
        body = {
            "document": document(org).pk,
            "record_type": "operations.change",
            "record_ref": "CHG999999",
        }
        response = api.post(endpoint(org, self.route), body, format="json")
        assert (response.status_code, "record_ref" in response.data) == (400, True)
        assert not scoped(Change, org).filter(ref="CHG999999").exists()


class TestKnowledgeArticles(RecordEndpointContract):
    route = "knowledge-articles"
    model = KnowledgeArticle
    update = {"title": "Reset a password yourself", "reviewed_on": "2025-03-03"}

    def fields(self, org):
        return {"title": "Reset a password", "body": "Steps", "service": service(org)}


class TestGapAnalysis:
    def findings(self, org):
        ev = record(
            Evaluation,
            org,
            stage=2,
            audit_date=TODAY,
            period_start=TODAY,
            period_end=TODAY,
            seed=1,
            engine_version="1",
            evidence_digest="0" * 64,
        )
        record(
            Finding,
            org,
            evaluation=ev,
            check_id="x",
            key="x",
            clause="8.5.1",
            grade="major",
            statement="Changes went unapproved.",
        )

    def test_lists_every_clause_with_its_status(self, org, manager):
        self.findings(org)
        response = client_for(manager).get(f"/api/orgs/{org.slug}/gap-analysis/")
        assert response.status_code == 200
        by_clause = {row["clause"]: row for row in response.data["clauses"]}
        assert by_clause["8.5.1"]["status"] == "not_met"
        assert by_clause["8.5.1"]["findings"][0]["statement"] == "Changes went unapproved."
        assert response.data["counts"]["not_met"] >= 1

    def test_exports_csv_and_refuses_an_unknown_format(self, org, manager):
        api = client_for(manager)
        response = api.get(f"/api/orgs/{org.slug}/gap-analysis/", {"export": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert next(csv.reader(io.StringIO(response.content.decode())))[0] == "clause"
        response = api.get(f"/api/orgs/{org.slug}/gap-analysis/", {"export": "pdf"})
        assert (response.status_code, "export" in response.data) == (400, True)

    def test_plan_adds_milestones_for_a_writer_only(self, org, manager, make_user):
        self.findings(org)
        plan = sms_plan(org)
        url = f"/api/orgs/{org.slug}/gap-analysis/plan/"
        viewer = make_user(org, Role.VIEWER)
        assert client_for(viewer).post(url, {"plan": plan.pk}, format="json").status_code == 403
        response = client_for(manager).post(url, {"plan": plan.pk}, format="json")
        assert response.status_code == 201
        assert [m["clause"] for m in response.data] == ["8.5.1"]
        assert scoped(Milestone, org).filter(clause="8.5.1", plan=plan).count() == 1
        again = client_for(manager).post(url, {"plan": plan.pk}, format="json")
        assert (again.status_code, again.data) == (201, [])

    def test_plan_refuses_a_missing_or_foreign_plan_naming_the_field(self, org, other_org, manager):
        url = f"/api/orgs/{org.slug}/gap-analysis/plan/"
        api = client_for(manager)
        theirs = record(SmsPlan, other_org, title="Theirs")
        for body in ({}, {"plan": "x"}, {"plan": theirs.pk}):
            response = api.post(url, body, format="json")
            assert (response.status_code, "plan" in response.data) == (400, True), body

    def test_a_non_member_gets_404(self, org, other_org, make_user):
        stranger = make_user(other_org, Role.ADMIN, username="stranger")
        assert client_for(stranger).get(f"/api/orgs/{org.slug}/gap-analysis/").status_code == 404


def test_milestone_dependencies_that_make_a_cycle_are_refused(org, manager):
    plan = sms_plan(org)
    first = record(Milestone, org, plan=plan, title="First", due_date=TODAY)
    second = record(
        Milestone, org, plan=plan, title="Second", due_date=TODAY, dependencies=[first.pk]
    )
    api = client_for(manager)
    response = api.patch(
        endpoint(org, "milestones", first.pk), {"dependencies": [second.pk]}, format="json"
    )
    assert (response.status_code, "dependencies" in response.data) == (400, True)
    response = api.patch(endpoint(org, "milestones", first.pk), {"clause": "99.9"}, format="json")
    assert (response.status_code, "clause" in response.data) == (400, True)
