"""Verdicts: the Stage 1 outcome, the Stage 2 recommendation, and how plans and closures count."""

import datetime as dt

import pytest

from evident.agreements import services as agreement_services
from evident.agreements.models import Contract, SlaTarget, Supplier, SupplierReview
from evident.audits import services as audits
from evident.audits.engine import run_evaluation
from evident.audits.models import (
    CorrectiveActionPlan,
    Evaluation,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)
from evident.core.services import create_record, delete_record, update_record
from evident.core.tenancy import scoped
from evident.governance.models import Milestone, SmsPlan
from evident.operations.models import Change, Incident, Problem, ServiceRequest
from evident.support.models import DocumentVersion

from .builders import AUDIT_DATE, BEFORE_PERIOD, IN_PERIOD, at, healthy_fixtures

healthy_template, healthy = healthy_fixtures()


def evaluate(h, stage):
    return run_evaluation(h.build.org, stage, audit_date=AUDIT_DATE)


def grades(evaluation):
    return sorted((f.clause, f.grade, f.key) for f in evaluation.findings.all())


def accepted_plan_for(h, finding, **overrides):
    """Raise the nonconformity for ``finding`` and have its complete plan accepted."""
    nc = audits.raise_nonconformity_from_finding(finding, raised_on=AUDIT_DATE)
    plan = audits.draft_action_plan(
        nc,
        correction="Approved the change retrospectively and checked it",
        root_cause="The tool let implementers start without an approval",
        corrective_action="Block the start until the approval is recorded",
        owner=h.staff[0],
        due_date=AUDIT_DATE + dt.timedelta(days=60),
    )
    return audits.accept_action_plan(audits.submit_action_plan(plan, **overrides))


def one_minor_change_deviation(h):
    for i in range(12):
        h.build.change(h.email, IN_PERIOD - dt.timedelta(days=i + 1))
    h.build.change(h.payroll, approved=False)


def test_a_healthy_organisation_is_ready_and_recommended(healthy, as_cli):
    stage1, stage2 = evaluate(healthy, 1), evaluate(healthy, 2)
    assert (stage1.outcome, stage1.recommendation) == (Evaluation.Outcome.READY, "")
    assert (stage2.outcome, stage2.recommendation) == ("", Evaluation.Recommendation.RECOMMENDED)
    assert grades(stage1) == grades(stage2) == []


def test_a_missing_foundation_makes_the_organisation_not_ready(healthy, as_cli):
    delete_record(healthy.scope)
    evaluation = evaluate(healthy, 1)
    assert evaluation.outcome == Evaluation.Outcome.NOT_READY
    assert grades(evaluation) == [("4.3", "area_of_concern", "s1.scope.approved")]


def test_a_policy_never_approved_makes_it_conditionally_ready(healthy, as_cli):
    update_record(healthy.policy_version, status=DocumentVersion.Status.DRAFT)
    evaluation = evaluate(healthy, 1)
    assert evaluation.outcome == Evaluation.Outcome.CONDITIONALLY_READY
    assert grades(evaluation) == [("5.2", "area_of_concern", "s1.policy.approved")]


def test_only_low_concerns_leave_the_organisation_ready(healthy, as_cli):
    plan = scoped(SmsPlan, healthy.build.org).get()
    create_record(
        Milestone, healthy.build.org, plan=plan, title="Late", due_date=dt.date(2024, 6, 1)
    )
    evaluation = evaluate(healthy, 1)
    assert evaluation.outcome == Evaluation.Outcome.READY
    assert [f.severity for f in evaluation.findings.all()] == ["low"]


def test_no_management_review_in_the_period_is_not_recommended(healthy, as_cli):
    review = scoped(ManagementReview, healthy.build.org).get()
    update_record(review, held_on=dt.date(2024, 4, 30), planned_date=dt.date(2024, 4, 30))
    evaluation = evaluate(healthy, 2)
    assert evaluation.recommendation == Evaluation.Recommendation.NOT_RECOMMENDED
    assert grades(evaluation) == [("9.3", "major", "s2.management-review.held")]


def test_minors_make_the_recommendation_wait_for_an_accepted_plan(healthy, as_cli):
    one_minor_change_deviation(healthy)
    first = evaluate(healthy, 2)
    assert first.recommendation == Evaluation.Recommendation.AFTER_CAP
    (minor,) = first.findings.all()
    assert (minor.grade, minor.cap_accepted) == ("minor", False)

    accepted_plan_for(healthy, minor)
    second = evaluate(healthy, 2)
    assert second.recommendation == Evaluation.Recommendation.RECOMMENDED
    assert [f.cap_accepted for f in second.findings.all()] == [True]


