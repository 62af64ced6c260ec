"""Stage 2 checks on operational control: changes, SLAs, suppliers, continuity, corrections."""

import datetime as dt

import pytest

from evident.agreements.models import SLA, SlaMeasurement, SlaTarget, Supplier, SupplierReview
from evident.assurance.models import ContinuityPlan, ContinuityTest
from evident.audits.models import CorrectiveAction, Nonconformity
from evident.core.services import delete_record
from evident.core.tenancy import scoped
from evident.governance.models import Risk
from evident.operations.models import Change

from .builders import (
    AUDIT_DATE,
    BEFORE_PERIOD,
    IN_PERIOD,
    PERIOD_MONTHS,
    Cases,
    at,
    found,
    healthy_fixtures,
)

cases = Cases(stage=2)
healthy_template, healthy = healthy_fixtures()


def approved_changes(h, count, **fields):
    """``count`` more non-standard changes, each approved before it started."""
    return [
        h.build.change(h.email, IN_PERIOD - dt.timedelta(days=i + 1), **fields)
        for i in range(count)
    ]


@cases("s2.change.uncontrolled-caused-incident")
def three_unapproved_changes_each_caused_an_incident(h):
    approved_changes(h, 5)
    changes = [h.build.change(h.payroll, approved=False) for _ in range(3)]
    incidents = [h.build.incident(h.payroll, caused_by_change=c) for c in changes]
    records = [*changes, *incidents]
    return [found("s2.change.uncontrolled-caused-incident", "8.5.1", "major", records=records)]


@cases("s2.change.uncontrolled-caused-incident")
def a_change_approved_only_after_it_started_is_uncontrolled(h):
    late = h.build.change(h.payroll, approved=False)
    h.build.approve(late, at(IN_PERIOD, 11))
    incident = h.build.incident(h.payroll, caused_by_change=late)
    key = "s2.change.uncontrolled-caused-incident"
    return [found(key, "8.5.1", "major", records=[late, incident])]


@cases("s2.change.uncontrolled-caused-incident", passes=True)
def an_approved_change_that_caused_an_incident_is_controlled(h):
    h.build.incident(h.email, caused_by_change=h.change)
    return []


@cases("s2.change.approved-before-start")
def one_change_of_eleven_started_before_its_approval(h):
    approved_changes(h, 9)
    early = h.build.change(h.payroll, approved=False)
    h.build.approve(early, at(IN_PERIOD, 11))
    return [found("s2.change.approved-before-start", "8.5.1", "minor", records=[early])]


@cases("s2.change.approved-before-start")
def exactly_ten_percent_is_still_an_isolated_lapse(h):
    approved_changes(h, 8)
    unapproved = h.build.change(h.payroll, approved=False)
    return [found("s2.change.approved-before-start", "8.5.1", "minor", records=[unapproved])]


@cases("s2.change.approved-before-start")
def more_than_ten_percent_is_a_systemic_lapse(h):
    approved_changes(h, 8)
    unapproved = [h.build.change(h.payroll, approved=False) for _ in range(2)]
    h.build.incident(h.payroll, caused_by_change=unapproved[0])
    return [found("s2.change.approved-before-start", "8.5.1", "major", records=unapproved)]


@cases("s2.change.approved-before-start", passes=True)
def an_isolated_deviation_that_caused_an_incident_is_reported_once(h):
    approved_changes(h, 20)
    unapproved = h.build.change(h.payroll, approved=False)
    h.build.incident(h.payroll, caused_by_change=unapproved)
    return []


@cases("s2.change.approved-before-start", passes=True)
def standard_changes_are_pre_authorised(h):
    h.build.change(h.payroll, approved=False, change_type=Change.Type.STANDARD)
    return []


@cases("s2.change.approved-before-start", passes=True)
def a_change_started_before_the_period_is_not_in_the_population(h):
    h.build.change(h.payroll, BEFORE_PERIOD, approved=False)
    return []


@cases("s2.change.reviewed")
def one_emergency_change_of_ten_was_not_reviewed(h):
    emergency = {"change_type": Change.Type.EMERGENCY}
    approved_changes(h, 9, review_completed_at=at(IN_PERIOD, 18), **emergency)
    unreviewed = h.build.change(h.payroll, **emergency)
    return [found("s2.change.reviewed", "8.5.1", "minor", records=[unreviewed])]


@cases("s2.change.reviewed")
def a_failed_change_without_review_is_a_systemic_lapse_when_it_is_the_only_one(h):
    failed = h.build.change(h.payroll, outcome=Change.Outcome.BACKED_OUT)
    return [found("s2.change.reviewed", "8.5.1", "major", records=[failed])]


@cases("s2.change.reviewed", passes=True)
def a_successful_normal_change_needs_no_review(h):
    return []


@cases("s2.change.emergency-share")
def emergencies_above_fifteen_percent_of_changes(h):
    approved_changes(h, 4)
    emergency = {"change_type": Change.Type.EMERGENCY, "review_completed_at": at(IN_PERIOD, 18)}
    urgent = [h.build.change(h.payroll, **emergency)]
    return [found("s2.change.emergency-share", "8.5.1", "ofi", records=urgent)]


