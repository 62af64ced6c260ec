"""Stage 2 checks on whether the SMS runs: audits, reviews, scope, catalogue, records, policy."""

import datetime as dt

import pytest

from evident.agreements.models import SlaTarget, SupplierReview
from evident.assurance.models import ContinuityPlan, ContinuityTest
from evident.audits.models import InternalAudit, ManagementReview
from evident.catalogue.models import Service
from evident.core.models import Person
from evident.core.services import delete_record, update_record
from evident.core.tenancy import scoped
from evident.governance.models import ScopeStatement
from evident.operations.models import Change, Incident, Problem, ServiceRequest
from evident.support.models import Acknowledgement, Communication, DocumentVersion

from .builders import (
    AUDIT_DATE,
    BEFORE_PERIOD,
    IN_PERIOD,
    Cases,
    at,
    found,
    healthy_fixtures,
)

cases = Cases(stage=2)
healthy_template, healthy = healthy_fixtures()


def one(h, model):
    return scoped(model, h.build.org).get()


@cases("s2.internal-audit.completed")
def the_last_internal_audit_was_completed_before_the_period(h):
    audit = update_record(one(h, InternalAudit), completed_on=BEFORE_PERIOD)
    return [found("s2.internal-audit.completed", "9.2", "major", records=[audit])]


@cases("s2.internal-audit.completed", passes=True)
def an_audit_completed_on_the_first_day_of_the_period_counts(h):
    update_record(one(h, InternalAudit), completed_on=dt.date(2024, 6, 30))
    return []


@cases("s2.management-review.held")
def the_last_management_review_was_held_14_months_ago(h):
    review = update_record(one(h, ManagementReview), held_on=dt.date(2024, 4, 20))
    return [found("s2.management-review.held", "9.3", "major", records=[review])]


@cases("s2.scope.services-delivered")
def a_service_outside_the_scope_is_named_by_records(h):
    printing = h.build.service("Printing")
    incident = h.build.incident(printing)
    change = h.build.change(printing)
    h.build.incident(printing, opened=BEFORE_PERIOD)  # before the period: not counted
    key = "s2.scope.services-delivered"
    return [found(key, "4.3", "major", records=[printing, incident, change])]


@cases("s2.scope.services-delivered")
def without_an_approved_scope_every_delivered_service_is_outside(h):
    update_record(h.scope, status=ScopeStatement.Status.DRAFT)
    org = h.build.org
    records = [
        h.email,
        h.payroll,
        *scoped(Incident, org).order_by("ref"),
        *scoped(ServiceRequest, org).order_by("ref"),
        *scoped(Problem, org).order_by("ref"),
        *scoped(Change, org).order_by("ref"),
    ]
    return [found("s2.scope.services-delivered", "4.3", "major", records=records)]


@cases("s2.catalogue.services-delivered")
def forty_incidents_name_a_service_missing_from_the_catalogue(h):
    ghost = h.build.service("Ghost VPN", catalogued=False)
    incidents = h.build.make_many(
        Incident,
        [
            {"title": f"VPN down {i}", "service": ghost, "opened_at": at(IN_PERIOD, 8, i)}
            for i in range(40)
        ],
    )
    records = [ghost, *sorted(incidents, key=lambda i: i.ref)]
    return [found("s2.catalogue.services-delivered", "8.2.4", "major", records=records)]


@cases("s2.catalogue.services-delivered", passes=True)
def an_uncatalogued_service_that_nobody_uses_is_not_delivered(h):
    h.build.service("Pipeline only", status=Service.Status.PIPELINE, catalogued=False)
    return []


def _no_records(key, clause, h, *extra):
    process = h.processes[key]
    code = key.replace("_", "-")
    return [
        found(f"s2.records.{code}", clause, "major", records=[process, h.email, h.payroll, *extra])
    ]


@cases("s2.records.incident")
def no_incident_opened_in_the_period(h):
    update_record(h.incident, opened_at=at(BEFORE_PERIOD))
    return _no_records("incident", "8.6.1", h)


@cases("s2.records.incident", passes=True)
def a_process_recorded_out_of_scope_is_not_expected_to_leave_records(h):
    delete_record(h.incident)
    update_record(h.processes["incident"], in_scope=False)
    return []


