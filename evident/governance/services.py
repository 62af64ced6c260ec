"""Domain verbs of leadership and planning: meetings, actions, SMS roles, plan milestones.

Each verb writes through ``core.services`` so that validation, tenancy and the
evidence ledger apply; callers open the ``acting(...)`` block that says who writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction

from evident.core import services
from evident.core.models import Person
from evident.core.tenancy import scoped

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
    with transaction.atomic():
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
    return services.update_record(action, closed_on=closed_on)


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
    if responsibility == RoleAssignment.Responsibility.ACCOUNTABLE and process is not None:
        holder = (
            scoped(RoleAssignment, person.organisation)
            .filter(
                process=process,
                responsibility=RoleAssignment.Responsibility.ACCOUNTABLE,
            )
            .exclude(person=person)
            .first()
        )
        if holder is not None:
            raise ValidationError(
                {"responsibility": f"{holder.person.name} is already accountable for {process}."}
            )
    return services.create_record(
        RoleAssignment,
        person.organisation,
        person=person,
        role=role,
        process=process,
        responsibility=responsibility,
        assigned_on=assigned_on,
    )


def complete_milestone(milestone: Milestone, completed_on: dt.date) -> Milestone:
    """Mark ``milestone`` done on ``completed_on``; the milestones it depends on must be done."""
    waiting = milestone.dependencies.exclude(status=Milestone.Status.DONE).order_by("ref")
    if waiting.exists():
        refs = ", ".join(m.ref for m in waiting)
        raise ValidationError({"status": f"{milestone.ref} still waits on {refs}."})
    return services.update_record(
        milestone, status=Milestone.Status.DONE, completed_on=completed_on
    )
