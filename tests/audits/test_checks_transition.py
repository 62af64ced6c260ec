"""Checks of clause 8.5: change control set up, changes assessed and scheduled, releases, designs.

Each case starts from the healthy organisation with its change-control records
(``transition_records``), breaks or bends one thing, and says what the named
check finds.
"""

import datetime as dt

import pytest

from evident.catalogue.models import ConfigurationItem, Service
from evident.core.services import delete_record, update_record
from evident.operations.models import (
    Change,
    ChangeTemplate,
    Deployment,
    Release,
    ServiceDesign,
    TransitionPlan,
)
from evident.support.models import DocumentVersion

from .builders import (
    BEFORE_PERIOD,
    IN_PERIOD,
    Cases,
    at,
    findings,
    found,
    healthy_fixtures,
)
from .transition_records import assess

AOC = "area_of_concern"
stage1 = Cases(stage=1)
stage2 = Cases(stage=2)
healthy_template, healthy = healthy_fixtures()
OURS = {
    "s1.change.policy",
    "s1.change.authority",
    "s1.change.templates-approved",
    "s1.release.policy",
    "s1.design.pipeline",
    "s2.change.risk-assessed",
    "s2.change.standard-template",
    "s2.change.schedule-conflicts",
    "s2.release.changes-approved",
    "s2.release.failures-followed-up",
    "s2.design.major-releases",
}


def test_the_healthy_organisation_draws_none_of_these_findings(healthy):
    for stage in (1, 2):
        assert [f for f in findings(healthy.build.org, stage) if f.check_id in OURS] == []


def assessed_changes(h, count, **fields):
    """``count`` more approved changes of the email service, each assessed before it started."""
    changes = []
    for i in range(count):
        change = h.build.change(h.email, IN_PERIOD - dt.timedelta(days=i + 1), **fields)
        changes.append(assess(change, h.staff[0]))
    return changes


# Stage 1 ---------------------------------------------------------------------------------


@stage1("s1.change.policy")
def the_change_policy_was_never_approved(h):
    policy = h.change_control.policy
    for version in policy.versions.all():
        update_record(version, status=DocumentVersion.Status.DRAFT)
    return [found("s1.change.policy", "8.5.1.1", AOC, "medium", [policy])]


@stage1("s1.change.policy")
def there_is_no_change_policy_at_all(h):
    delete_record(h.change_control.policy)
    return [found("s1.change.policy", "8.5.1.1", AOC, "medium")]


@stage1("s1.change.policy", passes=True)
def a_policy_serving_a_sub_clause_counts(h):
    update_record(h.change_control.policy, clauses="8.5.1.1,8.5.1.2")
    return []


@stage1("s1.change.policy")
def a_policy_for_another_clause_does_not_count(h):
    update_record(h.change_control.policy, clauses="8.5.10")
    return [found("s1.change.policy", "8.5.1.1", AOC, "medium")]


@stage1("s1.change.authority")
def the_cab_has_no_members(h):
    cab = h.change_control.cab
    update_record(cab, members=[])
    return [found("s1.change.authority:cab", "8.5.1.3", AOC, "medium", [cab])]


@stage1("s1.change.authority")
def there_is_no_emergency_board(h):
    delete_record(h.change_control.ecab)
    return [found("s1.change.authority:ecab", "8.5.1.3", AOC, "low")]


@stage1("s1.change.templates-approved")
def an_active_template_was_never_approved(h):
    template = h.build.make(ChangeTemplate, name="Reset a password", steps="Verify; reset.")
    return [found("s1.change.templates-approved", "8.5.1.2", AOC, "medium", [template])]


@stage1("s1.change.templates-approved", passes=True)
def a_withdrawn_unapproved_template_is_no_concern(h):
    h.build.make(ChangeTemplate, name="Old model", active=False)
    return []


@stage1("s1.release.policy")
def services_are_live_without_a_release_policy(h):
    delete_record(h.change_control.release_policy)
    return [found("s1.release.policy", "8.5.3", AOC, "medium")]


