"""Checks of objectives (6.2, 6.2.1, 6.2.2), the SMS plan carried out (6.3) and awareness (7.3).

Each case starts from the healthy organisation with its objective records
(``objectives_records``), breaks or bends one thing, and says what the named check finds.
"""

import datetime as dt

import pytest

from evident.audits.models import Kpi
from evident.audits.services import record_kpi_measurement
from evident.core.context import acting
from evident.core.services import create_record, delete_record, update_record
from evident.core.tenancy import scoped
from evident.governance.models import Milestone, Objective
from evident.governance.services import assign_role
from evident.support.models import Acknowledgement, DocumentVersion
from evident.support.services import record_training

from .builders import BEFORE_PERIOD, IN_PERIOD, Cases, at, findings, found, healthy_fixtures, ref

AOC = "area_of_concern"
stage1 = Cases(stage=1)
stage2 = Cases(stage=2)

healthy_template, healthy = healthy_fixtures()


def test_the_healthy_organisation_raises_no_concern_and_no_finding_here(healthy):
    ours = {case.check_id for case in stage1.cases + stage2.cases}
    assert [f for f in findings(healthy.build.org, 1) if f.check_id in ours] == []
    assert [f for f in findings(healthy.build.org, 2) if f.check_id in ours] == []


# Stage 1 ------------------------------------------------------------------------------


@stage1("s1.objective.dated")
def an_active_objective_without_a_due_date(h):
    update_record(h.objectives.objective, due_date=None)
    return [found("s1.objective.dated", "6.2.1", AOC, "medium", [h.objectives.objective])]


@stage1("s1.objective.dated", passes=True)
def an_achieved_objective_needs_no_date_ahead(h):
    create_record(
        Objective, h.build.org, title="Old aim", measure="Uptime", target_value=99,
        owner=h.ceo, status=Objective.Status.ACHIEVED,
    )  # fmt: skip
    return []


@stage1("s1.objective.result-criteria")
def the_objectives_kpi_has_no_target(h):
    update_record(h.evaluation.kpi, target=None)
    return [found("s1.objective.result-criteria", "6.2.2", AOC, "low", [h.objectives.objective])]


@stage1("s1.objective.result-criteria", passes=True)
def one_kpi_with_a_target_is_enough(h):
    create_record(
        Kpi, h.build.org, key="mail-uptime", name="Mail uptime", objective=h.objectives.objective
    )
    return []


@stage1("s1.objective.result-criteria", passes=True)
def a_withdrawn_objective_is_not_judged(h):
    update_record(h.evaluation.kpi, target=None)
    update_record(h.objectives.objective, status=Objective.Status.WITHDRAWN)
    return []


@stage1("s1.awareness.role-holders-in-scope")
def a_role_holder_recorded_outside_the_scope(h):
    analyst = update_record(h.leadership.analyst, in_sms_scope=False)
    return [found("s1.awareness.role-holders-in-scope", "7.3", AOC, "low", [analyst])]


@stage1("s1.awareness.role-holders-in-scope", passes=True)
def a_leaver_outside_the_scope_is_not_counted(h):
    update_record(h.leadership.analyst, in_sms_scope=False, active=False)
    return []


# Stage 2 ------------------------------------------------------------------------------


@stage2("s2.objective.in-force")
def the_only_objective_was_achieved_before_the_period(h):
    objective = update_record(
        h.objectives.objective, status=Objective.Status.ACHIEVED, due_date=dt.date(2024, 3, 31)
    )
    return [found("s2.objective.in-force", "6.2", "major", records=[objective])]


@stage2("s2.objective.in-force")
def there_is_no_objective_at_all(h):
    delete_record(h.objectives.objective)
    return [found("s2.objective.in-force", "6.2", "major")]


@stage2("s2.objective.in-force", passes=True)
def an_objective_achieved_in_the_period_was_in_force(h):
    update_record(
        h.objectives.objective, status=Objective.Status.ACHIEVED, due_date=dt.date(2025, 3, 31)
    )
    return []


def _achieved_by_april(h):
    return update_record(
        h.objectives.objective, status=Objective.Status.ACHIEVED, due_date=dt.date(2025, 4, 30)
    )


def _measure(h, month_start, month_end, value):
    record_kpi_measurement(
        h.evaluation.kpi, period_start=month_start, period_end=month_end, value=value,
        source="computed",
    )  # fmt: skip


@stage2("s2.objective.achievement-borne-out")
def achieved_although_the_last_measurement_misses_the_target(h):
    objective = _achieved_by_april(h)
    _measure(h, dt.date(2025, 4, 1), dt.date(2025, 4, 30), 90)  # the target is 95
    return [
        found(
            "s2.objective.achievement-borne-out", "6.2.1", "minor",
            records=[objective, h.evaluation.kpi],
        )
    ]  # fmt: skip


@stage2("s2.objective.achievement-borne-out")
def achieved_although_a_lower_is_better_kpi_is_above_its_target(h):
    objective = _achieved_by_april(h)
    update_record(h.evaluation.kpi, direction=Kpi.Direction.LOWER, target=99)
    return [
        found(
            "s2.objective.achievement-borne-out", "6.2.1", "minor",
            records=[objective, h.evaluation.kpi],
        )
    ]  # fmt: skip


@stage2("s2.objective.achievement-borne-out", passes=True)
def an_earlier_miss_recovered_before_the_due_date(h):
    _achieved_by_april(h)
    _measure(h, dt.date(2025, 2, 1), dt.date(2025, 2, 28), 90)
    return []