def test_an_incomplete_accepted_plan_does_not_answer_a_minor(healthy, as_cli):
    one_minor_change_deviation(healthy)
    (minor,) = evaluate(healthy, 2).findings.all()
    nc = audits.raise_nonconformity_from_finding(minor)
    create_record(
        CorrectiveActionPlan,
        healthy.build.org,
        nonconformity=nc,
        correction="Fixed",
        status=CorrectiveActionPlan.Status.ACCEPTED,
    )
    assert evaluate(healthy, 2).recommendation == Evaluation.Recommendation.AFTER_CAP


def test_every_minor_needs_its_own_accepted_plan(healthy, as_cli):
    one_minor_change_deviation(healthy)
    courier = healthy.build.make(Supplier, name="Unreviewed courier")
    contract = healthy.build.make(
        Contract,
        supplier=courier,
        title="Courier services",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    agreement_services.record_supplier_measurement(
        courier,
        contract=contract,
        month=dt.date(2025, 3, 1),
        metric="on-time delivery",
        target="95",
        actual="97",
    )
    evaluation = evaluate(healthy, 2)
    supplier_minor, change_minor = sorted(evaluation.findings.all(), key=lambda f: f.clause)
    assert [(f.clause, f.grade) for f in (supplier_minor, change_minor)] == [
        ("8.3.4", "minor"),
        ("8.5.1", "minor"),
    ]

    accepted_plan_for(healthy, change_minor)
    assert evaluate(healthy, 2).recommendation == Evaluation.Recommendation.AFTER_CAP
    accepted_plan_for(healthy, supplier_minor)
    assert evaluate(healthy, 2).recommendation == Evaluation.Recommendation.RECOMMENDED


def test_a_major_closed_with_verification_no_longer_blocks(healthy, as_cli):
    audit = scoped(InternalAudit, healthy.build.org).get()
    update_record(audit, completed_on=BEFORE_PERIOD)
    (major,) = evaluate(healthy, 2).findings.all()
    nc = audits.raise_nonconformity_from_finding(major)
    with pytest.raises(Exception, match="verify"):
        audits.close_nonconformity(nc)
    assert evaluate(healthy, 2).recommendation == Evaluation.Recommendation.NOT_RECOMMENDED

    audits.close_nonconformity(nc, verified=True)
    evaluation = evaluate(healthy, 2)
    assert evaluation.recommendation == Evaluation.Recommendation.RECOMMENDED
    (still_reported,) = evaluation.findings.all()
    assert still_reported.grade == "major" and "closure verified" in still_reported.statement


def test_a_major_closed_without_verification_still_blocks(healthy, as_cli):
    update_record(scoped(InternalAudit, healthy.build.org).get(), completed_on=BEFORE_PERIOD)
    create_record(
        Nonconformity,
        healthy.build.org,
        title="No audit",
        source=Nonconformity.Source.ENGINE,
        grade=Nonconformity.Grade.MAJOR,
        finding_key="s2.internal-audit.completed",
        raised_on=IN_PERIOD,
        status=Nonconformity.Status.CLOSED,
        closed_on=IN_PERIOD,
    )
    assert evaluate(healthy, 2).recommendation == Evaluation.Recommendation.NOT_RECOMMENDED


def test_opportunities_do_not_affect_the_recommendation(healthy, as_cli):
    healthy.build.make(
        Change,
        title="Hotfix",
        service=healthy.payroll,
        change_type=Change.Type.EMERGENCY,
        requested_at=at(IN_PERIOD),
        actual_start=at(IN_PERIOD, 11),
        review_completed_at=at(IN_PERIOD, 15),
        risk_assessment="Payroll run at risk; the fix is one line and can be reverted.",
        assessed_at=at(IN_PERIOD),
    )
    hotfix = scoped(Change, healthy.build.org).get(title="Hotfix")
    update_record(hotfix, configuration_items=[healthy.payroll.configuration_items.first().pk])
    healthy.build.approve(hotfix, at(IN_PERIOD))
    evaluation = evaluate(healthy, 2)
    assert [f.grade for f in evaluation.findings.all()] == ["ofi"]
    assert evaluation.recommendation == Evaluation.Recommendation.RECOMMENDED


def test_a_perfect_document_set_without_operational_records_falls_at_stage_2(healthy, as_cli):
    org = healthy.build.org
    for model in (Incident, ServiceRequest, Problem, Change, SupplierReview):
        for record in scoped(model, org):
            delete_record(record)
    for target in scoped(SlaTarget, org):
        delete_record(target)
    delete_record(scoped(type(healthy.continuity_plan), org).get().tests.get())
    assert evaluate(healthy, 1).outcome == Evaluation.Outcome.READY
    stage2 = evaluate(healthy, 2)
    assert stage2.recommendation == Evaluation.Recommendation.NOT_RECOMMENDED
    majors = {f.clause for f in stage2.findings.all() if f.grade == "major"}
    assert majors == {"8.3.3", "8.3.4", "8.5.1", "8.6.1", "8.6.2", "8.6.3", "8.7.2"}
