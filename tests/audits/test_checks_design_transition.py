"""Checks of clauses 8.1, 8.5.1.1, 8.5.1.3 (back-out plans), 8.5.2.2 and 8.5.2.3.

Each case starts from the healthy organisation (payroll went live in the period
through an approved design, an accepted transition and a release tried in
staging; see ``transition_records``), breaks or bends one thing, and says what
the named check finds.
"""

import datetime as dt

import pytest

from evident.catalogue.models import Service
from evident.core.services import delete_record, update_record
from evident.core.tenancy import scoped
from evident.governance.models import Process
from evident.operations.models import (
    Change,
    ChangeTemplate,
    Deployment,
    Release,
    ServiceDesign,
    TransitionPlan,
)

from .builders import (
    AUDIT_DATE,
    BEFORE_PERIOD,
    IN_PERIOD,
    Cases,
    at,
    findings,
    found,
    healthy_fixtures,
)
from .transition_records import PAYROLL_LIVE_ON

AOC = "area_of_concern"
stage1 = Cases(stage=1)
stage2 = Cases(stage=2)
healthy_template, healthy = healthy_fixtures()
OURS = {
    "s1.design.requirements-met",
    "s1.transition.planned",
    "s2.operation.processes-ran",
    "s2.change.categories-followed",
    "s2.change.backout-planned",
    "s2.design.went-live-designed",
    "s2.transition.accepted-before-live",
    "s2.transition.tested-before-production",
    "s2.design.transitions-on-plan",
}
PERIOD_START = dt.date(2024, 6, 30)


def test_the_healthy_organisation_draws_none_of_these_findings(healthy):
    for stage in (1, 2):
        assert [f for f in findings(healthy.build.org, stage) if f.check_id in OURS] == []


def test_every_check_here_is_specified_by_a_failing_case():
    assert stage1.failing_checks() | stage2.failing_checks() == OURS


# Stage 1 ---------------------------------------------------------------------------------


@stage1("s1.design.requirements-met")
def an_approved_design_not_checked_against_its_requirements(h):
    design = h.change_control.pipeline_design
    update_record(design, requirements_met=False)
    return [found("s1.design.requirements-met", "8.5.2.2", AOC, "medium", [design])]


@stage1("s1.design.requirements-met")
def a_design_moved_to_transition_without_approval(h):
    service = h.build.service("Chat bot", status=Service.Status.PIPELINE, catalogued=False)
    design = h.build.make(ServiceDesign, service=service, summary="A chat bot on the portal.")
    h.build.make(
        TransitionPlan,
        design=design,
        planned_date=AUDIT_DATE + dt.timedelta(days=60),
        acceptance_criteria="Answers the ten commonest questions.",
    )
    return [found("s1.design.requirements-met", "8.5.2.2", AOC, "medium", [design])]


@stage1("s1.design.requirements-met", passes=True)
def a_draft_design_with_no_plan_yet_is_still_being_designed(h):
    service = h.build.service("Chat bot", status=Service.Status.PIPELINE, catalogued=False)
    h.build.make(ServiceDesign, service=service, summary="A chat bot on the portal.")
    return []


@stage1("s1.design.requirements-met", passes=True)
def a_design_whose_transition_is_completed_is_history(h):
    update_record(h.change_control.payroll_design, requirements_met=False)
    return []


@stage1("s1.transition.planned")
def an_approved_design_has_no_transition_plan(h):
    delete_record(h.change_control.pipeline_plan)
    design = h.change_control.pipeline_design
    return [found("s1.transition.planned", "8.5.2.3", AOC, "low", [design])]


@stage1("s1.transition.planned", passes=True)
def a_design_of_a_retired_service_needs_no_plan(h):
    service = h.build.service("Fax", status=Service.Status.RETIRED, catalogued=False)
    h.build.make(
        ServiceDesign, service=service, summary="Fax gateway.", approved_by=h.ceo,
        approved_at=at(BEFORE_PERIOD),
    )  # fmt: skip
    return []


@pytest.mark.parametrize("case", stage1.params())
def test_stage1_check(healthy, case):
    stage1.run(healthy, case)


# Stage 2: 8.1 ----------------------------------------------------------------------------


def implemented_in_period(h):
    return (
        scoped(Change, h.build.org)
        .filter(actual_start__date__gte=PERIOD_START, actual_start__date__lte=AUDIT_DATE)
        .order_by("ref")
    )


