"""Roles and competence: the RACI of each process, the courses each role needs, and training.

Each process owner is accountable for their process; service desk analysts,
change implementers and problem analysts are responsible for the work. Every
role holder completed the courses their roles require recently enough for the
training to be current on the audit day. Staff are given roles from among the
people who acknowledged the service management policy (7.3); one service desk
analyst took up the role during the audit period and was trained in their first week.
"""

from __future__ import annotations

import datetime as dt

from evident.core.tenancy import scoped
from evident.governance.models import Process, RoleAssignment
from evident.support.models import (
    Acknowledgement,
    CompetenceRequirement,
    TrainingCourse,
    TrainingRecord,
)
from evident.support.services import training_expiry

from .build import Build
from .documents import PROCESS_OWNERS

PROCESS_OWNER = "Process owner"
SMS_MANAGER = "SMS manager"
SPONSOR = "Executive sponsor"

# Responsible roles: (role, processes, units the holders come from, how many).
RESPONSIBLE = (
    ("Service desk analyst", ("incident", "service_request"), ("Service Desk",), 4),
    ("Change implementer", ("change", "release"), ("Infrastructure", "Applications"), 3),
    ("Problem analyst", ("problem",), ("Infrastructure", "Applications"), 2),
)

# The last holder of this role took it up this many days ago, inside the audit period.
NEWCOMER_ROLE, NEWCOMER_DAYS = "Service desk analyst", 100
INDUCTION = dt.timedelta(days=7)

# (title, validity in months or None, roles that require it)
COURSES = (
    ("Service management foundations", 36, (PROCESS_OWNER, SMS_MANAGER)),
    ("SMS leadership briefing", 36, (SPONSOR, SMS_MANAGER)),
    ("Incident and request handling", 24, ("Service desk analyst", "Problem analyst")),
    ("Change and release practice", 24, ("Change implementer",)),
    ("Root cause analysis", None, ("Problem analyst",)),
)


def generate(build: Build) -> None:
    """Create the RACI, the courses with the roles that require them, and the training."""
    holders = _raci(build)
    requirements = _courses(build)
    _training(build, holders, requirements)


def _raci(build: Build) -> dict[str, set]:
    """Assign the roles; return who holds each role."""
    rng, roster, timeline = build.rng("raci"), build.roster, build.timeline
    processes = {p.key: p for p in scoped(Process, build.organisation)}
    assigned = timeline.day_ago(420)
    rows = [
        RoleAssignment(person=roster.managing_director, role=SPONSOR, responsibility="accountable"),
        RoleAssignment(person=roster.sms_manager, role=SMS_MANAGER, responsibility="responsible"),
    ]
    for key, process in processes.items():
        owner = build.owner(PROCESS_OWNERS[key])
        rows.append(
            RoleAssignment(
                person=owner, role=PROCESS_OWNER, process=process, responsibility="accountable"
            )
        )
    leaders = {p.pk for p in [*roster.top_management, roster.sms_manager, *roster.owners.values()]}
    aware = _acknowledged(build)
    staff = [p for p in roster.in_scope if p.pk not in leaders and p.pk in aware]
    for role, keys, units, count in RESPONSIBLE:
        pool = [p for p in staff if p.unit in units]
        chosen = rng.sample(pool, min(count, len(pool)))
        for person in chosen:
            joined = person is chosen[-1] and role == NEWCOMER_ROLE
            on = timeline.day_ago(NEWCOMER_DAYS) if joined else assigned
            rows += [
                RoleAssignment(person=person, role=role, process=processes[k], assigned_on=on)
                for k in keys
            ]
    for row in rows:
        row.assigned_on = row.assigned_on or assigned
    build.save(RoleAssignment, rows)
    holders: dict[str, set] = {}
    for row in rows:
        holders.setdefault(row.role, set()).add(row.person)
    return holders


def _acknowledged(build: Build) -> set[int]:
    """Who acknowledged the current service management policy."""
    acknowledgements = scoped(Acknowledgement, build.organisation).filter(
        document_version=build.sm_policy_version
    )
    return set(acknowledgements.values_list("person_id", flat=True))


def _courses(build: Build) -> dict[str, list[TrainingCourse]]:
    """Create the courses and requirements; return the courses each role requires."""
    courses = build.save(
        TrainingCourse,
        [
            TrainingCourse(title=title, validity_months=months, description=f"{title} course.")
            for title, months, _ in COURSES
        ],
    )
    required: dict[str, list[TrainingCourse]] = {}
    requirements = []
    for course, (_, _, roles) in zip(courses, COURSES, strict=True):
        for role in roles:
            required.setdefault(role, []).append(course)
            requirements.append(CompetenceRequirement(role=role, course=course))
    build.save(CompetenceRequirement, requirements)
    return required


def _training(build: Build, holders: dict[str, set], required: dict[str, list]) -> None:
    rng, timeline = build.rng("training"), build.timeline
    needs: dict = {}
    for role, people in holders.items():
        for person in people:
            needs.setdefault(person, set()).update(required.get(role, []))
    joined = _joined_in_period(build)
    records = []
    for person in sorted(needs, key=lambda p: p.pk):
        for course in sorted(needs[person], key=lambda c: c.pk):
            # Completed within the last 20 months: current for every course of 24 months or more.
            completed = timeline.day_ago(rng.randint(20, 600))
            if person.pk in joined:  # a newcomer is trained in their first week in the role
                completed = max(completed, joined[person.pk] + INDUCTION)
            records.append(
                TrainingRecord(
                    person=person,
                    course=course,
                    completed_on=completed,
                    expires_on=training_expiry(course, completed),
                )
            )
    build.save(TrainingRecord, records)


def _joined_in_period(build: Build) -> dict[int, dt.date]:
    """When each person who took an SMS role in the audit period took it."""
    taken = scoped(RoleAssignment, build.organisation).filter(
        assigned_on__gte=build.timeline.start_day
    )
    return dict(taken.values_list("person_id", "assigned_on"))
