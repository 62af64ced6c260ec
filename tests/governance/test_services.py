"""Leadership verbs: meetings with their actions, closing actions, RACI roles; all are verbs."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.core.models import HistoryEntry, Person
from evident.core.services import create_record
from evident.core.tenancy import scoped
from evident.core.verbs import is_verb
from evident.governance import planning_services, services
from evident.governance.models import (
    GoverningBody,
    MeetingAction,
    Process,
    RoleAssignment,
    ScopeStatement,
)
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
    # The meeting and its actions are one operation of one event.
    assert {(e.event, e.operation) for e in ledger} == {
        ("bodymeeting.recorded", ledger[0].operation)
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


WRITING_VERBS = {
    services: (
        "record_meeting",
        "close_meeting_action",
        "assign_role",
        "revise_role_assignment",
        "start_milestone",
        "complete_milestone",
    ),
    planning_services: (
        "draft_scope_statement",
        "revise_scope_statement",
        "approve_scope_statement",
        "supersede_scope_statement",
        "start_scope_phase",
        "certify_scope_phase",
        "achieve_objective",
        "miss_objective",
        "withdraw_objective",
        "treat_risk",
        "close_risk",
        "reopen_risk",
    ),
}


def test_every_public_function_that_writes_is_a_verb():
    for module, names in WRITING_VERBS.items():
        public = {
            name
            for name, value in vars(module).items()
            if callable(value)
            and not name.startswith("_")
            and getattr(value, "__module__", "") == module.__name__
            and not isinstance(value, type)
        }
        assert public == set(names), module.__name__
        assert all(is_verb(getattr(module, name)) for name in names), module.__name__


def test_only_an_approved_scope_is_superseded(org, as_cli):
    draft = create_record(ScopeStatement, org, statement="Email")
    with pytest.raises(ValidationError) as error:
        planning_services.supersede_scope_statement(draft)
    assert "status" in error.value.message_dict