@stage2("s2.operation.processes-ran")
def no_production_deployment_while_changes_were_implemented(h):
    delete_record(h.change_control.payroll_release)
    process = h.processes[Process.Key.RELEASE]
    key = "s2.operation.processes-ran:release"
    return [found(key, "8.1", "major", records=[process, *implemented_in_period(h)])]


@stage2("s2.operation.processes-ran")
def nothing_in_the_portfolio_moved_in_the_period(h):
    update_record(h.payroll, live_on=None)
    process = h.processes[Process.Key.SERVICE_PORTFOLIO]
    key = "s2.operation.processes-ran:service_portfolio"
    return [found(key, "8.1", "major", records=[process, h.email, h.payroll])]


@stage2("s2.operation.processes-ran", passes=True)
def a_catalogue_entry_published_in_the_period_shows_the_portfolio_at_work(h):
    update_record(h.payroll, live_on=None)
    update_record(h.payroll.catalogue_entry, published_on=IN_PERIOD)
    return []


@stage2("s2.operation.processes-ran", passes=True)
def a_release_process_out_of_scope_is_not_expected_to_run(h):
    delete_record(h.change_control.payroll_release)
    update_record(h.processes[Process.Key.RELEASE], in_scope=False)
    return []


# Stage 2: 8.5.1.1 and 8.5.1.3 ------------------------------------------------------------


@stage2("s2.change.categories-followed")
def one_standard_change_in_eleven_was_high_risk(h):
    template = h.change_control.template
    standard = {"change_type": Change.Type.STANDARD, "template": template}
    for i in range(10):
        h.build.change(h.payroll, IN_PERIOD - dt.timedelta(days=i + 1), **standard)
    risky = h.build.change(h.payroll, risk=Change.Risk.HIGH, **standard)
    return [found("s2.change.categories-followed", "8.5.1.1", "minor", records=[risky])]


@stage2("s2.change.categories-followed")
def a_standard_change_following_a_medium_risk_template(h):
    template = h.build.make(
        ChangeTemplate, name="Swap a disk", risk="medium", approved_by=h.ceo,
        approved_at=at(BEFORE_PERIOD),
    )  # fmt: skip
    change = h.build.change(h.payroll, change_type=Change.Type.STANDARD, template=template)
    return [found("s2.change.categories-followed", "8.5.1.1", "major", records=[change])]


@stage2("s2.change.categories-followed")
def an_emergency_change_that_waited_five_days(h):
    change = h.build.change(h.email, change_type=Change.Type.EMERGENCY)
    update_record(change, requested_at=change.actual_start - dt.timedelta(days=5))
    return [found("s2.change.categories-followed", "8.5.1.1", "major", records=[change])]


@stage2("s2.change.categories-followed", passes=True)
def an_emergency_change_started_within_hours_is_an_emergency(h):
    change = h.build.change(h.email, change_type=Change.Type.EMERGENCY)
    update_record(change, requested_at=change.actual_start - dt.timedelta(hours=3))
    return []


def risky_change(h, day, risk=Change.Risk.MEDIUM, **fields):
    fields.setdefault("backout_plan", "Restore the snapshot taken before the change.")
    return h.build.change(h.email, day, risk=risk, **fields)


@stage2("s2.change.backout-planned")
def one_medium_risk_change_in_eleven_had_no_backout_plan(h):
    for i in range(10):
        risky_change(h, IN_PERIOD - dt.timedelta(days=i + 1))
    bare = risky_change(h, IN_PERIOD, backout_plan="  ")
    return [found("s2.change.backout-planned", "8.5.1.3", "minor", records=[bare])]


@stage2("s2.change.backout-planned")
def a_failed_high_risk_change_without_a_backout_plan_is_major_even_alone(h):
    for i in range(20):
        risky_change(h, IN_PERIOD - dt.timedelta(days=i + 1))
    failed = risky_change(
        h, IN_PERIOD, Change.Risk.HIGH, backout_plan="", outcome=Change.Outcome.FAILED
    )
    return [found("s2.change.backout-planned", "8.5.1.3", "major", records=[failed])]


@stage2("s2.change.backout-planned", passes=True)
def low_risk_and_standard_changes_need_no_backout_plan(h):
    h.build.change(h.email, backout_plan="")
    h.build.change(
        h.email, change_type=Change.Type.STANDARD, template=h.change_control.template,
        risk=Change.Risk.MEDIUM,
    )  # fmt: skip
    return []


@stage2("s2.change.backout-planned", passes=True)
def a_change_before_the_period_is_not_judged(h):
    risky_change(h, BEFORE_PERIOD, backout_plan="")
    return []


