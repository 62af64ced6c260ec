"""Assurance and improvement: continuity plans and tests, internal audits, management
reviews, and the nonconformities the internal audits raised with their corrective actions."""

from __future__ import annotations

import datetime as dt

from evident.assurance.models import ContinuityPlan, ContinuityTest
from evident.audits.models import CorrectiveAction, InternalAudit, ManagementReview, Nonconformity

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

# (title, clauses covered, planned days ago, completed days ago)
AUDIT_PROGRAMME = (
    ("Context, leadership, planning and support", "4,5,6,7", 305, 300),
    ("Service portfolio, relationships and supply", "8.1,8.2,8.3,8.4", 185, 180),
    ("Operation, assurance, evaluation and improvement", "8.5,8.6,8.7,9,10", 80, 75),
)
NEXT_AUDIT = ("Full-scope audit of clauses 4 to 10", "4,5,6,7,8,9,10", 40)

# One nonconformity per completed internal audit: (title, clause, statement, action).
NONCONFORMITIES = (
    ("New starters not briefed on the SMS policy", "7.3",
     "Three of ten sampled new starters had not acknowledged the policy.",
     "Add the policy acknowledgement to the onboarding checklist."),
    ("Supplier reviews did not cover contract obligations", "8.3.4",
     "Two supplier review notes did not compare performance with the contract.",
     "Introduce a review template listing each contractual obligation."),
    ("Post-implementation reviews completed late", "8.5.1",
     "Two emergency changes were reviewed more than two weeks after implementation.",
     "Schedule the review when the emergency change is approved."),
)  # fmt: skip


def generate(build: Build) -> None:
    """Create continuity plans and tests, the audit programme, reviews and nonconformities."""
    _continuity(build)
    completed = _internal_audits(build)
    _management_reviews(build)
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
    timeline, auditor = build.timeline, build.roster.internal_auditor
    audits = [
        InternalAudit(
            title=f"Internal audit: {title}",
            planned_date=timeline.day_ago(planned),
            completed_on=timeline.day_ago(completed),
            status=InternalAudit.Status.COMPLETED,
            clauses=clauses,
            lead_auditor=auditor,
            summary="Audit completed to plan; one minor nonconformity raised, "
            "otherwise the arrangements were effective.",
        )
        for title, clauses, planned, completed in AUDIT_PROGRAMME
    ]
    title, clauses, ahead = NEXT_AUDIT
    audits.append(
        InternalAudit(
            title=f"Internal audit: {title}",
            planned_date=timeline.day_ahead(ahead),
            status=InternalAudit.Status.PLANNED,
            clauses=clauses,
            lead_auditor=auditor,
        )
    )
    return build.save(InternalAudit, audits)[: len(AUDIT_PROGRAMME)]


def _management_reviews(build: Build) -> None:
    timeline, chair = build.timeline, build.roster.managing_director
    held = [(305, 303), (122, 120)]
    reviews = [
        ManagementReview(
            title=f"Management review {timeline.day_ago(on).strftime('%B %Y')}",
            planned_date=timeline.day_ago(planned),
            held_on=timeline.day_ago(on),
            status=ManagementReview.Status.HELD,
            chair=chair,
            minutes="Reviewed objectives, SLA performance, audit results, risks and "
            "supplier performance; actions assigned and recorded in the SMS plan.",
        )
        for planned, on in held
    ]
    reviews.append(
        ManagementReview(
            title=f"Management review {timeline.day_ahead(60).strftime('%B %Y')}",
            planned_date=timeline.day_ahead(60),
            status=ManagementReview.Status.PLANNED,
            chair=chair,
        )
    )
    build.save(ManagementReview, reviews)


def _nonconformities(build: Build, audits: list[InternalAudit]) -> None:
    """Each closed after its corrective action was done and checked effective."""
    today = build.timeline.today
    pairs = []
    for audit, (title, clause, statement, action) in zip(audits, NONCONFORMITIES, strict=True):
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