@cases("s2.records.incident", passes=True)
def without_live_services_no_records_are_expected(h):
    delete_record(h.incident)
    for service in (h.email, h.payroll):
        update_record(service, status=Service.Status.RETIRED)
    return []


@cases("s2.records.service-request")
def no_service_request_opened_in_the_period(h):
    delete_record(one(h, ServiceRequest))
    return _no_records("service_request", "8.6.2", h)


@cases("s2.records.problem")
def no_problem_opened_in_the_period(h):
    delete_record(one(h, Problem))
    return _no_records("problem", "8.6.3", h)


@cases("s2.records.change")
def no_change_requested_in_the_period(h):
    delete_record(h.change)
    return _no_records("change", "8.5.1", h)


@cases("s2.records.service-level")
def no_sla_measurement_in_the_period(h):
    for target in scoped(SlaTarget, h.build.org):
        delete_record(target)
    return _no_records("service_level", "8.3.3", h)


@cases("s2.records.supplier")
def no_supplier_review_in_the_period(h):
    delete_record(one(h, SupplierReview))
    return _no_records("supplier", "8.3.4", h, h.supplier)


@cases("s2.records.supplier", passes=True)
def without_active_suppliers_no_reviews_are_expected(h):
    delete_record(one(h, SupplierReview))
    update_record(h.supplier, status="inactive")
    return []


@cases("s2.records.continuity")
def no_continuity_test_in_the_period(h):
    delete_record(one(h, ContinuityTest))
    return _no_records("continuity", "8.7.2", h, h.continuity_plan)


@cases("s2.records.continuity", passes=True)
def without_approved_continuity_plans_no_tests_are_expected(h):
    delete_record(one(h, ContinuityTest))
    update_record(h.continuity_plan, status=ContinuityPlan.Status.DRAFT)
    return []


def _unaware(h):
    acked = scoped(Acknowledgement, h.build.org).values("person")
    people = scoped(Person, h.build.org).filter(in_sms_scope=True, active=True)
    return list(people.exclude(pk__in=acked).order_by("ref"))


@cases("s2.policy.communicated")
def no_approved_policy_at_all(h):
    update_record(h.policy_version, status=DocumentVersion.Status.RETIRED)
    return [found("s2.policy.communicated", "5.2", "major", records=[h.policy])]


@cases("s2.policy.communicated")
def neither_communicated_nor_acknowledged(h):
    delete_record(one(h, Communication))
    for ack in scoped(Acknowledgement, h.build.org):
        delete_record(ack)
    records = [h.policy_version, *_unaware(h)]
    return [found("s2.policy.communicated", "5.2", "major", records=records)]


@cases("s2.policy.communicated")
def approved_but_not_communicated_and_ten_percent_acknowledged(h):
    delete_record(one(h, Communication))
    h.build.make_many(Person, [{"name": f"New hire {i}"} for i in range(10)])
    for ack in scoped(Acknowledgement, h.build.org).exclude(person=h.ceo):
        delete_record(ack)
    records = [h.policy_version, *_unaware(h)]  # 1 of 15 acknowledged
    return [found("s2.policy.communicated", "5.2", "minor", records=records)]


@cases("s2.policy.communicated")
def communicated_but_fewer_than_half_acknowledged(h):
    for ack in scoped(Acknowledgement, h.build.org).exclude(person__in=h.staff[:2]):
        delete_record(ack)
    records = [h.policy_version, *_unaware(h)]
    return [found("s2.policy.communicated", "5.2", "minor", records=records)]


@cases("s2.policy.communicated")
def a_communication_after_the_audit_date_does_not_count(h):
    update_record(one(h, Communication), sent_at=at(AUDIT_DATE + dt.timedelta(days=1)))
    records = [h.policy_version, *_unaware(h)]
    return [found("s2.policy.communicated", "5.2", "minor", records=records)]


@cases("s2.policy.communicated", passes=True)
def communicated_and_exactly_half_acknowledged(h):
    h.build.make_many(Person, [{"name": "New hire 1"}, {"name": "Former", "active": False}])
    for ack in scoped(Acknowledgement, h.build.org).filter(person=h.ceo):
        delete_record(ack)
    return []  # 3 of 6 people in scope


@pytest.mark.parametrize("case", cases.params())
def test_stage2_check(healthy, case):
    cases.run(healthy, case)