@stage2("s2.objective.achievement-borne-out", passes=True)
def a_miss_after_the_due_date_does_not_undo_the_achievement(h):
    _achieved_by_april(h)
    _measure(h, dt.date(2025, 5, 1), dt.date(2025, 5, 31), 90)
    return []


@stage2("s2.objective.judged")
def an_objective_fell_due_and_was_never_judged(h):
    objective = update_record(h.objectives.objective, due_date=dt.date(2025, 5, 31))
    return [found("s2.objective.judged", "6.2.2", "minor", records=[objective])]


@stage2("s2.objective.judged", passes=True)
def an_objective_recorded_as_missed_was_judged(h):
    update_record(
        h.objectives.objective, due_date=dt.date(2025, 5, 31), status=Objective.Status.MISSED
    )
    return []


@stage2("s2.plan.milestones-kept")
def a_milestone_of_the_period_slipped(h):
    slipped = h.build.make(
        Milestone, plan=h.objectives.plan, title="Supplier reviews set up", due_date=IN_PERIOD
    )
    return [found("s2.plan.milestones-kept", "6.3", "minor", records=[slipped])]


@stage2("s2.plan.milestones-kept")
def nothing_of_the_plan_was_done_in_the_period(h):
    milestone = update_record(
        h.objectives.milestone, status=Milestone.Status.IN_PROGRESS, completed_on=None
    )
    return [found("s2.plan.milestones-kept", "6.3", "major", records=[milestone])]


@stage2("s2.plan.milestones-kept")
def the_plan_stood_still_all_year(h):
    delete_record(h.objectives.milestone)
    milestones = scoped(Milestone, h.build.org).order_by("ref")
    return [found("s2.plan.milestones-kept", "6.3", "ofi", records=list(milestones))]


@stage2("s2.plan.milestones-kept", passes=True)
def a_milestone_just_due_has_a_grace_period(h):
    h.build.make(
        Milestone, plan=h.objectives.plan, title="Scope 2 drafted", due_date=dt.date(2025, 6, 15)
    )
    return []


def _role_holder(h, name, *, acknowledged=True, assigned_on=IN_PERIOD):
    person = h.build.person(name)
    assign_role(person, "Service desk analyst", assigned_on=assigned_on)
    if acknowledged:
        h.build.make(
            Acknowledgement,
            person=person,
            document_version=h.policy_version,
            acknowledged_at=at(IN_PERIOD, 12),
        )
    return person


@stage2("s2.awareness.new-role-holders")
def a_new_role_holder_never_made_aware(h):
    newcomer = _role_holder(h, "New analyst", acknowledged=False)
    return [found("s2.awareness.new-role-holders", "7.3", "minor", records=[newcomer])]


@stage2("s2.awareness.new-role-holders")
def training_before_taking_the_role_does_not_count(h):
    newcomer = _role_holder(h, "New analyst", acknowledged=False)
    record_training(newcomer, h.leadership.incident_handling, IN_PERIOD - dt.timedelta(days=1))
    return [found("s2.awareness.new-role-holders", "7.3", "minor", records=[newcomer])]


@stage2("s2.awareness.new-role-holders", passes=True)
def a_new_role_holder_who_acknowledged_the_policy(h):
    _role_holder(h, "New analyst")
    return []


@stage2("s2.awareness.new-role-holders", passes=True)
def a_new_role_holder_trained_once_in_the_role(h):
    newcomer = _role_holder(h, "New analyst", acknowledged=False)
    record_training(newcomer, h.leadership.incident_handling, IN_PERIOD + dt.timedelta(days=7))
    return []


@stage2("s2.awareness.new-role-holders", passes=True)
def a_role_taken_before_the_period_is_not_judged_here(h):
    _role_holder(h, "Old analyst", acknowledged=False, assigned_on=BEFORE_PERIOD)
    return []


@stage2("s2.awareness.new-role-holders", passes=True)
def a_leaver_holding_a_role_is_not_counted(h):
    leaver = _role_holder(h, "Former analyst", acknowledged=False)
    update_record(leaver, active=False)
    return []


@pytest.mark.parametrize("case", stage1.params())
def test_stage1_check(healthy, case):
    stage1.run(healthy, case)


@pytest.mark.parametrize("case", stage2.params())
def test_stage2_check(healthy, case):
    stage2.run(healthy, case)


def test_an_acknowledged_draft_is_not_awareness_of_the_policy(healthy):
    with acting(source="cli", actor_name="test-case"):
        _role_holder(healthy, "Aware analyst")
        person = _role_holder(healthy, "New analyst", acknowledged=False)
        draft = create_record(
            DocumentVersion, healthy.build.org, document=healthy.policy, version="2.0"
        )
        create_record(
            Acknowledgement, healthy.build.org, person=person, document_version=draft,
            acknowledged_at=at(IN_PERIOD, 12),
        )  # fmt: skip
    (finding,) = findings(healthy.build.org, 2, "s2.awareness.new-role-holders")
    assert finding.records == (ref(person),)
    assert "1 of 2 people who took an SMS role in the period (50 %)" in finding.statement
    assert "New analyst" in finding.statement


def test_the_slipped_milestone_is_named_in_the_statement(healthy):
    with acting(source="cli", actor_name="test-case"):
        nothing_of_the_plan_was_done_in_the_period(healthy)
    (finding,) = findings(healthy.build.org, 2, "s2.plan.milestones-kept")
    assert "Audit programme approved" in finding.statement
    assert "the plan was not followed" in finding.statement
