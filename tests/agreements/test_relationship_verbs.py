"""The verbs of customers, SLA reviews, suppliers and supply: what each records and refuses."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evident.agreements import services
from evident.agreements.models import (
    SLA,
    CapacityPlan,
    Complaint,
    Contract,
    Customer,
    RelationshipReview,
    SlaMeasurement,
    SlaTarget,
    Supplier,
    SupplierMeasurement,
)
from evident.audits.complaints import raise_complaint_as_nonconformity
from evident.audits.models import Nonconformity
from evident.catalogue.models import Service
from evident.core.models import HistoryEntry
from evident.core.services import create_record
from evident.core.tenancy import scoped

DAY = dt.date(2025, 3, 3)


@pytest.fixture
def customer(org, as_cli):
    return create_record(Customer, org, name="Retail division")


@pytest.fixture
def supplier(org, as_cli):
    return create_record(Supplier, org, name="Hosting Ltd")


@pytest.fixture
def contract(org, supplier):
    service = create_record(Service, org, name="E-mail")
    return create_record(
        Contract,
        org,
        supplier=supplier,
        title="Hosting",
        services=[service.pk],
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        value=Decimal("90000"),
        currency="EUR",
        targets="99.9 % a month",
    )


# Complaints


def test_a_complaint_is_recorded_open_with_the_day_a_resolution_is_promised(customer):
    complaint = services.record_complaint(customer, summary="Slow", received_on=DAY)
    assert complaint.status == Complaint.Status.OPEN
    assert complaint.respond_by == DAY + dt.timedelta(
        days=services.customers.COMPLAINT_RESPONSE_DAYS
    )
    shorter = services.record_complaint(
        customer, summary="Down", received_on=DAY, respond_within_days=5
    )
    assert shorter.respond_by == dt.date(2025, 3, 8)


def test_resolving_a_complaint_needs_a_resolution_and_happens_once(customer):
    complaint = services.record_complaint(customer, summary="Slow", received_on=DAY)
    with pytest.raises(ValidationError) as error:
        services.resolve_complaint(complaint, resolution=" ", resolved_on=DAY)
    assert "resolution" in error.value.message_dict
    services.resolve_complaint(complaint, resolution="Tuned the relay", resolved_on=DAY)
    assert (complaint.status, complaint.resolved_on) == (Complaint.Status.RESOLVED, DAY)
    with pytest.raises(ValidationError, match="already resolved"):
        services.resolve_complaint(complaint, resolution="Again", resolved_on=DAY)


def test_a_complaint_cannot_be_resolved_before_it_was_received(customer):
    complaint = services.record_complaint(customer, summary="Slow", received_on=DAY)
    with pytest.raises(ValidationError) as error:
        services.resolve_complaint(complaint, resolution="x", resolved_on=dt.date(2025, 3, 1))
    assert "resolved_on" in error.value.message_dict


def test_a_complaint_raised_as_a_nonconformity_names_it_and_cannot_be_raised_twice(org, customer):
    complaint = services.record_complaint(customer, summary="Payslips wrong", received_on=DAY)
    nc = raise_complaint_as_nonconformity(complaint, raised_on=DAY)
    assert (nc.source, nc.clause, nc.status) == ("complaint", "8.3.2", "open")
    assert complaint.ref in nc.title
    complaint.refresh_from_db()
    assert complaint.nonconformity_ref == nc.ref
    with pytest.raises(ValidationError, match=nc.ref):
        raise_complaint_as_nonconformity(complaint, raised_on=DAY)
    assert scoped(Nonconformity, org).count() == 1


# Relationship reviews


def test_holding_a_review_completes_the_planned_one_rather_than_adding_another(org, customer):
    planned = create_record(
        RelationshipReview, org, customer=customer, status="planned", planned_on=DAY
    )
    held = services.hold_relationship_review(customer, held_on=DAY, outcomes="Renewal agreed")
    assert held.pk == planned.pk and held.status == RelationshipReview.Status.HELD
    again = services.hold_relationship_review(customer, held_on=dt.date(2025, 6, 3))
    assert again.pk != planned.pk
    assert scoped(RelationshipReview, org).filter(status="held").count() == 2


# SLA reviews and breaches


@pytest.fixture
def target(org, as_cli):
    sla = create_record(SLA, org, name="Mail SLA", service=create_record(Service, org, name="Mail"))
    return create_record(SlaTarget, org, sla=sla, metric="availability", target_value=99.5)


def measure(org, target, month, met):
    value = Decimal("99.9") if met else Decimal("98.0")
    return create_record(SlaMeasurement, org, target=target, month=month, value=value, met=met)


def test_a_review_covers_the_breaches_of_months_before_it_that_no_review_named(org, target):
    january = measure(org, target, dt.date(2025, 1, 1), met=False)
    measure(org, target, dt.date(2025, 2, 1), met=True)
    march = measure(org, target, dt.date(2025, 3, 1), met=False)
    first = services.review_sla(target.sla, reviewed_on=dt.date(2025, 2, 10))
    assert list(first.breaches_reviewed.all()) == [january]
    assert list(services.unreviewed_breaches(target.sla, dt.date(2025, 4, 10))) == [march]
    second = services.review_sla(target.sla, reviewed_on=dt.date(2025, 4, 10))
    assert list(second.breaches_reviewed.all()) == [march]


def test_a_review_cannot_name_a_met_month_or_another_slas_breach(org, target):
    met = measure(org, target, dt.date(2025, 1, 1), met=True)
    other = create_record(SLA, org, name="Other", service=target.sla.service)
    with pytest.raises(ValidationError) as error:
        services.review_sla(other, reviewed_on=DAY, breaches=[met])
    assert "breaches_reviewed" in error.value.message_dict


# Contracts and supplier results


def test_renewing_a_contract_starts_a_new_one_the_day_after_and_marks_the_old_renewed(contract):
    renewal = services.renew_contract(contract, ends_on=dt.date(2027, 12, 31))
    contract.refresh_from_db()
    assert contract.status == Contract.Status.RENEWED
    assert (renewal.starts_on, renewal.ends_on) == (dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    assert renewal.status == Contract.Status.ACTIVE
    assert (renewal.supplier, renewal.targets, renewal.value) == (
        contract.supplier,
        contract.targets,
        contract.value,
    )
    assert list(renewal.services.all()) == list(contract.services.all())
    with pytest.raises(ValidationError, match="cannot be renewed"):
        services.renew_contract(contract, ends_on=dt.date(2028, 1, 1))


def test_contracts_in_force_are_active_and_cover_the_day(org, contract):
    assert list(services.contracts_in_force(org, dt.date(2025, 6, 1))) == [contract]
    assert list(services.contracts_in_force(org, dt.date(2026, 1, 1))) == []


def test_a_supplier_result_is_judged_against_its_target_and_corrected_in_place(
    org, supplier, contract
):
    month = dt.date(2025, 2, 1)
    result = services.record_supplier_measurement(
        supplier, contract=contract, month=month, metric="availability", target=99.9, actual=99.8
    )
    assert result.met is False
    corrected = services.record_supplier_measurement(
        supplier, contract=contract, month=month, metric="availability", target=99.9, actual=99.95
    )
    assert corrected.pk == result.pk and corrected.met is True
    assert scoped(SupplierMeasurement, org).count() == 1
    fast = services.record_supplier_measurement(
        supplier, month=month, metric="hours to respond", target=4, actual=3, direction="at_most"
    )
    assert fast.met is True
    updates = HistoryEntry.objects.filter(model="agreements.suppliermeasurement", action="update")
    assert updates.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"month": dt.date(2025, 2, 3)}, "month"), ({"actual": "lots"}, "actual")],
)
def test_a_supplier_result_for_a_day_or_of_no_number_is_refused(supplier, changes, field):
    fields = {"month": dt.date(2025, 2, 1), "metric": "availability", "target": 99, "actual": 99}
    with pytest.raises(ValidationError) as error:
        services.record_supplier_measurement(supplier, **{**fields, **changes})
    assert field in error.value.message_dict


def test_a_result_cannot_be_recorded_against_another_suppliers_contract(org, contract):
    other = create_record(Supplier, org, name="Other")
    with pytest.raises(ValidationError) as error:
        services.record_supplier_measurement(
            other, contract=contract, month=dt.date(2025, 2, 1), metric="m", target=1, actual=1
        )
    assert "contract" in error.value.message_dict


# Budgets and capacity


@pytest.fixture
def plan(org, as_cli):
    return create_record(
        CapacityPlan,
        org,
        resource="Primary data centre",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        metric="rack units",
        current_capacity=40,
        planned_capacity=48,
        warning_threshold=80,
    )


def test_a_capacity_review_at_the_warning_threshold_must_say_what_is_done(plan):
    with pytest.raises(ValidationError) as error:
        services.review_capacity(plan, reviewed_on=DAY, utilisation_percent=80)
    assert "actions" in error.value.message_dict
    review = services.review_capacity(
        plan, reviewed_on=DAY, utilisation_percent=80, actions="Two racks ordered"
    )
    assert review.utilisation_percent == Decimal("80")
    assert services.review_capacity(plan, reviewed_on=DAY, utilisation_percent="79.9").pk


def test_approving_a_capacity_plan_records_who_and_when(org, plan):
    approver = create_record(type(plan).approved_by.field.related_model, org, name="Ada Chief")
    services.approve_capacity_plan(plan, approver=approver, approved_on=DAY)
    plan.refresh_from_db()
    assert (plan.approved_by, plan.approved_on) == (approver, DAY)


def test_a_capacity_plan_names_a_service_or_a_resource_and_keeps_its_thresholds_in_order(org):
    fields = {
        "period_start": dt.date(2025, 1, 1),
        "period_end": dt.date(2025, 12, 31),
        "metric": "vCPU",
        "current_capacity": 1,
        "planned_capacity": 2,
    }
    with pytest.raises(ValidationError) as error:
        create_record(CapacityPlan, org, **fields)
    assert "resource" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create_record(
            CapacityPlan, org, resource="x", warning_threshold=90, critical_threshold=85, **fields
        )
    assert "critical_threshold" in error.value.message_dict


def test_actual_cost_is_recorded_up_to_a_day_inside_the_budget_period(org, as_cli):
    from evident.agreements.models import Budget

    budget = create_record(
        Budget,
        org,
        service=create_record(Service, org, name="Mail"),
        period_label="FY2025",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        planned_amount=1000,
    )
    services.record_actual_cost(budget, amount="250.50", as_of=dt.date(2025, 3, 31))
    assert (budget.actual_cost, budget.actual_as_of) == (Decimal("250.50"), dt.date(2025, 3, 31))
    with pytest.raises(ValidationError):
        services.record_actual_cost(budget, amount=1, as_of=dt.date(2024, 12, 31))