# Stage 2: 8.5.2.2 and 8.5.2.3 ------------------------------------------------------------


def designed_service(h, name, live_on):
    service = h.build.service(name)
    h.build.make(
        ServiceDesign, service=service, summary=f"{name} as designed.", approved_by=h.ceo,
        approved_at=at(live_on - dt.timedelta(days=30)),
    )  # fmt: skip
    update_record(service, live_on=live_on)
    return service


@stage2("s2.design.went-live-designed")
def a_service_went_live_with_no_design(h):
    service = h.build.service("Chat")
    update_record(service, live_on=IN_PERIOD)
    return [found("s2.design.went-live-designed", "8.5.2.2", "major", records=[service])]


@stage2("s2.design.went-live-designed")
def one_in_twelve_services_went_live_undesigned(h):
    for i in range(10):
        designed_service(h, f"Service {i:02}", IN_PERIOD - dt.timedelta(days=i))
    service = h.build.service("Chat")
    update_record(service, live_on=IN_PERIOD)
    return [found("s2.design.went-live-designed", "8.5.2.2", "minor", records=[service])]


@stage2("s2.design.went-live-designed")
def a_design_approved_only_after_go_live_is_no_design(h):
    update_record(
        h.change_control.payroll_design, approved_at=at(PAYROLL_LIVE_ON + dt.timedelta(days=1))
    )
    return [found("s2.design.went-live-designed", "8.5.2.2", "major", records=[h.payroll])]


@stage2("s2.design.went-live-designed", passes=True)
def a_service_live_before_the_period_is_not_judged(h):
    service = h.build.service("Chat")
    update_record(service, live_on=BEFORE_PERIOD)
    return []


@stage2("s2.transition.accepted-before-live")
def the_transition_was_completed_after_go_live(h):
    plan = h.change_control.payroll_plan
    update_record(plan, completed_on=PAYROLL_LIVE_ON + dt.timedelta(days=5))
    records = [h.payroll, h.change_control.payroll_design]
    return [found("s2.transition.accepted-before-live", "8.5.2.3", "major", records=records)]


@stage2("s2.transition.accepted-before-live")
def the_transition_was_never_accepted(h):
    update_record(h.change_control.payroll_plan, accepted_by=None)
    records = [h.payroll, h.change_control.payroll_design]
    return [found("s2.transition.accepted-before-live", "8.5.2.3", "major", records=records)]


@stage2("s2.transition.accepted-before-live", passes=True)
def a_service_with_no_design_is_left_to_the_design_check(h):
    service = h.build.service("Chat")
    update_record(service, live_on=IN_PERIOD)
    return []


def staging_of(h):
    return h.change_control.payroll_release.deployments.get(environment="staging")


@stage2("s2.transition.tested-before-production")
def the_major_release_failed_in_staging_and_went_live_anyway(h):
    update_record(staging_of(h), outcome=Deployment.Outcome.FAILED)
    release = h.change_control.payroll_release
    key = "s2.transition.tested-before-production"
    return [found(key, "8.5.2.3", "major", records=[release])]


@stage2("s2.transition.tested-before-production")
def a_major_release_tried_in_staging_only_after_production(h):
    update_record(staging_of(h), deployed_at=at(PAYROLL_LIVE_ON, 18))
    release = h.change_control.payroll_release
    key = "s2.transition.tested-before-production"
    return [found(key, "8.5.2.3", "major", records=[release])]


@stage2("s2.transition.tested-before-production", passes=True)
def a_minor_release_straight_to_production_is_not_judged_here(h):
    release = h.build.make(
        Release, name="Mail fix", service=h.email, release_type=Release.Type.MINOR
    )
    h.build.make(
        Deployment, release=release, environment="production", deployed_at=at(IN_PERIOD),
        outcome=Deployment.Outcome.SUCCESSFUL,
    )  # fmt: skip
    return []


@pytest.mark.parametrize("case", stage2.params())
def test_stage2_check(healthy, case):
    stage2.run(healthy, case)


@stage2("s2.design.transitions-on-plan")
def a_transition_left_past_its_planned_date(h):
    plan = h.change_control.pipeline_plan
    update_record(plan, planned_date=dt.date(2025, 4, 1))
    return [found("s2.design.transitions-on-plan", "8.5.2.1", "major", records=[plan])]


@stage2("s2.design.transitions-on-plan", passes=True)
def a_transition_due_within_the_last_month_is_not_yet_late(h):
    update_record(h.change_control.pipeline_plan, planned_date=AUDIT_DATE - dt.timedelta(days=10))
    return []
