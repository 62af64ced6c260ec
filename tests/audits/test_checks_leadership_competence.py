"""Checks of clauses 4.1, 4.2, 5.1, 5.3 and 7.2: context, the steering committee, RACI, training.

Each case starts from the healthy organisation with its leadership and competence
records (``leadership_records``), breaks or bends one thing, and says what the
named check finds.
"""

import copy
import datetime as dt

import pytest

from evident.core.models import Organisation
from evident.core.services import bulk_delete_records, create_record, delete_record, update_record
from evident.core.tenancy import scoped
from evident.governance.models import (
    BodyMeeting,
    ContextIssue,
    GoverningBody,
    InterestedParty,
    MeetingAction,
    RoleAssignment,
)
from evident.governance.services import assign_role, record_meeting
from evident.support.models import CompetenceRequirement, TrainingCourse, TrainingRecord
from evident.support.services import record_training

from .builders import AUDIT_DATE, Cases, findings, found, healthy_fixtures
from .leadership_records import ANALYST

AOC = "area_of_concern"
stage1 = Cases(stage=1)
stage2 = Cases(stage=2)
healthy_template, _ = healthy_fixtures()


@pytest.fixture
def healthy(healthy_template, db):
    return copy.deepcopy(healthy_template)


def test_the_healthy_organisation_raises_no_concern_and_no_finding_here(healthy):
    ours = {case.check_id for case in stage1.cases + stage2.cases}
    assert [f for f in findings(healthy.build.org, 1) if f.check_id in ours] == []
    assert [f for f in findings(healthy.build.org, 2) if f.check_id in ours] == []


# Stage 1 ------------------------------------------------------------------------------


@stage1("s1.context.issues")
def no_context_issue_on_record(h):
    bulk_delete_records(scoped(ContextIssue, h.build.org))
    return [found("s1.context.issues", "4.1", AOC, "low")]


@stage1("s1.context.issues", passes=True)
def external_issues_alone_are_enough_to_start_with(h):
    bulk_delete_records(scoped(ContextIssue, h.build.org).filter(kind="internal"))
    return []


@stage1("s1.context.interested-parties")
def no_interested_party_on_record(h):
    bulk_delete_records(scoped(InterestedParty, h.build.org))
    return [found("s1.context.interested-parties", "4.2", AOC, "low")]


@stage1("s1.leadership.governing-body")
def no_governing_body_at_all(h):
    delete_record(h.leadership.committee)
    return [found("s1.leadership.governing-body", "5.1", AOC, "medium")]


@stage1("s1.leadership.governing-body")
def a_committee_sponsored_by_someone_outside_top_management(h):
    update_record(h.leadership.committee, executive_sponsor=h.staff[2])
    return [found("s1.leadership.governing-body", "5.1", AOC, "medium", [h.leadership.committee])]


@stage1("s1.leadership.governing-body", passes=True)
def a_further_board_without_a_sponsor_is_fine_beside_a_sponsored_one(h):
    h.build.make(GoverningBody, name="Architecture board")
    return []


@stage1("s1.roles.accountable")
def in_scope_processes_nobody_is_accountable_for(h):
    change, problem = h.processes["change"], h.processes["problem"]
    bulk_delete_records(scoped(RoleAssignment, h.build.org).filter(process__in=[change, problem]))
    return [found("s1.roles.accountable", "5.3", AOC, "low", [change, problem])]


@stage1("s1.roles.accountable", passes=True)
def a_process_out_of_scope_needs_no_accountable_person(h):
    release = update_record(h.processes["release"], in_scope=False)
    bulk_delete_records(scoped(RoleAssignment, h.build.org).filter(process=release))
    return []


@stage1("s1.roles.accountable", passes=True)
def a_responsible_person_alone_does_not_make_a_process_unowned(h):
    assign_role(h.staff[3], "Change coordinator", process=h.processes["change"])
    record_training(h.staff[3], h.leadership.foundations, dt.date(2025, 1, 6))
    return []


@stage1("s1.competence.requirements")
def a_role_with_no_competence_requirement(h):
    coordinator = assign_role(h.staff[2], "Problem coordinator", process=h.processes["problem"])
    # The same role name in another organisation does not define this one's needs.
    elsewhere = Organisation.objects.create(slug="elsewhere", name="Elsewhere")
    create_record(
        CompetenceRequirement, elsewhere, role="Problem coordinator", course=_course(elsewhere)
    )
    return [found("s1.competence.requirements", "7.2", AOC, "low", [coordinator])]


def _course(organisation):
    return create_record(TrainingCourse, organisation, title="Problem solving")


# Stage 2 ------------------------------------------------------------------------------


@stage2("s2.leadership.body-met")
def a_board_that_never_met_in_the_period(h):
    board = h.build.make(GoverningBody, name="Architecture board", executive_sponsor=h.ceo)
    record_meeting(board, AUDIT_DATE - dt.timedelta(days=400), [h.ceo])
    return [found("s2.leadership.body-met", "5.1", "minor", records=[board])]


