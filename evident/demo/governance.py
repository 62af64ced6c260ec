"""Context, leadership and planning: scope, processes, objectives, risks, the SMS plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from evident.governance.models import (
    Milestone,
    Objective,
    Process,
    Risk,
    ScopeStatement,
    SmsPlan,
)

from .build import Build
from .documents import PROCESS_OWNERS
from .timeline import HOUR

SCOPE_TEXT = (
    "The service management system of {org} covers the planning, design, transition, "
    "delivery and improvement of the services listed in this statement, provided from "
    "its offices and two hosting regions to the divisions of the group."
)

# (title, measure, target, unit, owner role)
OBJECTIVES = (
    ("Resolve incidents within their target time", "Share of incidents resolved in target",
     "90", "%", "service_desk"),
    ("Keep round-the-clock services available", "Average monthly availability", "99.8", "%",
     "infrastructure"),
    ("Implement changes without disruption", "Share of changes neither failed nor backed out",
     "95", "%", "change"),
    ("Fulfil service requests promptly", "Share of requests fulfilled within 3 days", "95", "%",
     "service_desk"),
    ("Remove the causes of repeat incidents", "Problems resolved with a root cause per quarter",
     "3", "problems", "problem"),
    ("Raise customer satisfaction", "Average score of the customer survey", "4.2", "of 5",
     "service_level"),
)  # fmt: skip

# (title, category, likelihood, impact, treatment, owner role, status)
RISKS = (
    ("Loss of the primary hosting region", "service", 2, 5,
     "Second region with tested fail-over; annual continuity exercise.", "continuity", "open"),
    ("Ransomware encrypts file shares", "service", 3, 5,
     "Immutable backups, endpoint protection, restore tests each quarter.", "security", "open"),
    ("Key supplier cannot deliver", "service", 2, 4,
     "Quarterly supplier reviews; exit plans in contracts.", "supplier", "open"),
    ("Unauthorised changes reach production", "service", 2, 4,
     "CAB approval before start; weekly reconciliation of deployments.", "change", "treated"),
    ("Service desk understaffed at peaks", "service", 3, 3,
     "Shift pattern aligned with demand; self-service for common requests.", "service_desk",
     "open"),
    ("Staff unaware of SMS policy and their role", "sms", 2, 3,
     "Awareness sessions and policy acknowledgement tracking.", "service_level", "treated"),
    ("SMS documents drift from practice", "sms", 3, 2,
     "Annual document review; procedures checked at internal audit.", "change", "open"),
    ("Objectives not monitored between reviews", "sms", 2, 3,
     "Monthly KPI report to the operations director.", "service_level", "open"),
    ("Knowledge held by single experts", "service", 3, 3,
     "Known-error records and runbooks for every live service.", "problem", "open"),
    ("Capacity of cloud hosting exceeded", "service", 2, 4,
     "Monthly capacity report; budget reserve for scaling.", "infrastructure", "open"),
    ("Certificate expiry causes outage", "service", 3, 3,
     "Certificate inventory with automated expiry alerts.", "infrastructure", "treated"),
    ("Legacy fax gateway fails", "service", 3, 2,
     "Service retired; risk closed.", "network", "closed"),
)  # fmt: skip

# (title, days from today (negative: past), status)
MILESTONES = (
    ("Service catalogue published for all live services", -440, "done"),
    ("Service level agreements agreed with every customer", -425, "done"),
    ("Service management policy 2.0 approved", -270, "done"),
    ("Scope statement 2 approved", -300, "done"),
    ("Procedures approved for every clause-8 process", -240, "done"),
    ("Half-year management review held", -120, "done"),
    ("Internal audit cycle covering clauses 4 to 10 completed", -75, "done"),
    ("Supplier contracts aligned with service level targets", 45, "in_progress"),
    ("Certification audit", 60, "planned"),
    ("Second continuity exercise cycle", 150, "planned"),
)


def generate(build: Build) -> None:
    """Create the scope, the nine processes, objectives, the risk register and the SMS plan."""
    _scope(build)
    _processes(build)
    _objectives(build)
    _risks(build)
    _plan(build)


def _scope(build: Build) -> None:
    timeline, roster, live = build.timeline, build.roster, build.live_services
    text = SCOPE_TEXT.format(org=build.organisation.name)
    common = {
        "statement": text,
        "units": "Service Desk, Infrastructure, Applications, Network, Security, "
        "Service Management Office",
        "locations": "Head office and the two hosting regions",
        "exclusions": "Finance and human resources services, which the group provides itself.",
        "approved_by": roster.managing_director,
    }
    build.create(
        ScopeStatement,
        version="1",
        services=[s.pk for s in live[: max(2, len(live) - 2)]],
        status=ScopeStatement.Status.SUPERSEDED,
        approved_at=timeline.ago(600) + HOUR * 15,
        **common,
    )
    build.create(
        ScopeStatement,
        version="2",
        services=[s.pk for s in live],
        status=ScopeStatement.Status.APPROVED,
        approved_at=timeline.ago(300) + HOUR * 15,
        **common,
    )


def _processes(build: Build) -> None:
    build.save(
        Process,
        [
            Process(
                key=key,
                owner=build.owner(PROCESS_OWNERS[key]),
                procedure=build.procedures[key],
                in_scope=True,
            )
            for key in Process.Key
        ],
    )


def _objectives(build: Build) -> None:
    rng = build.rng("objectives")
    timeline = build.timeline
    objectives = [
        Objective(
            title=title,
            measure=measure,
            target_value=Decimal(target),
            unit=unit,
            owner=build.owner(owner),
            due_date=timeline.day_ahead(rng.randint(60, 300)),
            status=Objective.Status.ACTIVE,
        )
        for title, measure, target, unit, owner in OBJECTIVES
    ]
    objectives.append(
        Objective(
            title="Publish every live service in the catalogue",
            measure="Share of live services with a published catalogue entry",
            target_value=Decimal("100"),
            unit="%",
            owner=build.owner("service_level"),
            due_date=timeline.day_ago(430),
            status=Objective.Status.ACHIEVED,
        )
    )
    build.save(Objective, objectives)


def _risks(build: Build) -> None:
    rng = build.rng("risks")
    build.save(
        Risk,
        [
            Risk(
                title=title,
                description=f"Risk to the {'services' if category == 'service' else 'SMS'}: "
                f"{title.lower()}.",
                category=category,
                likelihood=likelihood,
                impact=impact,
                treatment=treatment,
                owner=build.owner(owner),
                review_due=build.timeline.day_ahead(rng.randint(20, 180)),
                status=status,
            )
            for title, category, likelihood, impact, treatment, owner, status in RISKS
        ],
    )


def _plan(build: Build) -> None:
    rng = build.rng("plan")
    timeline, roster = build.timeline, build.roster
    (plan,) = build.save(
        SmsPlan,
        [
            SmsPlan(
                title="SMS establishment and improvement plan",
                owner=roster.sms_manager,
                approved_at=timeline.ago(460) + HOUR * 11,
            )
        ],
    )
    milestones = []
    for title, days, status in sorted(MILESTONES, key=lambda m: m[1]):
        due = timeline.day_ahead(days)
        done = status == Milestone.Status.DONE
        # Done milestones finished on or a few days before their due date.
        completed = due - dt.timedelta(days=rng.randint(0, 6)) if done else None
        milestones.append(
            Milestone(
                plan=plan,
                title=title,
                due_date=due,
                owner=roster.sms_manager,
                status=status,
                completed_on=completed,
            )
        )
    build.save(Milestone, milestones)