@cases("s2.change.emergency-share", passes=True)
def emergencies_at_fifteen_percent_are_fine(h):
    approved_changes(h, 16)
    emergency = {"change_type": Change.Type.EMERGENCY, "review_completed_at": at(IN_PERIOD, 18)}
    for _ in range(3):  # 3 of 20
        h.build.change(h.payroll, **emergency)
    return []


def new_sla(h, agreed_on, months=()):
    sla = h.build.make(SLA, name="Payroll SLA", service=h.payroll, agreed_on=agreed_on)
    target = h.build.make(SlaTarget, sla=sla, metric="on-time runs", target_value=100)
    h.build.monthly_measurements(target, months)
    return sla, target


@cases("s2.sla.measured")
def an_agreed_sla_never_measured(h):
    sla, _ = new_sla(h, dt.date(2024, 1, 1))
    return [found(f"s2.sla.measured:{sla.ref}", "8.3.3", "major", records=[sla])]


@cases("s2.sla.measured", passes=True)
def an_sla_agreed_this_month_owes_no_measurement_yet(h):
    new_sla(h, dt.date(2025, 6, 10))
    h.build.make(SLA, name="Draft SLA", service=h.payroll, status=SLA.Status.DRAFT)
    return []


@cases("s2.sla.monthly")
def an_sla_with_two_months_missing(h):
    gone = {dt.date(2024, 9, 1), dt.date(2025, 1, 1)}
    months = scoped(SlaMeasurement, h.build.org).filter(month__in=gone, target__sla=h.sla)
    for measurement in months:
        delete_record(measurement)
    return [found(f"s2.sla.monthly:{h.sla.ref}", "8.3.3", "minor", records=[h.sla])]


@cases("s2.sla.monthly")
def a_month_is_complete_only_when_every_target_is_measured(h):
    second = h.build.make(SlaTarget, sla=h.sla, metric="response", target_value=4)
    h.build.monthly_measurements(second, PERIOD_MONTHS[1:])
    return [found(f"s2.sla.monthly:{h.sla.ref}", "8.3.3", "minor", records=[h.sla])]


@cases("s2.sla.monthly", passes=True)
def months_before_the_agreement_are_not_required(h):
    new_sla(h, dt.date(2025, 1, 15), [dt.date(2025, m, 1) for m in range(2, 6)])
    return []


@cases("s2.supplier.reviewed")
def an_active_supplier_with_no_review_in_the_period(h):
    idle = h.build.make(Supplier, name="Print partner")
    h.build.make(SupplierReview, supplier=idle, reviewed_on=BEFORE_PERIOD)
    h.build.make(Supplier, name="Old partner", status=Supplier.Status.INACTIVE)
    return [found("s2.supplier.reviewed", "8.3.4", "minor", records=[idle])]


@cases("s2.continuity.tested")
def an_approved_plan_last_tested_before_the_period(h):
    plan = h.build.make(ContinuityPlan, title="Payroll DR", status=ContinuityPlan.Status.APPROVED)
    h.build.make(ContinuityTest, plan=plan, tested_on=BEFORE_PERIOD, result="passed")
    h.build.make(ContinuityPlan, title="Draft plan")
    return [found("s2.continuity.tested", "8.7.2", "minor", records=[plan])]


def corrective_action(h, **fields):
    nc = h.build.make(
        Nonconformity, title="Gap", source=Nonconformity.Source.INTERNAL_AUDIT, raised_on=IN_PERIOD
    )
    return h.build.make(CorrectiveAction, nonconformity=nc, description="Fix", **fields)


@cases("s2.corrective-action.overdue")
def a_corrective_action_ninety_days_overdue(h):
    late = corrective_action(h, due_date=AUDIT_DATE - dt.timedelta(days=90))
    corrective_action(h, due_date=AUDIT_DATE - dt.timedelta(days=30))
    return [found("s2.corrective-action.overdue", "10.1", "minor", records=[late])]


@cases("s2.corrective-action.effectiveness")
def a_corrective_action_closed_without_an_effectiveness_check(h):
    unchecked = corrective_action(h, due_date=IN_PERIOD, closed_on=IN_PERIOD)
    return [found("s2.corrective-action.effectiveness", "10.1", "minor", records=[unchecked])]


@cases("s2.risk.review-overdue")
def an_open_risk_past_its_review_date(h):
    stale = h.build.make(
        Risk, title="Stale", owner=h.ceo, treatment="Watch", review_due=AUDIT_DATE - dt.timedelta(1)
    )
    h.build.make(Risk, title="Closed", review_due=BEFORE_PERIOD, status=Risk.Status.CLOSED)
    return [found("s2.risk.review-overdue", "6.1", "ofi", records=[stale])]


@pytest.mark.parametrize("case", cases.params())
def test_stage2_check(healthy, case):
    cases.run(healthy, case)
