"""Leadership verbs: meetings with their actions, closing actions, and RACI roles."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.core.models import HistoryEntry, Person
from evident.core.services import create_record
from evident.core.tenancy import scoped
from evident.governance.models import GoverningBody, MeetingAction, Process, RoleAssignment
from evident.governance.services import assign_role, close_meeting_action, record_meeting

HELD = dt.date(2025, 3, 3)


@pytest.fixture
def chief(org, as_cli):
    return create_record(Person, org, name="Ada Chief", is_top_management=True)


@pytest.fixture
def committee(org, chief):
    return create_record(GoverningBody, org, name="SMS steering committee", executive_sponsor=chief)


def test_a_meeting_is_recorded_with_its_attendees_and_actions(org, chief, committee):
    meeting = record_meeting(
        committee,
        HELD,
        [chief],
        minutes="Reviewed the quarter.",
        decisions="Fund a second region.",
        actions=[{"description": "Cost it", "owner": chief, "due_date": HELD + dt.timedelta(30)}],
    )
    assert list(meeting.attendees.all()) == [chief]
    (action,) = meeting.actions.all()
    assert (action.owner, action.closed_on, action.organisation) == (chief, None, org)
    ledger = HistoryEntry.objects.filter(organisation=org, object_ref__in=[meeting.ref, action.ref])
    assert {(e.model, e.source) for e in ledger} == {
        ("governance.bodymeeting", "cli"),
        ("governance.meetingaction", "cli"),
    }


def test_a_meeting_whose_action_falls_due_before_it_is_not_recorded(org, chief, committee):
    late = {"description": "Cost it", "due_date": HELD - dt.timedelta(1)}
    with pytest.raises(ValidationError):
        record_meeting(committee, HELD, [chief], actions=[late])
    assert not committee.meetings.exists()


def test_closing_an_action_records_the_day_once(chief, committee):
    meeting = record_meeting(
        committee, HELD, [chief], actions=[{"description": "a", "due_date": HELD}]
    )
    action = close_meeting_action(meeting.actions.get(), HELD + dt.timedelta(5))
    assert MeetingAction.objects.get(pk=action.pk).closed_on == HELD + dt.timedelta(5)
    with pytest.raises(ValidationError, match="was closed on"):
        close_meeting_action(action, HELD + dt.timedelta(6))


def test_an_action_cannot_be_closed_before_its_meeting(chief, committee):
    meeting = record_meeting(
        committee, HELD, [chief], actions=[{"description": "a", "due_date": HELD}]
    )
    with pytest.raises(ValidationError):
        close_meeting_action(meeting.actions.get(), HELD - dt.timedelta(1))


def test_a_process_has_one_accountable_person(org, chief):
    deputy = create_record(Person, org, name="Bo Deputy")
    change = create_record(Process, org, key="change")
    assign_role(chief, "Change owner", process=change, responsibility="accountable")
    assign_role(chief, "Change owner", process=change, responsibility="accountable")
    assign_role(deputy, "Change coordinator", process=change)
    with pytest.raises(ValidationError, match="Ada Chief is already accountable"):
        assign_role(deputy, "Change owner", process=change, responsibility="accountable")
    roles = scoped(RoleAssignment, org).order_by("ref")
    assert [(r.person, r.responsibility) for r in roles] == [
        (chief, "accountable"),
        (chief, "accountable"),
        (deputy, "responsible"),
    ]
