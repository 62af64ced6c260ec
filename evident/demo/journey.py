"""The implementation journey: scope exclusions and phases, the resource plan, the
communication plan with its log, documents shown in use, and knowledge articles.

Nobody is planned above 1.0 FTE, every SMS role has time allocated, every
planned communication is kept, and published knowledge was reviewed this year.
"""

from __future__ import annotations

from decimal import Decimal

from evident.core.tenancy import scoped
from evident.governance.models import (
    Process,
    ResourceAllocation,
    RoleAssignment,
    ScopeExclusion,
    ScopePhase,
    ScopeStatement,
)
from evident.operations.models import Change, Incident, Problem, ServiceRequest
from evident.support.models import (
    Communication,
    CommunicationPlanItem,
    DocumentUse,
    KnowledgeArticle,
)
from evident.support.services import next_due_after

from .build import Build
from .timeline import HOUR

EXCLUSIONS = (
    ("Finance services", "Provided to the divisions by group finance under its own controls."),
    ("Human resources services", "Provided by group HR; the SMS manages only the HR system."),
)

# The time each SMS role is given in the resource plan, per holder (FTE).
ROLE_FTE = {
    "SMS manager": Decimal("0.60"),
    "Executive sponsor": Decimal("0.05"),
    "Process owner": Decimal("0.15"),
}
DEFAULT_ROLE_FTE = Decimal("0.20")
MAX_FTE = Decimal("1.00")

# (subject, audience, channel, frequency, owner role, sent every n days, first days ago)
COMMUNICATIONS = (
    ("SMS newsletter", "All staff in scope", "intranet", "monthly", "service_level", 30, 12),
    ("Service review results", "Customer representatives", "meeting", "quarterly",
     "service_level", 91, 25),
    ("Change schedule for the coming weeks", "Service owners and the service desk", "email",
     "weekly", "change", 7, 3),
)  # fmt: skip

# (title, service name, linked to a problem)
ARTICLES = (
    ("Resetting a forgotten password", "Identity and Access", False),
    ("Restoring a deleted mailbox item", "Email and Calendar", False),
    ("Workaround for stalled print queues", "Printing and Scanning", True),
    ("Connecting to the VPN from a hotel network", "Network Connectivity", False),
    ("Known error: payroll export times out at month end", "Payroll Application", True),
)

# Which operational records show a process's procedure in use.
USED_IN = {
    Process.Key.CHANGE: Change,
    Process.Key.INCIDENT: Incident,
    Process.Key.SERVICE_REQUEST: ServiceRequest,
    Process.Key.PROBLEM: Problem,
}


def generate(build: Build) -> None:
    """Add the journey's records to an organisation whose SMS is already in place."""
    _scope(build)
    _resources(build)
    _communication_plan(build)
    _document_uses(build)
    _knowledge(build)


def _scope(build: Build) -> None:
    timeline, live = build.timeline, build.live_services
    current = scoped(ScopeStatement, build.organisation).get(status=ScopeStatement.Status.APPROVED)
    build.save(
        ScopeExclusion,
        [ScopeExclusion(scope=current, excluded=what, reason=why) for what, why in EXCLUSIONS],
    )
    half = max(1, len(live) // 2)
    build.create(
        ScopePhase,
        scope=current,
        number=1,
        services=[s.pk for s in live[:half]],
        target_date=timeline.day_ahead(60),
        status=ScopePhase.Status.IN_PROGRESS,
    )
    if live[half:]:
        build.create(
            ScopePhase,
            scope=current,
            number=2,
            services=[s.pk for s in live[half:]],
            target_date=timeline.day_ahead(420),
            status=ScopePhase.Status.PLANNED,
        )


def _resources(build: Build) -> None:
    """One allocation per SMS role holder, none taking anyone above 1.0 FTE."""
    timeline = build.timeline
    start, end = timeline.day_ago(420), timeline.day_ahead(400)
    given: dict[int, Decimal] = {}
    rows, covered = [], set()
    assignments = scoped(RoleAssignment, build.organisation).select_related("person", "process")
    for assignment in assignments.order_by("ref"):
        key = (assignment.person_id, assignment.role)
        if key in covered:
            continue
        fte = ROLE_FTE.get(assignment.role, DEFAULT_ROLE_FTE)
        if given.get(assignment.person_id, Decimal(0)) + fte > MAX_FTE:
            continue
        covered.add(key)
        given[assignment.person_id] = given.get(assignment.person_id, Decimal(0)) + fte
        rows.append(
            ResourceAllocation(
                person=assignment.person,
                role=assignment.role,
                process=assignment.process,
                period_start=start,
                period_end=end,
                fte=fte,
            )
        )
    rows.append(
        ResourceAllocation(
            external_support="Assurance partner (audit support contract)",
            role="Internal audit support",
            period_start=start,
            period_end=end,
            fte=Decimal("0.20"),
        )
    )
    build.save(ResourceAllocation, rows)


def _communication_plan(build: Build) -> None:
    """The plan items, each kept since about eleven months ago, the latest ``latest`` days ago.

    The generator writes the log in one go (one ledger entry per record), so each item is
    created already showing the next due date that its last delivery set.
    """
    timeline = build.timeline
    log = []
    for subject, audience, channel, frequency, owner, every, latest in COMMUNICATIONS:
        sent = range(latest + every * ((330 - latest) // every), latest - 1, -every)
        item = CommunicationPlanItem(
            subject=subject,
            audience=audience,
            channel=channel,
            frequency=frequency,
            owner=build.owner(owner),
        )
        item.next_due = next_due_after(item, timeline.day_ago(latest))
        (item,) = build.save(CommunicationPlanItem, [item])
        log += [
            Communication(
                subject=subject,
                audience=audience,
                channel=channel,
                sent_at=timeline.ago(days) + HOUR * 10,
                sent_by=item.owner,
                plan_item=item,
            )
            for days in sent
        ]
    build.save(Communication, log)


def _document_uses(build: Build) -> None:
    rows = []
    for key, model in USED_IN.items():
        document = build.procedures.get(key)
        example = scoped(model, build.organisation).order_by("-ref").first()
        if document is None or example is None:
            continue
        rows.append(
            DocumentUse(
                document=document,
                record_type=model._meta.label_lower,
                record_ref=example.ref,
                note=f"Handled following the {document.title.lower()}.",
            )
        )
    build.save(DocumentUse, rows)


def _knowledge(build: Build) -> None:
    rng, timeline = build.rng("knowledge"), build.timeline
    by_name = {s.name: s for s in build.live_services}
    problems = list(scoped(Problem, build.organisation).order_by("ref")[:5])
    rows = []
    for index, (title, service_name, with_problem) in enumerate(ARTICLES):
        problem = problems[index % len(problems)] if with_problem and problems else None
        rows.append(
            KnowledgeArticle(
                title=title,
                body=f"{title}: the steps the service desk follows, checked by the owner.",
                service=by_name.get(service_name),
                problem=problem,
                status=KnowledgeArticle.Status.PUBLISHED,
                owner=build.owner("service_desk"),
                reviewed_on=timeline.day_ago(rng.randint(20, 200)),
            )
        )
    build.save(KnowledgeArticle, rows)
