"""Checks of clauses 8.7.1-8.7.3: availability targets and measurements, continuity plans,
the information security policy, controls and security incidents."""

import copy
import datetime as dt

import pytest

from evident.assurance.models import AvailabilityMeasurement, AvailabilityTarget, SecurityControl
from evident.core.context import acting
from evident.core.services import bulk_delete_records, create_record, delete_record, update_record
from evident.core.tenancy import scoped
from evident.operations.models import IncidentReview

from .builders import IN_PERIOD, Cases, findings, found, healthy_fixtures

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
    return copy.deepcopy(healthy_template)  # 8.6 and 8.7 records included


def test_the_healthy_organisation_raises_no_concern_and_no_finding_here(healthy):
    ours = {case.check_id for case in stage1.cases + stage2.cases}
    assert [f for f in findings(healthy.build.org, 1) if f.check_id in ours] == []
    assert [f for f in findings(healthy.build.org, 2) if f.check_id in ours] == []


# Stage 1 ------------------------------------------------------------------------------


@stage1("s1.availability.targets")
def a_service_in_scope_without_availability_target(h):
    bulk_delete_records(scoped(AvailabilityTarget, h.build.org).filter(service=h.payroll))
    return [found("s1.availability.targets", "8.7.1", AOC, "medium", [h.payroll])]


@stage1("s1.availability.targets", passes=True)
def an_sla_availability_target_is_a_target(h):
    bulk_delete_records(scoped(AvailabilityTarget, h.build.org).filter(service=h.email))
    update_record(h.target, kind="availability")
    return []


@stage1("s1.continuity.plans-current")
def a_continuity_plan_past_its_review(h):
    update_record(h.continuity_plan, next_review_due=dt.date(2025, 1, 31))
    return [
        found("s1.continuity.plans-current:review", "8.7.2", AOC, "medium", [h.continuity_plan])
    ]


@stage1("s1.continuity.plans-current")
def no_approved_continuity_plan(h):
    update_record(h.continuity_plan, status="draft")
    return [found("s1.continuity.plans-current:approved", "8.7.2", AOC, "medium")]


@stage1("s1.security.policy-and-controls")
def the_security_policy_never_approved(h):
    bulk_delete_records(h.security_policy.versions.all())
    return [
        found(
            "s1.security.policy-and-controls:policy",
            "8.7.3.1",
            AOC,
            "medium",
            [h.security_policy],
        )
    ]


@stage1("s1.security.policy-and-controls")
def no_security_control_recorded(h):
    delete_record(h.control)
    return [found("s1.security.policy-and-controls:controls", "8.7.3.1", AOC, "medium")]


# Stage 2 ------------------------------------------------------------------------------


@stage2("s2.availability.measured")
def a_month_without_availability_measurement(h):
    bulk_delete_records(
        scoped(AvailabilityMeasurement, h.build.org).filter(
            service=h.payroll, month=dt.date(2025, 2, 1)
        )
    )
    return [found("s2.availability.measured", "8.7.1", "minor", "", [h.payroll])]


@stage2("s2.availability.measured", passes=True)
def months_before_the_target_took_effect_need_no_measurement(h):
    target = scoped(AvailabilityTarget, h.build.org).get(service=h.payroll)
    update_record(target, effective_from=dt.date(2025, 3, 1))
    bulk_delete_records(
        scoped(AvailabilityMeasurement, h.build.org).filter(
            service=h.payroll, month__lt=dt.date(2025, 3, 1)
        )
    )
    return []


@stage2("s2.availability.acted-on")
def a_missed_month_without_action(h):
    missed = scoped(AvailabilityMeasurement, h.build.org).get(
        service=h.email, month=dt.date(2025, 1, 1)
    )
    update_record(missed, measured_percent="98.100", met=False)
    return [found("s2.availability.acted-on", "8.7.1", "minor", "", [missed])]


@stage2("s2.availability.acted-on", passes=True)
def a_missed_month_with_its_action(h):
    missed = scoped(AvailabilityMeasurement, h.build.org).get(
        service=h.email, month=dt.date(2025, 1, 1)
    )
    update_record(missed, measured_percent="98.100", met=False, action_taken="Failover fixed")
    return []


@stage2("s2.security.incidents-reviewed")
def a_security_incident_without_review(h):
    incident = h.build.incident(h.email, security=True)
    return [found("s2.security.incidents-reviewed", "8.7.3.3", "major", "", [incident])]


@stage2("s2.security.incidents-reviewed", passes=True)
def a_reviewed_security_incident(h):
    incident = h.build.incident(h.email, security=True)
    create_record(
        IncidentReview, h.build.org, incident=incident, kind="security", held_on=IN_PERIOD
    )
    return []


@stage2("s2.security.controls-tested")
def an_implemented_control_never_tested(h):
    control = h.build.make(
        SecurityControl, name="Backups", control_area="technological", status="implemented"
    )
    return [found("s2.security.controls-tested", "8.7.3.2", "minor", "", [control])]


@stage2("s2.security.controls-tested", passes=True)
def a_planned_control_need_not_be_tested_yet(h):
    h.build.make(SecurityControl, name="DLP", control_area="technological", status="planned")
    return []


@pytest.mark.parametrize("case", stage1.params())
def test_stage_1_case(healthy, case, as_builder):
    stage1.run(healthy, case)


@pytest.mark.parametrize("case", stage2.params())
def test_stage_2_case(healthy, case, as_builder):
    stage2.run(healthy, case)
