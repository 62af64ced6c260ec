"""Checks of clauses 8.3.4.1, 8.3.4.2, 8.6.2, 8.6.3 and 8.7.3.1-8.7.3.3: what supplier
agreements say, internal suppliers measured monthly, fulfilment targets, known errors
shared, the security policy made known, security controls owned, and the procedure for
security incidents.

Each case starts from the healthy organisation (with ``supply_security_records``),
breaks or bends one thing, and says what the named check finds.
"""

import copy
import datetime as dt

import pytest

from evident.agreements.models import Contract, Supplier, SupplierMeasurement
from evident.assurance.models import SecurityControl
from evident.core.context import acting
from evident.core.services import bulk_delete_records, create_record, delete_record, update_record
from evident.core.tenancy import scoped
from evident.operations.models import Problem, ServiceRequest
from evident.operations.resolution_services import publish_known_error
from evident.support.models import (
    Acknowledgement,
    Communication,
    Document,
    DocumentVersion,
    KnowledgeArticle,
)

from .builders import IN_PERIOD, Cases, at, findings, found, healthy_fixtures
from .supply_security_records import add_internal_supplier

AOC = "area_of_concern"
stage1 = Cases(stage=1)
stage2 = Cases(stage=2)
healthy_template, _ = healthy_fixtures()


@pytest.fixture
def as_builder():
    with acting(source="cli", actor_name="test-builder"):
        yield


@pytest.fixture
def healthy(healthy_template, db, as_builder):
    return copy.deepcopy(healthy_template)


def test_the_healthy_organisation_raises_no_concern_and_no_finding_here(healthy):
    ours = {case.check_id for case in stage1.cases + stage2.cases}
    assert [f for f in findings(healthy.build.org, 1) if f.check_id in ours] == []
    assert [f for f in findings(healthy.build.org, 2) if f.check_id in ours] == []


def security_policy_version(h):
    return scoped(DocumentVersion, h.build.org).get(document=h.security_policy)


# Stage 1: 8.3.4.1 and 8.3.4.2 -----------------------------------------------------------


@stage1("s1.supplier.contract-terms")
def a_contract_without_targets(h):
    update_record(h.agreements.contract, targets="")
    return [found("s1.supplier.contract-terms", "8.3.4.1", AOC, "low", [h.agreements.contract])]


@stage1("s1.supplier.contract-terms")
def a_contract_no_one_owns(h):
    update_record(h.agreements.contract, owner=None)
    return [found("s1.supplier.contract-terms", "8.3.4.1", AOC, "low", [h.agreements.contract])]


@stage1("s1.supplier.contract-terms", passes=True)
def the_suppliers_manager_owns_a_contract_with_no_owner_of_its_own(h):
    update_record(h.agreements.contract, owner=None)
    update_record(h.supplier, manager=h.staff[1])
    return []


@stage1("s1.supplier.contract-terms", passes=True)
def an_incomplete_internal_agreement_is_not_an_external_contract(h):
    update_record(add_internal_supplier(h).ola, targets="")
    return []


@stage1("s1.supplier.contract-terms", passes=True)
def an_ended_contract_is_not_judged_here(h):
    update_record(h.agreements.contract, targets="", ends_on=dt.date(2025, 1, 31))
    return []


@stage1("s1.supplier.internal-agreement-terms")
def an_ola_naming_no_service(h):
    ola = add_internal_supplier(h).ola
    update_record(ola, services=[])
    return [found("s1.supplier.internal-agreement-terms", "8.3.4.2", AOC, "low", [ola])]


@stage1("s1.supplier.internal-agreement-terms")
def an_agreement_with_a_customer_acting_as_supplier_without_targets(h):
    customer = create_record(
        Supplier, h.build.org, name="Group print room", supplier_type=Supplier.Type.CUSTOMER
    )
    agreement = create_record(
        Contract,
        h.build.org,
        supplier=customer,
        title="Print room agreement",
        kind=Contract.Kind.AGREEMENT,
        services=[h.email.pk],
        starts_on=dt.date(2024, 1, 1),
        owner=h.staff[0],
    )
    return [found("s1.supplier.internal-agreement-terms", "8.3.4.2", AOC, "low", [agreement])]


