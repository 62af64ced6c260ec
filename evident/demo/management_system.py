"""Assurance and improvement: continuity plans and tests, the internal audit programme,
and the nonconformities the internal audits raised with their corrective actions.

Management reviews come last (``demo.evaluation``): their inputs are compiled from
every other record."""

from __future__ import annotations

import datetime as dt

from evident.assurance.models import ContinuityPlan, ContinuityTest
from evident.audits.models import (
    AuditProgramme,
    CorrectiveAction,
    InternalAudit,
    Nonconformity,
)

from . import faults
from .build import Build
from .timeline import HOUR

# (title, services it protects)
CONTINUITY_PLANS = (
    ("Loss of the primary hosting region",
     ("Cloud Hosting", "Backup and Restore", "Web Hosting", "Data Warehouse")),
    ("Recovery from a ransomware attack",
     ("Identity and Access", "Email and Calendar", "Endpoint Management", "Backup and Restore")),
    ("Loss of the head office site",
     ("Service Desk", "Network Connectivity", "Printing and Scanning")),
    ("Failure of a key application supplier",
     ("ERP Application Support", "Payroll Application", "Collaboration Platform")),
)  # fmt: skip
TEST_NOTES = {
    ContinuityTest.Result.PASSED: "Recovery within the agreed time; no issues found.",
    ContinuityTest.Result.PASSED_WITH_ISSUES: (
        "Recovery within the agreed time; contact list out of date, updated after the test."
    ),
}

# (title, clauses covered, planned days ago, completed days ago, co-auditor): each
# co-auditor owns a process that the audit does not examine, so the audit stays impartial.
AUDIT_PROGRAMME = (
    ("Context, leadership, planning and support", "4,5,6,7", 305, 300, "change"),
    ("Service portfolio, relationships and supply", "8.1,8.2,8.3,8.4", 185, 180, "problem"),
    ("Operation, assurance, evaluation and improvement", "8.5,8.6,8.7,9,10", 80, 75, "supplier"),
)
NEXT_AUDIT = ("Full-scope audit of clauses 4 to 10", "4,5,6,7,8,9,10", 40)
# The current cycle began before the first audit and ends before the next full-scope audit.
CYCLE_STARTED_DAYS_AGO, CYCLE_ENDS_DAYS_AHEAD = 330, 35

# One nonconformity per completed internal audit:
# (title, clause, statement, correction, root cause, action).
NONCONFORMITIES = (
    ("New starters not briefed on the SMS policy", "7.3",
     "Three of ten sampled new starters had not acknowledged the policy.",
     "The three new starters were briefed and acknowledged the policy.",
     "Onboarding had no step for the SMS policy.",
     "Add the policy acknowledgement to the onboarding checklist."),
    ("Supplier reviews did not cover contract obligations", "8.3.4",
     "Two supplier review notes did not compare performance with the contract.",
     "Both reviews were repeated against the contract schedules.",
     "The review notes were free text with no prompt for obligations.",
     "Introduce a review template listing each contractual obligation."),
    ("Post-implementation reviews completed late", "8.5.1",
     "Two emergency changes were reviewed more than two weeks after implementation.",
     "The two reviews were completed and their lessons recorded.",
     "Nobody was due to schedule the review of an emergency change.",
     "Schedule the review when the emergency change is approved."),
)  # fmt: skip


def generate(build: Build) -> None:
    """Create continuity plans and tests, the audit programme and nonconformities."""
    _continuity(build)
    completed = _internal_audits(build)
    _nonconformities(build, completed)


def _continuity(build: Build) -> None:
    rng = build.rng("continuity")
    timeline = build.timeline
    by_name = {s.name: s for s in build.live_services}
    tests = []
    for title, names in CONTINUITY_PLANS[: build.scale.continuity_plans]:
        protected = [by_name[n].pk for n in names if n in by_name]
        plan = build.create(
            ContinuityPlan,
            title=title,
            services=protected or [build.live_services[0].pk],
            status=ContinuityPlan.Status.APPROVED,
            owner=build.owner("continuity"),
            approved_at=timeline.ago(rng.randint(400, 520)) + HOUR * 14,
        )
        for days in (rng.randint(380, 440), rng.randint(40, 300)):
            result = rng.choice(list(TEST_NOTES))
            tests.append(
                ContinuityTest(
                    plan=plan,
                    tested_on=timeline.day_ago(days),
                    result=result,
                    notes=TEST_NOTES[result],
                )
            )
    tests.sort(key=lambda t: t.tested_on)
    build.save(ContinuityTest, tests)


