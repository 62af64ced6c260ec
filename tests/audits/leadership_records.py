"""Leadership and competence records a healthy organisation keeps (4.1, 4.2, 5.1, 5.3, 7.2).

``add_leadership_and_competence`` gives an organisation built by ``builders.healthy_org``
the context issues, interested parties, steering committee with its meetings,
RACI and training that the checks of these clauses look for, as at ``AUDIT_DATE``.
It is written through the domain verbs, as people would keep these records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from evident.core.models import Person
from evident.governance.models import ContextIssue, GoverningBody, InterestedParty
from evident.governance.services import assign_role, close_meeting_action, record_meeting
from evident.support.models import CompetenceRequirement, TrainingCourse
from evident.support.services import record_training

PROCESS_OWNER = "Process owner"
ANALYST = "Service desk analyst"
# Quarterly meetings of the period 2024-06-30 to 2025-06-30; the last one's action is not due.
MEETINGS = (dt.date(2024, 8, 15), dt.date(2024, 11, 14), dt.date(2025, 2, 13), dt.date(2025, 5, 15))
ACTION_DAYS = 60


@dataclass
class Leadership:
    """The records tests reach for: the committee, its meetings, the courses and role holders."""

    committee: GoverningBody = None
    meetings: list = field(default_factory=list)
    foundations: TrainingCourse = None
    incident_handling: TrainingCourse = None
    owner: Person = None
    analyst: Person = None


def add_leadership_and_competence(build, ceo: Person, staff: list, processes: dict) -> Leadership:
    """Add the records to the organisation of ``build`` (a ``builders.Builder``)."""
    b, done = build, Leadership(owner=staff[0], analyst=staff[1])
    b.make(ContextIssue, title="Cloud prices rise", kind="external", recorded_on=MEETINGS[0])
    b.make(ContextIssue, title="Two experts hold the mail know-how", kind="internal",
           recorded_on=MEETINGS[0])  # fmt: skip
    b.make(InterestedParty, name="All staff as users", kind=InterestedParty.Kind.USER)
    b.make(InterestedParty, name="Mail host Ltd", kind=InterestedParty.Kind.SUPPLIER)
    done.committee = b.make(
        GoverningBody,
        name="SMS steering committee",
        executive_sponsor=ceo,
        chair=ceo,
        members=[ceo.pk, staff[0].pk],
        meeting_interval_days=90,
    )
    for held in MEETINGS:
        due = held + dt.timedelta(days=ACTION_DAYS)
        meeting = record_meeting(
            done.committee,
            held,
            [ceo, staff[0]],
            minutes="Reviewed service performance and the SMS plan.",
            decisions="Plan confirmed.",
            actions=[{"description": "Report on availability", "owner": staff[0], "due_date": due}],
        )
        if due < MEETINGS[-1]:
            close_meeting_action(meeting.actions.get(), due)
        done.meetings.append(meeting)
    _raci_and_training(b, done, processes)
    return done


def _raci_and_training(b, done: Leadership, processes: dict) -> None:
    for process in processes.values():
        assign_role(done.owner, PROCESS_OWNER, process=process, responsibility="accountable")
    assign_role(done.analyst, ANALYST, process=processes["incident"])
    done.foundations = b.make(TrainingCourse, title="SMS foundations", validity_months=36)
    done.incident_handling = b.make(TrainingCourse, title="Incident handling", validity_months=24)
    b.make(CompetenceRequirement, role=PROCESS_OWNER, course=done.foundations)
    b.make(CompetenceRequirement, role=ANALYST, course=done.incident_handling)
    record_training(done.owner, done.foundations, dt.date(2024, 9, 2))
    record_training(done.analyst, done.incident_handling, dt.date(2024, 10, 7))
