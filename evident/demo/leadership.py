"""Context and leadership: the issues and parties around the SMS, and its steering committee.

The committee meets each quarter with top management as its executive sponsor;
actions from earlier meetings were closed by their due dates, and those of the
latest meeting are not due yet.
"""

from __future__ import annotations

import datetime as dt

from evident.governance.models import (
    BodyMeeting,
    ContextIssue,
    GoverningBody,
    InterestedParty,
    MeetingAction,
)

from .build import Build

# (title, kind, effect on the SMS)
CONTEXT_ISSUES = (
    ("Customers move workloads to public cloud", "external",
     "Hosting services must match cloud prices and self-service."),
    ("Data protection rules tighten", "external",
     "Records of processing and supplier terms must be kept current."),
    ("Ransomware attacks on the sector rise", "external",
     "Backup, restore and continuity arrangements are tested more often."),
    ("Market for skilled engineers is tight", "external",
     "Hiring takes longer; knowledge must be written down."),
    ("Group cost-reduction programme", "internal",
     "Improvements must show savings to be funded."),
    ("Legacy applications depend on a few experts", "internal",
     "Problem records and runbooks spread the knowledge."),
    ("Service desk moves to a new ticketing tool", "internal",
     "Incident and request records change format during the year."),
    ("Second hosting region opened last year", "internal",
     "Continuity plans rely on fail-over between the regions."),
)  # fmt: skip

# (name, kind, needs, obligations)
INTERESTED_PARTIES = (
    ("Group divisions", "customer", "Reliable services at an agreed cost",
     "Service level agreements"),
    ("Staff using the services", "user", "Quick help and working tools", ""),
    ("Hosting and software suppliers", "supplier", "Clear requirements and timely payment",
     "Contracts and their service levels"),
    ("Data protection authority", "regulator", "Lawful handling of personal data",
     "Data protection law"),
    ("IT staff", "staff", "Clear roles, training and manageable workload", "Employment terms"),
    ("Group board", "owner", "Services that support the group's strategy within budget",
     "Annual budget and reporting"),
    ("External auditors", "other", "Evidence that controls work", "Audit engagement terms"),
)  # fmt: skip

# Actions a committee gives out, picked per meeting.
ACTIONS = (
    "Report availability against the objectives for each live service",
    "Propose the budget for the next improvement cycle",
    "Review supplier exit plans with procurement",
    "Prepare the training plan for new SMS roles",
    "Bring the risk register review forward to the next meeting",
    "Present the internal audit programme for the coming year",
)


def generate(build: Build) -> None:
    """Create the context issues, interested parties, steering committee and its meetings."""
    _context(build)
    committee = _committee(build)
    _meetings(build, committee)


def _context(build: Build) -> None:
    timeline, rng = build.timeline, build.rng("context")
    recorded = timeline.day_ago(400)
    build.save(
        ContextIssue,
        [
            ContextIssue(
                title=title,
                kind=kind,
                description=f"{title}.",
                effect=effect,
                recorded_on=recorded,
                review_due=timeline.day_ahead(rng.randint(60, 240)),
            )
            for title, kind, effect in CONTEXT_ISSUES
        ],
    )
    build.save(
        InterestedParty,
        [
            InterestedParty(
                name=name,
                kind=kind,
                needs=needs,
                obligations=obligations,
                reviewed_on=timeline.day_ago(rng.randint(90, 200)),
            )
            for name, kind, needs, obligations in INTERESTED_PARTIES
        ],
    )


def _committee(build: Build) -> GoverningBody:
    roster = build.roster
    chair = roster.top_management[1]
    members = [
        roster.managing_director,
        chair,
        roster.sms_manager,
        build.owner("service_level"),
        build.owner("change"),
        build.owner("service_desk"),
    ]
    return build.create(
        GoverningBody,
        name="SMS steering committee",
        purpose="Directs the SMS: sets objectives, approves resources, follows up performance.",
        executive_sponsor=roster.managing_director,
        chair=chair,
        members=[person.pk for person in members],
        meeting_interval_days=90,
    )


def _meetings(build: Build, committee: GoverningBody) -> None:
    rng, today = build.rng("committee"), build.timeline.today
    attendees = list(committee.members.values_list("pk", flat=True))
    owners = [build.roster.sms_manager, *build.roster.owners.values()]
    actions = []
    for number, held in enumerate(build.timeline.quarter_days(), start=1):
        present = [pk for pk in attendees if rng.random() < 0.9] or attendees
        meeting = build.create(
            BodyMeeting,
            body=committee,
            held_on=held,
            attendees=present,
            minutes=f"Meeting {number} of the year: service performance, objectives, risks "
            "and the SMS plan reviewed; open actions followed up.",
            decisions="Plan and objectives confirmed; resources approved for the next quarter.",
        )
        for description in rng.sample(ACTIONS, rng.randint(1, 3)):
            actions.append(_action(rng, meeting, description, rng.choice(owners), today))
    build.save(MeetingAction, actions)


def _action(rng, meeting, description, owner, today: dt.date) -> MeetingAction:
    due = meeting.held_on + dt.timedelta(days=rng.randint(30, 75))
    if due >= today:
        return MeetingAction(meeting=meeting, description=description, owner=owner, due_date=due)
    # Done on time: somewhere between a week after the meeting and the due date.
    closed = due - dt.timedelta(days=rng.randint(0, (due - meeting.held_on).days - 7))
    return MeetingAction(
        meeting=meeting, description=description, owner=owner, due_date=due, closed_on=closed
    )