@stage1("s1.design.pipeline")
def a_second_pipeline_service_has_no_design(h):
    service = h.build.service("Chat bot", status=Service.Status.PIPELINE, catalogued=False)
    return [found("s1.design.pipeline", "8.5.2.1", AOC, "low", [service])]


@pytest.mark.parametrize("case", stage1.params())
def test_stage1_check(healthy, case):
    stage1.run(healthy, case)


# Stage 2: changes ------------------------------------------------------------------------


@stage2("s2.change.risk-assessed")
def one_change_in_twenty_was_never_assessed(h):
    assessed_changes(h, 19)
    unassessed = h.build.change(h.payroll, risk_assessment="", assessed_at=None)
    return [found("s2.change.risk-assessed", "8.5.1.3", "minor", records=[unassessed])]


@stage2("s2.change.risk-assessed")
def an_assessment_after_the_start_is_a_deviation_and_three_of_five_are_systemic(h):
    assessed_changes(h, 1)
    late = [h.build.change(h.payroll) for _ in range(3)]
    for change in late:
        update_record(
            change,
            risk_assessment="Written up afterwards.",
            assessed_by=h.staff[0],
            assessed_at=change.actual_end,
        )
    return [found("s2.change.risk-assessed", "8.5.1.3", "major", records=late)]


@stage2("s2.change.risk-assessed", passes=True)
def standard_changes_need_no_assessment(h):
    h.build.change(h.payroll, change_type=Change.Type.STANDARD, template=h.change_control.template)
    return []


@stage2("s2.change.standard-template")
def a_standard_change_without_a_template(h):
    templated = {"change_type": Change.Type.STANDARD, "template": h.change_control.template}
    for i in range(10):
        h.build.change(h.payroll, IN_PERIOD - dt.timedelta(days=i), **templated)
    bare = h.build.change(h.payroll, change_type=Change.Type.STANDARD)
    return [found("s2.change.standard-template", "8.5.1.2", "minor", records=[bare])]


@stage2("s2.change.standard-template")
def a_template_approved_only_after_the_change_is_no_approval(h):
    late = h.build.make(
        ChangeTemplate, name="Late", approved_by=h.ceo, approved_at=at(IN_PERIOD, 18)
    )
    change = h.build.change(h.payroll, change_type=Change.Type.STANDARD, template=late)
    return [found("s2.change.standard-template", "8.5.1.2", "major", records=[change])]


def with_items(h, change, *items):
    return update_record(change, configuration_items=[item.pk for item in items])


def planned(h, change, start, hours):
    return update_record(change, planned_start=start, planned_end=start + dt.timedelta(hours=hours))


@stage2("s2.change.schedule-conflicts")
def two_implemented_changes_overlapped_on_one_server(h):
    server = h.build.make(ConfigurationItem, name="Mail relay", ci_type="server")
    other = h.build.make(ConfigurationItem, name="Mail store", ci_type="server")
    assessed = assessed_changes(h, 18)
    for i, change in enumerate(assessed):
        with_items(h, change, other if i % 2 else server)
        planned(h, change, at(IN_PERIOD - dt.timedelta(days=i + 1), 9), 4)
    first, second = assessed_changes(h, 2)
    for change, hour in ((first, 20), (second, 22)):
        with_items(h, change, server)
        planned(h, change, at(IN_PERIOD + dt.timedelta(days=30), hour), 3)
        update_record(change, actual_start=at(IN_PERIOD + dt.timedelta(days=30), hour))
    return [found("s2.change.schedule-conflicts", "8.5.1.3", "minor", records=[first, second])]


@stage2("s2.change.schedule-conflicts", passes=True)
def back_to_back_windows_and_different_items_do_not_clash(h):
    server = h.build.make(ConfigurationItem, name="Mail relay", ci_type="server")
    store = h.build.make(ConfigurationItem, name="Mail store", ci_type="server")
    first, second, third = assessed_changes(h, 3)
    with_items(h, first, server)
    with_items(h, second, server)
    with_items(h, third, store)
    planned(h, first, at(IN_PERIOD, 18), 2)
    planned(h, second, at(IN_PERIOD, 20), 2)  # starts as the first ends
    planned(h, third, at(IN_PERIOD, 18), 4)  # overlaps both, on another item
    return []


