"""Domain verbs of leadership and planning: meetings, actions, SMS roles, plan milestones.

Each verb writes through ``core.services`` so that validation, tenancy and the
evidence ledger apply, as one operation (``core.verbs``); callers open the
``acting(...)`` block that says who writes. The scope, objectives and risks have
their verbs in ``planning_services``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypedDict

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.models import Person
from evident.core.tenancy import scoped
from evident.core.verbs import verb
from evident.support.rules import refuse_future, refuse_unless

from .models import (
    BodyMeeting,
    GoverningBody,
    MeetingAction,
    Milestone,
    Process,
    RoleAssignment,
)


class ActionItem(TypedDict, total=False):
    """An action agreed at a meeting: what, who and by when (``owner`` may be left out)."""

    description: str
    owner: Person | None
    due_date: dt.date


@verb("bodymeeting.recorded")
def record_meeting(
    body: GoverningBody,
    held_on: dt.date,
    attendees: Iterable[Person],
    minutes: str = "",
    decisions: str = "",
    actions: Iterable[ActionItem] = (),
) -> BodyMeeting:
    """Record that ``body`` met, who attended, what it decided and the actions it gave out.

    The meeting and its actions are written together: a meeting whose actions
    fail validation is not recorded at all.
    """
    meeting = services.create_record(
        BodyMeeting,
        body.organisation,
        body=body,
        held_on=held_on,
        attendees=[person.pk for person in attendees],
        minutes=minutes,
        decisions=decisions,
    )
    for item in actions:
        _check_action_due(item, held_on)
        services.create_record(MeetingAction, body.organisation, meeting=meeting, **item)
    return meeting


def _check_action_due(item: ActionItem, held_on: dt.date) -> None:
    due = item.get("due_date")
    if due is not None and due < held_on:
        raise ValidationError({"due_date": "An action cannot fall due before the meeting set it."})


@verb("meetingaction.closed")
def close_meeting_action(action: MeetingAction, closed_on: dt.date) -> MeetingAction:
    """Mark ``action`` done on ``closed_on``; an action is closed once, after its meeting."""
    if action.closed_on is not None:
        raise ValidationError(
            {"closed_on": f"Action {action.ref} was closed on {action.closed_on}."}
        )
    if closed_on < action.meeting.held_on:
        raise ValidationError(
            {"closed_on": "An action cannot be closed before the meeting that set it."}
        )
    refuse_future("closed_on", closed_on)
    return services.update_record(action, closed_on=closed_on)


@verb("roleassignment.assigned")
def assign_role(
    person: Person,
    role: str,
    *,
    process: Process | None = None,
    responsibility: str = RoleAssignment.Responsibility.RESPONSIBLE,
    assigned_on: dt.date | None = None,
) -> RoleAssignment:
    """Give ``person`` a role in the SMS, for one process or (without ``process``) the whole SMS.

    A process has one accountable person: naming a second one is refused, so the
    RACI never leaves it unclear who answers for the process.
    """
    _refuse_second_accountable(person, process, responsibility)
    return services.create_record(
        RoleAssignment,
        person.organisation,
        person=person,
        role=role,
        process=process,
        responsibility=responsibility,
        assigned_on=assigned_on,
    )


@verb("roleassignment.revised")
def revise_role_assignment(assignment: RoleAssignment, **changes) -> RoleAssignment:
    """Edit a role assignment as given, keeping one accountable person per process."""
    after = {
        name: changes.get(name, getattr(assignment, name))
        for name in ("person", "process", "responsibility")
    }
    _refuse_second_accountable(**after, exclude=assignment)
    return services.update_record(assignment, **changes)


def _refuse_second_accountable(
    person: Person, process: Process | None, responsibility: str, exclude=None
) -> None:
    if responsibility != RoleAssignment.Responsibility.ACCOUNTABLE or process is None:
        return
    holder = (
        scoped(RoleAssignment, person.organisation)
        .filter(
            process=process,
            responsibility=RoleAssignment.Responsibility.ACCOUNTABLE,
            voided_at__isnull=True,
        )
        .exclude(person=person)
        .exclude(pk=getattr(exclude, "pk", None))
        .first()
    )
    if holder is not None:
        raise ValidationError(
            {"responsibility": f"{holder.person.name} is already accountable for {process}."}
        )


@verb("milestone.started")
def start_milestone(milestone: Milestone) -> Milestone:
    """Record that work towards ``milestone`` has begun."""
    refuse_unless(milestone, (Milestone.Status.PLANNED,), "be started")
    return services.update_record(milestone, status=Milestone.Status.IN_PROGRESS)


@verb("milestone.completed")
def complete_milestone(milestone: Milestone, completed_on: dt.date) -> Milestone:
    """Mark ``milestone`` done on ``completed_on``; the milestones it depends on must be done."""
    refuse_unless(milestone, (Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS), "be done")
    refuse_future("completed_on", completed_on)
    waiting = milestone.dependencies.filter(voided_at__isnull=True).exclude(
        status=Milestone.Status.DONE
    )
    if waiting.exists():
        refs = ", ".join(m.ref for m in waiting)
        raise ValidationError({"status": f"{milestone.ref} still waits on {refs}."})
    return services.update_record(
        milestone, status=Milestone.Status.DONE, completed_on=completed_on
    )
