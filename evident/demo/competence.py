"""Roles and competence: the RACI of each process, the courses each role needs, and training.

Each process owner is accountable for their process; service desk analysts,
change implementers and problem analysts are responsible for the work. Every
role holder completed the courses their roles require recently enough for the
training to be current on the audit day.
"""

from __future__ import annotations

from evident.core.tenancy import scoped
from evident.governance.models import Process, RoleAssignment
from evident.support.models import CompetenceRequirement, TrainingCourse, TrainingRecord
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
    staff = [p for p in roster.in_scope if p.pk not in leaders]
    for role, keys, units, count in RESPONSIBLE:
        pool = [p for p in staff if p.unit in units]
        for person in rng.sample(pool, min(count, len(pool))):
            rows += [RoleAssignment(person=person, role=role, process=processes[k]) for k in keys]
    for row in rows:
        row.assigned_on = assigned
    build.save(RoleAssignment, rows)
    holders: dict[str, set] = {}
    for row in rows:
        holders.setdefault(row.role, set()).add(row.person)
    return holders


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
    records = []
    for person in sorted(needs, key=lambda p: p.pk):
        for course in sorted(needs[person], key=lambda c: c.pk):
            # Completed within the last 20 months: current for every course of 24 months or more.
            completed = timeline.day_ago(rng.randint(20, 600))
            records.append(
                TrainingRecord(
                    person=person,
                    course=course,
                    completed_on=completed,
                    expires_on=training_expiry(course, completed),
                )
            )
    build.save(TrainingRecord, records)