@stage2("s2.change.schedule-conflicts", passes=True)
def a_clash_with_a_change_never_carried_out_is_left_to_the_schedule(h):
    server = h.build.make(ConfigurationItem, name="Mail relay", ci_type="server")
    (done,) = assessed_changes(h, 1)
    pending = h.build.make(
        Change, title="Upgrade relay", service=h.email, requested_at=at(IN_PERIOD)
    )
    for change in (done, pending):
        with_items(h, change, server)
        planned(h, change, at(IN_PERIOD, 18), 2)
    return []


# Stage 2: releases and designs ----------------------------------------------------------


def release(h, changes, *, deployed=IN_PERIOD, outcome="successful", **fields):
    """A release of ``changes`` deployed to production on ``deployed``."""
    made = h.build.make(
        Release,
        name="Mail 2025.1",
        service=h.email,
        changes=[c.pk for c in changes],
        **fields,
    )
    deployment = h.build.make(
        Deployment,
        release=made,
        environment=Deployment.Environment.PRODUCTION,
        deployed_at=at(deployed, 20),
        outcome=outcome,
    )
    return made, deployment


@stage2("s2.release.changes-approved", passes=True)
def a_release_of_changes_approved_in_time(h):
    release(h, [h.change])
    return []


@stage2("s2.release.changes-approved")
def a_release_carried_a_change_never_approved(h):
    unapproved = h.build.change(h.email, approved=False)
    made, _ = release(h, [h.change, unapproved])
    key = "s2.release.changes-approved"
    return [found(key, "8.5.3", "major", records=[made, unapproved])]


@stage2("s2.release.changes-approved", passes=True)
def a_release_deployed_before_the_period_is_not_judged(h):
    unapproved = h.build.change(h.email, BEFORE_PERIOD, approved=False)
    release(h, [unapproved], deployed=BEFORE_PERIOD)
    return []


@stage2("s2.release.failures-followed-up")
def a_rolled_back_deployment_with_no_follow_up(h):
    _, deployment = release(h, [h.change], outcome=Deployment.Outcome.ROLLED_BACK)
    key = "s2.release.failures-followed-up"
    return [found(key, "8.5.3", "major", records=[deployment])]


@stage2("s2.release.failures-followed-up", passes=True)
def a_failed_deployment_linked_to_its_incident(h):
    _, deployment = release(h, [h.change], outcome=Deployment.Outcome.FAILED)
    update_record(deployment, incident=h.incident)
    return []


def redesign(h, *, approved=True, accepted=True):
    design = h.build.make(
        ServiceDesign,
        service=h.email,
        purpose=ServiceDesign.Purpose.CHANGED,
        summary="Two-region mail.",
        approved_by=h.ceo if approved else None,
        approved_at=at(IN_PERIOD - dt.timedelta(days=30)) if approved else None,
    )
    h.build.make(
        TransitionPlan,
        design=design,
        planned_date=IN_PERIOD,
        acceptance_criteria="Failover tested.",
        completed_on=IN_PERIOD if accepted else None,
        accepted_by=h.ceo if accepted else None,
    )
    return design


@stage2("s2.design.major-releases", passes=True)
def a_major_release_after_an_approved_design_and_accepted_transition(h):
    redesign(h)
    release(h, [h.change], release_type=Release.Type.MAJOR)
    return []


@stage2("s2.design.major-releases")
def a_major_release_with_no_design(h):
    made, _ = release(h, [h.change], release_type=Release.Type.MAJOR)
    return [found("s2.design.major-releases", "8.5.2", "major", records=[made])]


@stage2("s2.design.major-releases")
def a_major_release_whose_transition_was_never_accepted(h):
    redesign(h, accepted=False)
    made, _ = release(h, [h.change], release_type=Release.Type.MAJOR)
    return [found("s2.design.major-releases", "8.5.2", "major", records=[made])]


@stage2("s2.design.major-releases", passes=True)
def minor_releases_need_no_design(h):
    release(h, [h.change], release_type=Release.Type.MINOR)
    return []


@pytest.mark.parametrize("case", stage2.params())
def test_stage2_check(healthy, case):
    stage2.run(healthy, case)