# Stage 1: 8.6.2 and 8.6.3 ----------------------------------------------------------------


@stage1("s1.request.fulfilment-agreed")
def the_sla_of_a_service_taking_requests_sets_no_fulfilment_target(h):
    delete_record(h.supply_security.fulfilment)
    return [found("s1.request.fulfilment-agreed", "8.6.2", AOC, "low", [h.email])]


@stage1("s1.request.fulfilment-agreed")
def the_fulfilment_target_has_ended(h):
    update_record(h.supply_security.fulfilment, effective_to=dt.date(2025, 3, 31))
    return [found("s1.request.fulfilment-agreed", "8.6.2", AOC, "low", [h.email])]


@stage1("s1.request.fulfilment-agreed")
def requests_begin_on_a_service_whose_sla_speaks_only_of_runs(h):
    create_record(
        ServiceRequest,
        h.build.org,
        title="Payslip copy",
        service=h.payroll,
        opened_at=at(IN_PERIOD),
    )
    return [found("s1.request.fulfilment-agreed", "8.6.2", AOC, "low", [h.payroll])]


@stage1("s1.request.fulfilment-agreed", passes=True)
def a_service_with_no_request_in_the_period_needs_no_fulfilment_target(h):
    bulk_delete_records(scoped(ServiceRequest, h.build.org))
    delete_record(h.supply_security.fulfilment)
    return []


def known_error(h):
    problem = scoped(Problem, h.build.org).get()
    return publish_known_error(problem, "Route mail through the spare relay", at(IN_PERIOD, 12))


@stage1("s1.problem.known-errors-shared")
def a_known_error_the_desk_cannot_find(h):
    problem = known_error(h)
    return [found("s1.problem.known-errors-shared", "8.6.3", AOC, "low", [problem])]


@stage1("s1.problem.known-errors-shared")
def a_known_error_explained_only_in_a_draft_article(h):
    problem = known_error(h)
    create_record(
        KnowledgeArticle, h.build.org, title="Relay overload", body="...", problem=problem
    )
    return [found("s1.problem.known-errors-shared", "8.6.3", AOC, "low", [problem])]


@stage1("s1.problem.known-errors-shared", passes=True)
def a_known_error_published_as_an_article(h):
    problem = known_error(h)
    create_record(
        KnowledgeArticle,
        h.build.org,
        title="Relay overload: use the spare relay",
        body="Route mail through the spare relay until the fix is released.",
        problem=problem,
        status=KnowledgeArticle.Status.PUBLISHED,
        reviewed_on=IN_PERIOD,
    )
    return []


# Stage 1: 8.7.3.2 and 8.7.3.3 ------------------------------------------------------------


@stage1("s1.security.controls-owned")
def a_control_no_one_owns(h):
    update_record(h.control, owner=None)
    return [found("s1.security.controls-owned:owner", "8.7.3.2", AOC, "low", [h.control])]


@stage1("s1.security.controls-owned")
def every_control_is_still_planned(h):
    planned = create_record(
        SecurityControl, h.build.org, name="Disk encryption", control_area="technological"
    )
    update_record(h.control, status=SecurityControl.Status.PLANNED)
    return [
        found(
            "s1.security.controls-owned:implemented",
            "8.7.3.2",
            AOC,
            "medium",
            sorted([h.control, planned], key=lambda c: c.ref),
        ),
        found("s1.security.controls-owned:owner", "8.7.3.2", AOC, "low", [planned]),
    ]


@stage1("s1.security.controls-owned", passes=True)
def a_planned_control_beside_implemented_ones(h):
    create_record(
        SecurityControl,
        h.build.org,
        name="Disk encryption",
        control_area="technological",
        owner=h.staff[1],
    )
    return []


@stage1("s1.security.incident-procedure")
def no_procedure_for_security_incidents(h):
    delete_record(h.supply_security.incident_procedure)
    return [found("s1.security.incident-procedure", "8.7.3.3", AOC, "medium")]


