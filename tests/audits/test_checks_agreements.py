"""Checks of clauses 8.3 and 8.4: customers, complaints, SLA breaches, supplier agreements,
budgets, demand forecasts and capacity.

Each case starts from the healthy organisation with its agreements and supply records
(``agreement_records``), breaks or bends one thing, and says what the named check finds.
"""

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from evident.agreements import services as agreements
from evident.agreements.models import (
    SLA,
    Budget,
    CapacityReview,
    Complaint,
    Contract,
    Customer,
    DemandForecast,
    RelationshipReview,
    SatisfactionSurvey,
    SlaMeasurement,
    SlaReview,
    Supplier,
    SupplierMeasurement,
)
from evident.core.models import Organisation
from evident.core.services import bulk_delete_records, create_record, update_record
from evident.core.tenancy import scoped
from evident.operations.models import Problem

from .builders import AUDIT_DATE, BEFORE_PERIOD, IN_PERIOD, Cases, at, findings, found, healthy_org

AOC = "area_of_concern"
stage1 = Cases(stage=1)
stage2 = Cases(stage=2)


@pytest.fixture(scope="module")
def healthy_template(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        org = Organisation.objects.create(slug="healthy", name="Healthy Hosting")
        h = healthy_org(org)  # 8.3 and 8.4 records included
        yield h
        transaction.set_rollback(True)


@pytest.fixture
def healthy(healthy_template, db):
    return copy.deepcopy(healthy_template)


def ours(stage):
    return {case.check_id for case in stage.cases}


def remove(h, model, **where):
    bulk_delete_records(scoped(model, h.build.org).filter(**where))


def test_the_healthy_organisation_raises_no_concern_and_no_finding_here(healthy):
    assert [f for f in findings(healthy.build.org, 1) if f.check_id in ours(stage1)] == []
    assert [f for f in findings(healthy.build.org, 2) if f.check_id in ours(stage2)] == []


# Stage 1: 8.3 -----------------------------------------------------------------------


@stage1("s1.customers.identified")
def no_customer_on_record(h):
    remove(h, Complaint)
    remove(h, Customer)
    return [found("s1.customers.identified", "8.3.1", AOC, "medium", [h.email, h.payroll])]


@stage1("s1.customers.identified")
def a_live_service_no_customer_receives(h):
    update_record(h.agreements.customer, services=[h.email.pk])
    return [found("s1.customers.identified", "8.3.1", AOC, "low", [h.payroll])]


@stage1("s1.customers.identified", passes=True)
def a_pipeline_service_needs_no_customer_yet(h):
    h.build.service("Data platform", status="pipeline", catalogued=False)
    return []


@stage1("s1.relationship.reviews-arranged")
def a_customer_with_no_review_held_or_planned(h):
    remove(h, RelationshipReview)
    customer = h.agreements.customer
    return [found("s1.relationship.reviews-arranged", "8.3.2", AOC, "low", [customer])]


@stage1("s1.relationship.reviews-arranged", passes=True)
def a_former_customer_needs_no_review(h):
    remove(h, RelationshipReview)
    update_record(h.agreements.customer, status=Customer.Status.FORMER)
    create_record(Customer, h.build.org, name="Staff", services=[h.email.pk, h.payroll.pk])
    staff = scoped(Customer, h.build.org).get(name="Staff")
    agreements.hold_relationship_review(staff, held_on=IN_PERIOD)
    return []


@stage1("s1.sla.agreed")
def a_service_in_scope_whose_sla_is_only_a_draft(h):
    update_record(h.agreements.payroll_sla, status=SLA.Status.DRAFT)
    return [found("s1.sla.agreed", "8.3.3", AOC, "medium", [h.payroll])]


@stage1("s1.sla.agreed", passes=True)
def a_live_service_outside_the_scope_needs_no_sla_here(h):
    h.build.service("Canteen booking")
    return []


@stage1("s1.supplier.agreement")
def the_external_suppliers_contract_has_ended(h):
    update_record(h.agreements.contract, ends_on=dt.date(2025, 5, 31))
    return [found("s1.supplier.agreement:8.3.4.1", "8.3.4.1", AOC, "medium", [h.supplier])]


@stage1("s1.supplier.agreement")
def an_internal_supplier_without_an_operational_level_agreement(h):
    facilities = create_record(Supplier, h.build.org, name="Facilities", supplier_type="internal")
    return [found("s1.supplier.agreement:8.3.4.2", "8.3.4.2", AOC, "low", [facilities])]


@stage1("s1.supplier.agreement", passes=True)
def an_inactive_supplier_needs_no_contract(h):
    create_record(Supplier, h.build.org, name="Old host", status=Supplier.Status.INACTIVE)
    return []


@stage1("s1.supplier.agreement", passes=True)
def an_open_ended_agreement_is_in_force(h):
    update_record(h.agreements.contract, ends_on=None)
    return []


# Stage 1: 8.4 -----------------------------------------------------------------------


@stage1("s1.budget.services")
def a_live_service_without_a_budget_for_this_year(h):
    update_record(
        h.agreements.budgets["Payroll"],
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        period_label="FY2024",
    )
    return [found("s1.budget.services", "8.4.1", AOC, "medium", [h.payroll])]


@stage1("s1.demand.forecast")
def a_live_service_without_any_demand_forecast(h):
    remove(h, DemandForecast, service=h.payroll)
    return [found("s1.demand.forecast", "8.4.2", AOC, "low", [h.payroll])]


@stage1("s1.capacity.plan")
def a_capacity_plan_never_approved(h):
    update_record(h.agreements.plans["Email"], approved_on=None, approved_by=None)
    return [found("s1.capacity.plan", "8.4.3", AOC, "medium", [h.email])]


@stage1("s1.capacity.plan", passes=True)
def a_resource_plan_as_well_as_the_service_plans(h):
    create_record(
        type(h.agreements.plans["Email"]),
        h.build.org,
        resource="Service desk team",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        metric="analysts",
        current_capacity=8,
        planned_capacity=9,
    )
    return []


# Stage 2: 8.3 -----------------------------------------------------------------------


@stage2("s2.customers.known")
def a_service_delivered_to_no_known_customer(h):
    update_record(h.agreements.customer, services=[h.email.pk])
    problem = scoped(Problem, h.build.org).get(service=h.payroll)
    assert problem.opened_at >= at(dt.date(2024, 6, 30))
    return [found("s2.customers.known", "8.3.1", "minor", records=[h.payroll])]


@stage2("s2.relationship.reviewed")
def the_only_review_held_was_before_the_period(h):
    review = scoped(RelationshipReview, h.build.org).get(status="held")
    update_record(review, held_on=BEFORE_PERIOD)
    customer = h.agreements.customer
    return [found("s2.relationship.reviewed", "8.3.2", "minor", records=[customer])]


@stage2("s2.satisfaction.measured")
def no_satisfaction_survey_in_the_period(h):
    remove(h, SatisfactionSurvey)
    customer = h.agreements.customer
    return [found("s2.satisfaction.measured", "8.3.2", "minor", records=[customer])]


def late_complaint(h, received=IN_PERIOD):
    return agreements.record_complaint(
        h.agreements.customer, summary="Payslips wrong", received_on=received
    )


@stage2("s2.complaints.handled")
def one_of_two_complaints_still_open_past_its_day_is_systemic(h):
    late = late_complaint(h)
    return [found("s2.complaints.handled", "8.3.2", "major", records=[late])]


@stage2("s2.complaints.handled")
def one_late_complaint_among_eleven_is_isolated(h):
    for day in range(9):
        complaint = agreements.record_complaint(
            h.agreements.customer, summary="Slow", received_on=dt.date(2025, 1, 1 + day)
        )
        agreements.resolve_complaint(
            complaint, resolution="Fixed", resolved_on=dt.date(2025, 1, 15)
        )
    late = late_complaint(h, dt.date(2025, 1, 10))
    agreements.resolve_complaint(late, resolution="Fixed", resolved_on=dt.date(2025, 3, 1))
    return [found("s2.complaints.handled", "8.3.2", "minor", records=[late])]


@stage2("s2.complaints.handled", passes=True)
def an_open_complaint_not_yet_due_is_no_lapse(h):
    late_complaint(h, AUDIT_DATE - dt.timedelta(days=3))
    return []


@stage2("s2.complaints.handled", passes=True)
def a_withdrawn_complaint_is_not_judged(h):
    complaint = late_complaint(h)
    update_record(complaint, status=Complaint.Status.WITHDRAWN)
    return []


def breach(h, month=dt.date(2024, 10, 1)):
    measurement = scoped(SlaMeasurement, h.build.org).get(target=h.target, month=month)
    return update_record(measurement, value=Decimal("98.000"), met=False)


@stage2("s2.sla.breaches-reviewed")
def a_missed_target_never_reviewed(h):
    missed = breach(h)
    return [found("s2.sla.breaches-reviewed", "8.3.3", "minor", records=[missed])]


@stage2("s2.sla.breaches-reviewed")
def a_later_review_that_names_other_breaches_only(h):
    missed, other = breach(h), breach(h, dt.date(2024, 9, 1))
    agreements.review_sla(h.sla, reviewed_on=dt.date(2024, 12, 5), breaches=[other])
    return [found("s2.sla.breaches-reviewed", "8.3.3", "minor", records=[missed])]


@stage2("s2.sla.breaches-reviewed", passes=True)
def a_review_naming_the_breach(h):
    agreements.review_sla(h.sla, reviewed_on=dt.date(2024, 11, 20), breaches=[breach(h)])
    return []


@stage2("s2.sla.breaches-reviewed", passes=True)
def a_later_review_naming_no_breach_covers_them_all(h):
    breach(h)
    create_record(SlaReview, h.build.org, sla=h.sla, reviewed_on=dt.date(2024, 12, 1))
    return []


@stage2("s2.sla.breaches-reviewed", passes=True)
def a_breach_of_last_month_is_not_yet_due_for_review(h):
    breach(h, dt.date(2025, 5, 1))
    return []


@stage2("s2.supplier.contract-current")
def the_contract_expired_while_the_supplier_is_still_active(h):
    update_record(h.agreements.contract, ends_on=dt.date(2025, 5, 31))
    return [found("s2.supplier.contract-current", "8.3.4.1", "minor", records=[h.supplier])]


@stage2("s2.supplier.contract-current", passes=True)
def a_renewed_contract_is_in_force(h):
    update_record(h.agreements.contract, ends_on=dt.date(2025, 5, 31))
    agreements.renew_contract(h.agreements.contract, ends_on=dt.date(2027, 5, 31))
    return []


@stage2("s2.supplier.measured")
def no_supplier_result_recorded_in_the_period(h):
    remove(h, SupplierMeasurement)
    return [found("s2.supplier.measured", "8.3.4", "minor", records=[h.supplier])]


@stage2("s2.supplier.measured", passes=True)
def a_supplier_whose_only_contract_is_a_draft_is_not_yet_measured(h):
    create_record(
        Contract,
        h.build.org,
        supplier=create_record(Supplier, h.build.org, name="New host", status="active"),
        title="Draft",
        starts_on=IN_PERIOD,
        status=Contract.Status.DRAFT,
    )
    return []


# Stage 2: 8.4 -----------------------------------------------------------------------


@stage2("s2.budget.actuals")
def actual_costs_never_recorded(h):
    budget = update_record(h.agreements.budgets["Email"], actual_cost=None, actual_as_of=None)
    return [found("s2.budget.actuals", "8.4.1", "minor", records=[budget])]


@stage2("s2.budget.actuals")
def actual_costs_counted_only_to_january(h):
    budget = update_record(h.agreements.budgets["Email"], actual_as_of=dt.date(2025, 1, 31))
    return [found("s2.budget.actuals", "8.4.1", "minor", records=[budget])]


@stage2("s2.budget.actuals", passes=True)
def a_budget_that_started_last_month_needs_no_actuals_yet(h):
    create_record(
        Budget,
        h.build.org,
        service=h.email,
        period_label="Project",
        period_start=dt.date(2025, 6, 1),
        period_end=dt.date(2025, 12, 31),
        planned_amount=5000,
    )
    return []


@stage2("s2.demand.forecast-current")
def the_last_forecast_was_prepared_before_the_period(h):
    update_record(h.agreements.forecasts["Payroll"], prepared_on=BEFORE_PERIOD)
    return [found("s2.demand.forecast-current", "8.4.2", "minor", records=[h.payroll])]


@stage2("s2.capacity.reviewed")
def a_capacity_plan_never_reviewed(h):
    remove(h, CapacityReview, plan=h.agreements.plans["Payroll"])
    plan = h.agreements.plans["Payroll"]
    return [found("s2.capacity.reviewed", "8.4.3", "minor", records=[plan])]


@pytest.mark.parametrize("case", stage1.params())
def test_stage1_check(healthy, case):
    stage1.run(healthy, case)


@pytest.mark.parametrize("case", stage2.params())
def test_stage2_check(healthy, case):
    stage2.run(healthy, case)


def test_every_check_of_8_3_and_8_4_has_a_case_in_which_it_finds_something():
    from evident.audits.engine import all_checks

    mine = {c.id for c in all_checks() if c.run.__module__.rpartition(".")[2] in MODULES}
    assert mine == stage1.failing_checks() | stage2.failing_checks()


# The check modules specified here.
MODULES = {"agreements", "suppliers", "supply"}