def _internal_audits(build: Build) -> list[InternalAudit]:
    """The current cycle's programme with its three completed audits, and the next cycle's."""
    timeline, auditor = build.timeline, build.roster.internal_auditor
    cycle_start = timeline.day_ago(CYCLE_STARTED_DAYS_AGO)
    cycle_end = timeline.day_ahead(CYCLE_ENDS_DAYS_AHEAD)
    current = build.create(
        AuditProgramme,
        title=f"Internal audit programme {cycle_start.year}-{cycle_end.year}",
        cycle_start=cycle_start,
        cycle_end=cycle_end,
        owner=build.roster.sms_manager,
        approved_on=cycle_start,
        approved_by=build.roster.managing_director,
    )
    following = build.create(
        AuditProgramme,
        title=f"Internal audit programme {cycle_end.year}-{cycle_end.year + 1}",
        cycle_start=cycle_end + dt.timedelta(days=1),
        cycle_end=cycle_end + dt.timedelta(days=365),
        owner=build.roster.sms_manager,
    )
    audits = [
        build.create(
            InternalAudit,
            title=f"Internal audit: {title}",
            programme=current,
            planned_date=timeline.day_ago(planned),
            completed_on=timeline.day_ago(completed),
            status=InternalAudit.Status.COMPLETED,
            clauses=clauses,
            lead_auditor=auditor,
            auditors=[build.owner(co_auditor).pk],
            summary="Audit completed to plan; one minor nonconformity raised, "
            "otherwise the arrangements were effective.",
        )
        for title, clauses, planned, completed, co_auditor in AUDIT_PROGRAMME
    ]
    title, clauses, ahead = NEXT_AUDIT
    build.create(
        InternalAudit,
        title=f"Internal audit: {title}",
        programme=following,
        planned_date=timeline.day_ahead(ahead),
        status=InternalAudit.Status.PLANNED,
        clauses=clauses,
        lead_auditor=auditor,
    )
    return audits


def _nonconformities(build: Build, audits: list[InternalAudit]) -> None:
    """Each closed after its corrective action was done and checked effective."""
    today = build.timeline.today
    pairs = []
    for audit, row in zip(audits, NONCONFORMITIES, strict=True):
        title, clause, statement, correction, root_cause, action = row
        raised = audit.completed_on
        due = raised + dt.timedelta(days=30)
        done = due - dt.timedelta(days=5)
        checked = min(done + dt.timedelta(days=35), today - dt.timedelta(days=15))
        nonconformity = Nonconformity(
            title=title,
            source=Nonconformity.Source.INTERNAL_AUDIT,
            clause=clause,
            grade=Nonconformity.Grade.MINOR,
            statement=f"{statement} Raised at {audit.ref}.",
            raised_on=raised,
            status=Nonconformity.Status.CLOSED,
            closed_on=checked + dt.timedelta(days=3),
            closure_verified=True,
            correction=correction,
            root_cause=root_cause,
            owner=build.owner(_owner_for(clause)),
            due_date=due + dt.timedelta(days=45),
        )
        corrective = CorrectiveAction(
            description=action,
            owner=build.owner(_owner_for(clause)),
            due_date=due,
            closed_on=done,
            effectiveness=CorrectiveAction.Effectiveness.EFFECTIVE,
            effectiveness_checked_on=checked,
        )
        pairs.append((nonconformity, corrective))
    if build.faults:
        faults.leave_corrective_action_overdue(*pairs[-1], today)
    saved = build.save(Nonconformity, [nc for nc, _ in pairs])
    for nonconformity, (_, corrective) in zip(saved, pairs, strict=True):
        corrective.nonconformity = nonconformity
    build.save(CorrectiveAction, [ca for _, ca in pairs])


def _owner_for(clause: str) -> str:
    return {"7.3": "service_level", "8.3.4": "supplier", "8.5.1": "change"}[clause]