@stage1("s1.security.incident-procedure")
def the_security_incident_procedure_is_only_a_draft(h):
    procedure = h.supply_security.incident_procedure
    for version in scoped(DocumentVersion, h.build.org).filter(document=procedure):
        update_record(version, status=DocumentVersion.Status.DRAFT, approved_at=None)
    return [found("s1.security.incident-procedure", "8.7.3.3", AOC, "medium", [procedure])]


@stage1("s1.security.incident-procedure")
def the_security_policy_is_not_a_procedure(h):
    delete_record(h.supply_security.incident_procedure)
    update_record(h.security_policy, clauses="8.7.3,8.7.3.3")
    return [found("s1.security.incident-procedure", "8.7.3.3", AOC, "medium")]


@stage1("s1.security.incident-procedure", passes=True)
def a_procedure_serving_all_of_information_security(h):
    update_record(h.supply_security.incident_procedure, clauses="8.6.1, 8.7.3")
    return []


# Stage 2 ---------------------------------------------------------------------------------


@stage2("s2.supplier.internal-monitored")
def an_internal_supplier_left_unmeasured_for_a_month(h):
    internal = add_internal_supplier(h).supplier
    bulk_delete_records(
        scoped(SupplierMeasurement, h.build.org).filter(
            supplier=internal, month=dt.date(2024, 11, 1)
        )
    )
    return [found("s2.supplier.internal-monitored", "8.3.4.2", "minor", records=[internal])]


@stage2("s2.supplier.internal-monitored", passes=True)
def months_before_the_agreement_began_need_no_result(h):
    internal = add_internal_supplier(h)
    update_record(internal.ola, starts_on=dt.date(2025, 1, 1))
    bulk_delete_records(
        scoped(SupplierMeasurement, h.build.org).filter(
            supplier=internal.supplier, month__lt=dt.date(2025, 1, 1)
        )
    )
    return []


@stage2("s2.supplier.internal-monitored", passes=True)
def an_internal_supplier_measured_every_month(h):
    add_internal_supplier(h)
    return []


@stage2("s2.supplier.internal-monitored", passes=True)
def an_external_supplier_is_not_judged_here(h):
    bulk_delete_records(
        scoped(SupplierMeasurement, h.build.org).filter(
            supplier=h.supplier, month=dt.date(2024, 11, 1)
        )
    )
    return []


def security_acknowledgements(h):
    return scoped(Acknowledgement, h.build.org).filter(document_version__document=h.security_policy)


@stage2("s2.security.policy-communicated")
def the_security_policy_neither_announced_nor_acknowledged(h):
    bulk_delete_records(security_acknowledgements(h))
    version = security_policy_version(h)
    return [found("s2.security.policy-communicated", "8.7.3.1", "minor", records=[version])]


@stage2("s2.security.policy-communicated")
def fewer_than_half_acknowledged_the_security_policy(h):
    bulk_delete_records(security_acknowledgements(h).exclude(person__in=h.staff[:2]))
    version = security_policy_version(h)
    return [found("s2.security.policy-communicated", "8.7.3.1", "minor", records=[version])]


@stage2("s2.security.policy-communicated", passes=True)
def the_security_policy_announced_before_anyone_acknowledged_it(h):
    bulk_delete_records(security_acknowledgements(h))
    create_record(
        Communication,
        h.build.org,
        subject="Information security policy issued",
        document=h.security_policy,
        sent_at=at(IN_PERIOD),
    )
    return []


@stage2("s2.security.policy-communicated", passes=True)
def an_unapproved_policy_is_left_to_stage_1(h):
    bulk_delete_records(scoped(Document, h.build.org).filter(pk=h.security_policy.pk))
    return []


@pytest.mark.parametrize("case", stage1.params())
def test_stage_1_case(healthy, case, as_builder):
    stage1.run(healthy, case)


@pytest.mark.parametrize("case", stage2.params())
def test_stage_2_case(healthy, case, as_builder):
    stage2.run(healthy, case)