@stage2("s2.leadership.body-met", passes=True)
def a_meeting_after_the_audit_date_does_not_count_but_those_before_do(h):
    record_meeting(h.leadership.committee, AUDIT_DATE + dt.timedelta(days=10), [h.ceo])
    return []


@stage2("s2.leadership.body-cadence")
def a_quarterly_committee_that_met_once(h):
    meetings = [m.pk for m in h.leadership.meetings[1:]]
    bulk_delete_records(scoped(BodyMeeting, h.build.org).filter(pk__in=meetings))
    return [found("s2.leadership.body-cadence", "5.1", "ofi", records=[h.leadership.committee])]


@stage2("s2.leadership.body-cadence", passes=True)
def missing_one_of_four_quarterly_meetings_is_within_reason(h):
    delete_record(h.leadership.meetings[0])
    return []


@stage2("s2.leadership.actions-done")
def actions_left_open_long_after_they_fell_due(h):
    meeting = h.leadership.meetings[0]
    late = [
        h.build.make(
            MeetingAction,
            meeting=meeting,
            description="Renew the mail contract",
            due_date=AUDIT_DATE - dt.timedelta(days=31),
            closed_on=closed,
        )
        for closed in (None, AUDIT_DATE + dt.timedelta(days=5))
    ]
    h.build.make(
        MeetingAction,
        meeting=meeting,
        description="Within the grace",
        due_date=AUDIT_DATE - dt.timedelta(days=30),
    )
    return [found("s2.leadership.actions-done", "5.1", "ofi", records=late)]


@stage2("s2.competence.current-training")
def most_role_holders_trained_but_one_training_expired(h):
    _trained_analysts(h, 10)
    lapsed = scoped(TrainingRecord, h.build.org).get(person=h.leadership.analyst)
    update_record(lapsed, expires_on=AUDIT_DATE - dt.timedelta(days=1))
    return [found("s2.competence.current-training", "7.2", "minor", records=[h.leadership.analyst])]


@stage2("s2.competence.current-training")
def a_systemic_lapse_when_more_than_one_in_ten_lack_training(h):
    newcomer = h.build.person("Di Newcomer")
    assign_role(newcomer, ANALYST, process=h.processes["incident"])
    record_training(newcomer, h.leadership.incident_handling, AUDIT_DATE + dt.timedelta(days=1))
    return [found("s2.competence.current-training", "7.2", "major", records=[newcomer])]


@stage2("s2.competence.current-training", passes=True)
def training_expiring_on_the_audit_day_still_counts_and_leavers_are_not_judged(h):
    current = scoped(TrainingRecord, h.build.org).get(person=h.leadership.analyst)
    update_record(current, expires_on=AUDIT_DATE)
    leaver = h.build.person("Ed Leaver", active=False)
    assign_role(leaver, ANALYST, process=h.processes["incident"])
    return []


def _trained_analysts(h, count):
    for n in range(count):
        analyst = h.build.person(f"Analyst {n}")
        assign_role(analyst, ANALYST, process=h.processes["incident"])
        record_training(analyst, h.leadership.incident_handling, dt.date(2025, 1, 6))


@pytest.mark.parametrize("case", stage1.params())
def test_stage1_check(healthy, case):
    stage1.run(healthy, case)


@pytest.mark.parametrize("case", stage2.params())
def test_stage2_check(healthy, case):
    stage2.run(healthy, case)


def test_the_training_finding_says_which_courses_are_missing(healthy, as_cli):
    newcomer = healthy.build.person("Di Newcomer")
    assign_role(newcomer, ANALYST, process=healthy.processes["incident"])
    (finding,) = findings(healthy.build.org, 2, "s2.competence.current-training")
    assert "1 of 3 people holding SMS roles (33.3 %)" in finding.statement
    assert f"Incident handling ({healthy.leadership.incident_handling.ref})" in finding.statement
    assert "SMS foundations" not in finding.statement


def test_the_roles_without_requirements_are_named_in_the_statement(healthy, as_cli):
    assign_role(healthy.staff[2], "Problem coordinator")
    assign_role(healthy.staff[3], "Problem coordinator")
    (finding,) = findings(healthy.build.org, 1, "s1.competence.requirements")
    assert finding.statement.startswith("1 role held in the SMS has no competence requirement")
    assert "Problem coordinator (2 role assignments)" in finding.statement


def test_the_cadence_finding_gives_the_meetings_held_and_implied(healthy, as_cli):
    for meeting in healthy.leadership.meetings[1:]:
        delete_record(meeting)
    (finding,) = findings(healthy.build.org, 2, "s2.leadership.body-cadence")
    assert "met 1 time where every 90 days implies 4" in finding.statement


def test_a_person_counts_once_however_many_roles_they_hold(healthy, as_cli):
    owner = healthy.leadership.owner
    assign_role(owner, ANALYST, process=healthy.processes["incident"])
    (finding,) = findings(healthy.build.org, 2, "s2.competence.current-training")
    assert finding.records == ({"type": "core.person", "id": owner.pk, "ref": owner.ref},)
    assert "1 of 2 people" in finding.statement
