"""Builders for audit tests: a small healthy organisation, written through the service layer.

``healthy_org(org)`` gives an organisation that a lead auditor would pass at
both stages as at ``AUDIT_DATE``; tests then break one thing and assert what
the engine finds. ``Builder`` makes single records with sensible defaults.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.db import transaction

from evident.agreements.models import SLA, SlaMeasurement, SlaTarget, Supplier, SupplierReview
from evident.assurance.models import ContinuityPlan, ContinuityTest
from evident.audits.engine.runner import run_checks
from evident.audits.engine.scope import AuditScope
from evident.audits.models import CorrectiveAction, InternalAudit, ManagementReview, Nonconformity
from evident.catalogue.models import CatalogueEntry, Service
from evident.core.context import acting
from evident.core.models import Organisation, Person
from evident.core.services import bulk_create_records, create_record, update_record
from evident.governance.models import Milestone, Objective, Process, Risk, ScopeStatement, SmsPlan
from evident.operations.models import Change, ChangeApproval, Incident, Problem, ServiceRequest
from evident.support.models import Acknowledgement, Communication, Document, DocumentVersion

from .leadership_records import add_leadership_and_competence
from .transition_records import add_change_control

# The records of each clause family live in their own modules, which use this module's
# helpers; they are imported on first use to keep the import order one-way.


def add_portfolio(h):
    from .portfolio_records import add_portfolio

    return add_portfolio(h)


def add_agreements_and_supply(h):
    from .agreement_records import add_agreements_and_supply

    return add_agreements_and_supply(h)


def add_resolution_and_assurance(h):
    from .resolution_records import add_resolution_and_assurance

    return add_resolution_and_assurance(h)


def add_resource_plan_and_communications(h):
    from .journey_records import add_resource_plan_and_communications

    return add_resource_plan_and_communications(h)


def add_performance_evaluation(h):
    from .evaluation_records import add_performance_evaluation

    return add_performance_evaluation(h)


def add_context_policy(h):
    from .context_policy_records import add_context_policy

    return add_context_policy(h)


def add_objectives(h):
    from .objectives_records import add_objectives

    return add_objectives(h)


def add_supply_security(h):
    from .supply_security_records import add_supply_security

    return add_supply_security(h)


def add_documents(h):
    from .document_records import add_documents

    return add_documents(h)


AUDIT_DATE = dt.date(2025, 6, 30)  # period: 2024-06-30 to 2025-06-30
IN_PERIOD = dt.date(2025, 3, 3)
BEFORE_PERIOD = dt.date(2024, 5, 15)
FUTURE = dt.date(2026, 3, 1)
SEED = 20250630


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)


def ref(obj) -> dict:
    """The record reference a finding names, for assertions."""
    return {"type": obj._meta.label_lower, "id": obj.pk, "ref": obj.ref}


def findings(org, stage: int, check_id: str | None = None, *, audit_date=AUDIT_DATE):
    """What the engine finds (without storing an evaluation), optionally from one check."""
    scope = AuditScope.for_date(org, audit_date, SEED)
    found = run_checks(scope, stage)
    return [f for f in found if check_id is None or f.check_id == check_id]


class Builder:
    """One-line record makers with the defaults a healthy organisation would have."""

    def __init__(self, org):
        self.org = org

    def make(self, model, **fields):
        """Create one record; many-to-many holders take the validating single-record path."""
        if any(f.name in fields for f in model._meta.many_to_many):
            return create_record(model, self.org, **fields)
        return bulk_create_records(model, self.org, [model(**fields)], validate=True)[0]

    def make_many(self, model, rows):
        return bulk_create_records(model, self.org, [model(**row) for row in rows])

    def person(self, name, **fields):
        return self.make(Person, name=name, **fields)

    def service(self, name, status=Service.Status.LIVE, catalogued=True):
        service = self.make(Service, name=name, status=status)
        if catalogued:
            self.make(CatalogueEntry, service=service, status=CatalogueEntry.Status.PUBLISHED)
        return service

    def document(self, title, doc_type=Document.Type.PROCEDURE, approver=None, **fields):
        fields.setdefault("next_review_due", FUTURE)
        document = self.make(Document, title=title, doc_type=doc_type, **fields)
        if approver is not None:
            self.version(document, approver)
        return document

    def version(self, document, approver, version="1.0", approved_at=None):
        return self.make(
            DocumentVersion,
            document=document,
            version=version,
            status=DocumentVersion.Status.APPROVED,
            approved_by=approver,
            approved_at=approved_at or at(dt.date(2024, 1, 10)),
        )

    def incident(self, service, opened=IN_PERIOD, **fields):
        fields.setdefault("resolved_at", at(opened, 15))
        fields.setdefault("status", Incident.Status.RESOLVED)
        return self.make(
            Incident, title="Mail delayed", service=service, opened_at=at(opened), **fields
        )

    def change(self, service, started=IN_PERIOD, *, approved=True, **fields):
        """An implemented change, risk-assessed when requested and naming a CI of its service
        when the service has one; ``approved`` gives it a CAB approval the day before."""
        requested = at(started - dt.timedelta(days=3))
        fields.setdefault("change_type", Change.Type.NORMAL)
        fields.setdefault("outcome", Change.Outcome.SUCCESSFUL)
        fields.setdefault("risk_assessment", "Low risk: a tested patch with a back-out plan.")
        fields.setdefault("assessed_at", requested)
        change = self.make(
            Change,
            title="Patch mail relay",
            service=service,
            status=Change.Status.CLOSED,
            requested_at=requested,
            actual_start=at(started),
            actual_end=at(started, 12),
            **fields,
        )
        ci = service.configuration_items.filter(status="live").order_by("pk").first()
        if ci is not None:
            update_record(change, configuration_items=[ci.pk])
        if approved:
            self.approve(change, at(started - dt.timedelta(days=1)))
        return change

    def approve(self, change, decided_at):
        return self.make(
            ChangeApproval,
            change=change,
            decision=ChangeApproval.Decision.APPROVED,
            decided_at=decided_at,
        )

    def monthly_measurements(self, target, months):
        bulk_create_records(
            SlaMeasurement,
            self.org,
            [SlaMeasurement(target=target, month=m, value=99.9, met=True) for m in months],
        )


PERIOD_MONTHS = [dt.date(2024 + (6 + i) // 12, (6 + i) % 12 + 1, 1) for i in range(11)]


@dataclass
class Healthy:
    """The records of the healthy organisation that tests reach for."""

    build: Builder
    ceo: Person = None
    staff: list = field(default_factory=list)
    email: Service = None
    payroll: Service = None
    scope: ScopeStatement = None
    policy: Document = None
    policy_version: DocumentVersion = None
    processes: dict = field(default_factory=dict)
    sla: SLA = None
    target: SlaTarget = None
    supplier: Supplier = None
    continuity_plan: ContinuityPlan = None
    change: Change = None
    incident: Incident = None
    leadership: object = None
    change_control: object = None
    portfolio: object = None
    agreements: object = None
    matrix: object = None
    security_policy: object = None
    control: object = None
    evaluation: object = None
    documents: object = None
    supply_security: object = None
    objectives: object = None


def healthy_org(org) -> Healthy:
    """An organisation with no finding at either stage as at ``AUDIT_DATE``."""
    with acting(source="cli", actor_name="test-builder"):
        h = Healthy(build=Builder(org))
        _people_and_policy(h)
        _services_and_scope(h)
        _planning(h)
        _processes(h)
        h.leadership = add_leadership_and_competence(h.build, h.ceo, h.staff, h.processes)
        _agreements(h)
        _operations(h)
        h.change_control = add_change_control(h.build, h)
        _performance_and_improvement(h)
        h.portfolio = add_portfolio(h)
        h.agreements = add_agreements_and_supply(h)
        add_resolution_and_assurance(h)
        add_resource_plan_and_communications(h)
        h.evaluation = add_performance_evaluation(h)
        add_context_policy(h)
        h.supply_security = add_supply_security(h)
        h.objectives = add_objectives(h)
        h.documents = add_documents(h)  # last: it gives every document an owner
    return h


def _people_and_policy(h: Healthy) -> None:
    b = h.build
    h.ceo = b.person("Ada Chief", is_top_management=True)
    h.staff = [b.person(f"Staff {i}") for i in range(4)]
    h.policy = b.document("Service management policy", Document.Type.SM_POLICY)
    h.policy_version = b.version(h.policy, h.ceo)
    b.make(Communication, subject="Our SM policy", document=h.policy, sent_at=at(IN_PERIOD))
    for person in [h.ceo, *h.staff[:3]]:  # 4 of 5 people in scope: 80 %
        b.make(
            Acknowledgement,
            person=person,
            document_version=h.policy_version,
            acknowledged_at=at(IN_PERIOD, 11),
        )


def _services_and_scope(h: Healthy) -> None:
    b = h.build
    h.email = b.service("Email")
    h.payroll = b.service("Payroll")
    b.service("Data lake", status=Service.Status.PIPELINE, catalogued=False)
    h.scope = b.make(
        ScopeStatement,
        statement="Email and payroll services for all staff",
        status=ScopeStatement.Status.APPROVED,
        approved_by=h.ceo,
        approved_at=at(dt.date(2024, 1, 5)),
        services=[h.email.pk, h.payroll.pk],
    )


def _planning(h: Healthy) -> None:
    b = h.build
    b.make(Risk, title="Key staff leave", owner=h.ceo, treatment="Cross-train", review_due=FUTURE)
    b.make(
        Objective,
        title="Availability",
        measure="Monthly availability",
        target_value=99.5,
        owner=h.ceo,
    )
    plan = b.make(SmsPlan, title="SMS plan 2025", owner=h.ceo)
    b.make(
        Milestone,
        plan=plan,
        title="Scope agreed",
        due_date=dt.date(2024, 1, 31),
        status=Milestone.Status.DONE,
    )
    b.make(Milestone, plan=plan, title="Recertify", due_date=FUTURE)


def _processes(h: Healthy) -> None:
    b = h.build
    for key, label in Process.Key.choices:
        procedure = b.document(f"{label} procedure", approver=h.ceo)
        h.processes[key] = b.make(Process, key=key, owner=h.staff[0], procedure=procedure)


def _agreements(h: Healthy) -> None:
    b = h.build
    h.sla = b.make(SLA, name="Email SLA", service=h.email, agreed_on=dt.date(2024, 1, 1))
    h.target = b.make(SlaTarget, sla=h.sla, metric="availability", target_value=99.5)
    b.monthly_measurements(h.target, PERIOD_MONTHS)
    h.supplier = b.make(Supplier, name="Mail host Ltd")
    b.make(SupplierReview, supplier=h.supplier, reviewed_on=IN_PERIOD)
    h.continuity_plan = b.make(
        ContinuityPlan, title="Mail failover", status=ContinuityPlan.Status.APPROVED
    )
    b.make(
        ContinuityTest,
        plan=h.continuity_plan,
        tested_on=IN_PERIOD,
        result=ContinuityTest.Result.PASSED,
    )


def _operations(h: Healthy) -> None:
    b = h.build
    h.change = b.change(h.email)
    h.incident = b.incident(h.email)
    b.make(ServiceRequest, title="New mailbox", service=h.email, opened_at=at(IN_PERIOD))
    b.make(Problem, title="Relay overload", service=h.payroll, opened_at=at(IN_PERIOD))


def _performance_and_improvement(h: Healthy) -> None:
    b = h.build
    b.make(
        InternalAudit,
        title="Audit of clauses 4-10",
        planned_date=IN_PERIOD,
        completed_on=IN_PERIOD,
        status=InternalAudit.Status.COMPLETED,
    )
    b.make(
        ManagementReview,
        title="Spring review",
        planned_date=IN_PERIOD,
        held_on=IN_PERIOD,
        status=ManagementReview.Status.HELD,
        chair=h.ceo,
    )
    nc = b.make(
        Nonconformity,
        title="Old gap",
        source=Nonconformity.Source.INTERNAL_AUDIT,
        raised_on=dt.date(2024, 9, 1),
        status=Nonconformity.Status.CLOSED,
        closed_on=dt.date(2024, 12, 1),
        closure_verified=True,
    )
    b.make(
        CorrectiveAction,
        nonconformity=nc,
        description="Fix it",
        due_date=dt.date(2024, 11, 1),
        closed_on=dt.date(2024, 11, 1),
        effectiveness=CorrectiveAction.Effectiveness.EFFECTIVE,
    )


# A harness for check specifications: break a healthy organisation, say what is found.
#
# Each case is a function that takes the ``Healthy`` organisation, breaks (or bends)
# one thing through the service layer, and returns the findings the named check must
# report as ``found(...)`` tuples. Cases marked ``passes=True`` bend the organisation
# in a way the check must accept, and return an empty list.


def found(key, clause, grade, severity="", records=()):
    return (key, clause, grade, severity, [r if isinstance(r, dict) else ref(r) for r in records])


@dataclass(frozen=True)
class Case:
    check_id: str
    breaks: object
    passes: bool


class Cases:
    """A stage's table of cases, keyed by the check they exercise."""

    def __init__(self, stage: int):
        self.stage = stage
        self.cases: list[Case] = []

    def __call__(self, check_id: str, *, passes: bool = False):
        def add(func):
            self.cases.append(Case(check_id, func, passes))
            return func

        return add

    def params(self):
        return [
            pytest.param(case, id=f"{case.check_id}: {case.breaks.__name__.replace('_', ' ')}")
            for case in self.cases
        ]

    def failing_checks(self) -> set[str]:
        return {case.check_id for case in self.cases if not case.passes}

    def run(self, h: Healthy, case: Case):
        """Apply the case to a healthy organisation, compare with the check's findings."""
        with acting(source="cli", actor_name="test-case"):
            expected = case.breaks(h)
        assert bool(expected) != case.passes, "a failing case expects findings, a passing none"
        got = findings(h.build.org, self.stage, case.check_id)
        assert [(f.key, f.clause, f.grade, f.severity, list(f.records)) for f in got] == expected
        return got


def healthy_fixtures():
    """Fixtures ``healthy_template`` (built once per module) and ``healthy`` (per test).

    The healthy organisation is built once inside a module-wide transaction; each
    test runs in a nested transaction that is rolled back, and gets a deep copy of
    the Python objects so that one test's in-memory changes do not leak into the next.
    Use in a test module as ``healthy_template, healthy = healthy_fixtures()``.
    """

    @pytest.fixture(scope="module", name="healthy_template")
    def template(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            org = Organisation.objects.create(slug="healthy", name="Healthy Hosting")
            yield healthy_org(org)
            transaction.set_rollback(True)

    @pytest.fixture(name="healthy")
    def fresh(healthy_template, db):
        return copy.deepcopy(healthy_template)

    return template, fresh
