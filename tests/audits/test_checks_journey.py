"""Checks of the implementation journey: scope exclusions and phases (4.3), the resource plan
(7.1), the communication plan (7.4), documents in use (7.5) and knowledge (7.6).

Each check is specified on a small organisation that passes it, then broken one way.
"""

import datetime as dt
from decimal import Decimal

import pytest

from evident.core.services import create_record, update_record
from evident.governance.models import (
    Process,
    ResourceAllocation,
    RoleAssignment,
    ScopeExclusion,
    ScopePhase,
    ScopeStatement,
)
from evident.support.models import CommunicationPlanItem, Document, DocumentUse, KnowledgeArticle

from .builders import AUDIT_DATE, IN_PERIOD, Builder, at, findings, ref

PLAN_START, PLAN_END = dt.date(2024, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture
def b(org, as_cli):
    return Builder(org)


@pytest.fixture
def scope(b):
    """An approved scope with two catalogued services and one catalogued service outside it."""
    b.email, b.payroll, b.outside = b.service("Email"), b.service("Payroll"), b.service("Wiki")
    b.ceo = b.person("Ada Chief", is_top_management=True)
    return b.make(
        ScopeStatement,
        statement="Email and payroll",
        status=ScopeStatement.Status.APPROVED,
        approved_at=at(dt.date(2024, 1, 5)),
        services=[b.email.pk, b.payroll.pk],
    )


def keys(org, stage, check_id):
    return [(f.key, f.grade, f.severity) for f in findings(org, stage, check_id)]


class TestScopeExclusionsReasoned:
    check = "s1.scope.exclusions-reasoned"

    def test_passes_when_every_exclusion_gives_a_reason(self, b, scope):
        b.make(ScopeExclusion, scope=scope, excluded="HR services", reason="Group HR runs them")
        assert findings(b.org, 1, self.check) == []

    def test_an_exclusion_without_reason_is_a_medium_concern(self, b, scope):
        b.make(ScopeExclusion, scope=scope, excluded="HR services", reason="Group HR runs them")
        bare = b.make(ScopeExclusion, scope=scope, excluded="Finance", reason="  ")
        (finding,) = findings(b.org, 1, self.check)
        assert (finding.grade, finding.severity, finding.records) == (
            "area_of_concern",
            "medium",
            (ref(bare),),
        )
        assert "Finance" in finding.statement

    def test_exclusions_of_a_superseded_scope_are_not_judged(self, b, scope):
        old = b.make(ScopeStatement, statement="Old", status=ScopeStatement.Status.SUPERSEDED)
        b.make(ScopeExclusion, scope=old, excluded="Finance")
        assert findings(b.org, 1, self.check) == []


class TestScopePhasesCatalogued:
    check = "s1.scope.phases-catalogued"

    def test_passes_when_phases_name_catalogued_services_of_the_scope(self, b, scope):
        b.make(ScopePhase, scope=scope, number=1, services=[b.email.pk])
        b.make(ScopePhase, scope=scope, number=2, services=[b.payroll.pk])
        assert findings(b.org, 1, self.check) == []

    def test_a_phased_service_outside_the_catalogue_or_the_scope_is_a_concern(self, b, scope):
        pipeline = b.service("Data lake", catalogued=False)
        b.make(ScopePhase, scope=scope, number=1, services=[b.email.pk, pipeline.pk])
        b.make(ScopePhase, scope=scope, number=2, services=[b.outside.pk])
        found = findings(b.org, 1, self.check)
        assert [(f.key, f.severity, f.records) for f in found] == [
            (f"{self.check}:catalogue", "medium", (ref(pipeline),)),
            (f"{self.check}:scope", "medium", (ref(b.outside), ref(pipeline))),
        ]


class TestResourcePlan:
    def allocate(self, b, person, role, fte="0.5", start=PLAN_START, end=PLAN_END):
        return b.make(
            ResourceAllocation,
            person=person,
            role=role,
            period_start=start,
            period_end=end,
            fte=Decimal(fte),
        )

    @pytest.fixture
    def roles(self, b, scope):
        b.make(RoleAssignment, person=b.ceo, role="Executive sponsor")
        b.dana = b.person("Dana Reyes")
        b.make(RoleAssignment, person=b.dana, role="SMS manager")

    def test_passes_when_every_role_has_time_at_the_audit_date(self, b, roles):
        self.allocate(b, b.ceo, "Executive sponsor", "0.1")
        self.allocate(b, b.dana, "SMS manager", "1.0")
        assert findings(b.org, 1, "s1.resources.roles-covered") == []
        assert findings(b.org, 1, "s1.resources.over-allocated") == []
        assert findings(b.org, 2, "s2.resources.over-allocated") == []

    def test_a_role_with_no_current_allocation_is_a_low_concern(self, b, roles):
        self.allocate(b, b.ceo, "Executive sponsor", "0.1")
        self.allocate(b, b.dana, "SMS manager", end=AUDIT_DATE - dt.timedelta(days=1))
        (finding,) = findings(b.org, 1, "s1.resources.roles-covered")
        assert (finding.severity, "SMS manager" in finding.statement) == ("low", True)

    def test_planned_over_allocation_is_a_low_concern(self, b, roles):
        self.allocate(b, b.dana, "SMS manager", "0.8")
        extra = self.allocate(b, b.dana, "Change manager", "0.4", start=dt.date(2025, 9, 1))
        (finding,) = findings(b.org, 1, "s1.resources.over-allocated")
        assert finding.severity == "low"
        assert ref(extra) in finding.records and ref(b.dana) in finding.records

    def test_over_allocation_in_the_period_is_minor_when_sustained_else_an_opportunity(
        self, b, roles
    ):
        self.allocate(b, b.dana, "SMS manager", "0.8")
        self.allocate(b, b.dana, "Change manager", "0.4", dt.date(2025, 1, 1), dt.date(2025, 3, 31))
        self.allocate(b, b.ceo, "Executive sponsor", "0.9")
        self.allocate(b, b.ceo, "Audit lead", "0.2", dt.date(2025, 5, 1), dt.date(2025, 5, 31))
        assert keys(b.org, 2, "s2.resources.over-allocated") == [
            ("s2.resources.over-allocated:sustained", "minor", ""),
            ("s2.resources.over-allocated:peaks", "ofi", ""),
        ]


class TestCommunicationPlan:
    def item(self, b, next_due, **fields):
        fields.setdefault("subject", "SMS newsletter")
        return b.make(
            CommunicationPlanItem,
            audience="All staff",
            frequency="monthly",
            next_due=next_due,
            **fields,
        )

    def test_no_plan_is_a_low_concern_and_a_plan_passes(self, b):
        assert keys(b.org, 1, "s1.communication.plan") == [
            ("s1.communication.plan", "area_of_concern", "low")
        ]
        self.item(b, AUDIT_DATE + dt.timedelta(days=10))
        assert findings(b.org, 1, "s1.communication.plan") == []

    def test_a_retired_item_is_no_plan(self, b):
        self.item(b, None, active=False)
        assert len(findings(b.org, 1, "s1.communication.plan")) == 1

    def test_an_item_overdue_beyond_the_grace_is_minor(self, b):
        self.item(b, AUDIT_DATE - dt.timedelta(days=14))  # within the grace
        late = self.item(b, AUDIT_DATE - dt.timedelta(days=15), subject="Service reviews")
        self.item(b, AUDIT_DATE - dt.timedelta(days=90), active=False)
        (finding,) = findings(b.org, 2, "s2.communication.plan-kept")
        assert (finding.grade, finding.records) == ("minor", (ref(late),))
        assert "Service reviews" in finding.statement


class TestDocumentsInUse:
    check = "s1.documents.in-use"

    def test_procedures_followed_by_a_process_or_shown_in_use_pass(self, b, scope):
        followed = b.document("Incident procedure", approver=b.ceo)
        b.make(Process, key="incident", owner=b.ceo, procedure=followed)
        used = b.document("Change procedure", approver=b.ceo)
        change = b.change(b.email)
        b.make(DocumentUse, document=used, record_type="operations.change", record_ref=change.ref)
        b.document("Draft procedure")  # never approved: not yet expected in use
        b.document("Policy", Document.Type.POLICY, approver=b.ceo)  # not a procedure
        assert findings(b.org, 1, self.check) == []

    def test_an_approved_procedure_nothing_points_at_is_a_low_concern(self, b, scope):
        orphan = b.document("Release procedure", approver=b.ceo)
        (finding,) = findings(b.org, 1, self.check)
        assert (finding.severity, finding.records) == ("low", (ref(orphan),))


class TestKnowledgeReviewed:
    check = "s1.knowledge.reviewed"

    def article(self, b, reviewed_on, status="published"):
        return b.make(
            KnowledgeArticle,
            title="Reset a password",
            body="Steps",
            status=status,
            reviewed_on=reviewed_on,
        )

    def test_articles_reviewed_within_a_year_pass(self, b):
        self.article(b, dt.date(2024, 7, 1))
        self.article(b, None, status="draft")
        self.article(b, dt.date(2020, 1, 1), status="retired")
        assert findings(b.org, 1, self.check) == []

    def test_a_published_article_not_reviewed_for_a_year_is_a_low_concern(self, b):
        stale = self.article(b, dt.date(2024, 6, 29))
        never = self.article(b, None)
        (finding,) = findings(b.org, 1, self.check)
        assert (finding.severity, finding.records) == ("low", (ref(stale), ref(never)))


def test_the_checks_are_registered_with_their_clauses():
    from evident.audits.engine.registry import get_check

    clauses = {
        "s1.scope.exclusions-reasoned": "4.3",
        "s1.scope.phases-catalogued": "4.3",
        "s1.resources.roles-covered": "7.1",
        "s1.resources.over-allocated": "7.1",
        "s1.communication.plan": "7.4",
        "s1.documents.in-use": "7.5",
        "s1.knowledge.reviewed": "7.6",
        "s2.communication.plan-kept": "7.4",
        "s2.resources.over-allocated": "7.1",
    }
    assert {check_id: get_check(check_id).clause for check_id in clauses} == clauses


def test_a_change_to_the_scope_moves_the_judgement_with_it(b, scope):
    b.make(ScopeExclusion, scope=scope, excluded="Finance")
    assert len(findings(b.org, 1, "s1.scope.exclusions-reasoned")) == 1
    update_record(scope, status=ScopeStatement.Status.SUPERSEDED)
    create_record(
        ScopeStatement, b.org, statement="New", status="approved", approved_at=at(IN_PERIOD)
    )
    assert findings(b.org, 1, "s1.scope.exclusions-reasoned") == []


class _Specified:
    """The checks this module specifies with a failing case, for the registry's coverage test
    (the same ``failing_checks()`` as the case tables of the other check modules)."""

    CHECKS = frozenset(
        {
            "s1.scope.exclusions-reasoned",
            "s1.scope.phases-catalogued",
            "s1.resources.roles-covered",
            "s1.resources.over-allocated",
            "s1.communication.plan",
            "s1.documents.in-use",
            "s1.knowledge.reviewed",
            "s2.communication.plan-kept",
            "s2.resources.over-allocated",
        }
    )

    def failing_checks(self) -> set[str]:
        return set(self.CHECKS)


cases = _Specified()


def test_every_journey_check_is_specified_here():
    from evident.audits.engine import all_checks

    journey = {c.id for c in all_checks() if c.run.__module__.endswith("checks.journey")}
    assert journey == cases.failing_checks()
