"""Release, design and transition: releases of approved changes, and services designed first.

Each live service's successful, approved changes go out in small releases,
tried in staging the day before production. One live service was redesigned
in the period: its design was approved and its transition accepted before the
major release went live. The pipeline service has an approved design, checked
against its requirements, and a transition plan still ahead. A release policy
says how all of this is done.
"""

from __future__ import annotations

from itertools import groupby

from evident.core.tenancy import scoped
from evident.operations.models import (
    Change,
    ChangeApproval,
    Deployment,
    Release,
    ServiceDesign,
    TransitionPlan,
)
from evident.support.models import Document, DocumentVersion

from .build import Build
from .timeline import DAY, HOUR

CHANGES_PER_RELEASE = 4
REDESIGN_DAYS_AGO = 150


def generate(build: Build) -> None:
    """Create the release policy, the releases with their deployments, designs and plans."""
    _release_policy(build)
    _releases(build)
    _pipeline_design(build)


def _release_policy(build: Build) -> None:
    timeline = build.timeline
    policy = build.save(
        Document,
        [
            Document(
                title="Release and deployment policy",
                doc_type=Document.Type.POLICY,
                owner=build.owner("change"),
                clauses="8.5.3",
                next_review_due=timeline.day_ahead(200),
            )
        ],
    )[0]
    build.save(
        DocumentVersion,
        [
            DocumentVersion(
                document=policy,
                version="1.1",
                status=DocumentVersion.Status.APPROVED,
                summary="Release types and cadence, testing in staging, back-out rules.",
                approved_by=build.roster.top_management[0],
                approved_at=timeline.ago(300) + 11 * HOUR,
            )
        ],
    )


def _releasable(build: Build) -> list[Change]:
    """Successful changes approved (or pre-authorised) before they started, by service."""
    approved_ids = {
        pk
        for pk, decided, started in scoped(ChangeApproval, build.organisation)
        .filter(
            change__in=[c.pk for c in build.changes if c.actual_start is not None],
            decision=ChangeApproval.Decision.APPROVED,
        )
        .values_list("change_id", "decided_at", "change__actual_start")
        if decided <= started
    }
    return sorted(
        (
            c
            for c in build.changes
            if c.outcome == Change.Outcome.SUCCESSFUL
            and (c.change_type == Change.Type.STANDARD or c.pk in approved_ids)
        ),
        key=lambda c: (c.service_id, c.actual_start),
    )


def _releases(build: Build) -> list[Release]:
    """One release per few consecutive changes of a service, deployed to staging then production.

    The batch that went live nearest ``REDESIGN_DAYS_AGO`` is the major release of a
    redesigned service.
    """
    batches = []
    for service_id, changes in groupby(_releasable(build), key=lambda c: c.service_id):
        changes = list(changes)
        for number, first in enumerate(range(0, len(changes), CHANGES_PER_RELEASE), start=1):
            batches.append((service_id, number, changes[first : first + CHANGES_PER_RELEASE]))
    target = build.timeline.ago(REDESIGN_DAYS_AGO)
    major = min(batches, key=lambda b: abs(max(c.actual_start for c in b[2]) - target))
    releases = []
    for batch in batches:
        release = _release(build, *batch, major=batch is major)
        if batch is major:
            _redesign(build, release)
        releases.append(release)
    return releases


def _release(
    build: Build, service_id: int, number: int, batch: list[Change], *, major: bool
) -> Release:
    live_at = max(c.actual_start for c in batch)
    service = next(s for s in build.live_services if s.pk == service_id)
    release = build.create(
        Release,
        name=f"{service.name} release {number}{' (redesign)' if major else ''}",
        version=f"{live_at.year}.{number}",
        service=service,
        release_type=Release.Type.MAJOR if major else Release.Type.MINOR,
        status=Release.Status.CLOSED,
        planned_for=live_at,
        released_at=live_at,
        outcome=Release.Outcome.SUCCESSFUL,
        changes=[c.pk for c in batch],
    )
    engineer = build.owner("infrastructure")
    build.save(
        Deployment,
        [
            Deployment(
                release=release,
                environment=environment,
                deployed_at=at,
                outcome=Deployment.Outcome.SUCCESSFUL,
                deployed_by=engineer,
            )
            for environment, at in (
                (Deployment.Environment.STAGING, live_at - DAY),
                (Deployment.Environment.PRODUCTION, live_at),
            )
        ],
    )
    return release


def _redesign(build: Build, release: Release) -> None:
    """The design and accepted transition behind a major release."""
    design = build.create(
        ServiceDesign,
        service=release.service,
        purpose=ServiceDesign.Purpose.CHANGED,
        summary=f"Move {release.service.name} to a highly available pair in two regions.",
        requirements="Availability as agreed in the SLA; no data loss on failover.",
        requirements_met=True,
        approved_by=build.roster.sms_manager,
        approved_at=release.released_at - 40 * DAY,
    )
    build.create(
        TransitionPlan,
        design=design,
        planned_date=(release.released_at - DAY).date(),
        acceptance_criteria="Failover test passed; monitoring and runbooks handed to support.",
        completed_on=release.released_at.date(),
        accepted_by=build.owner("applications"),
        notes="Delivered as planned; one runbook completed a week late.",
    )


def _pipeline_design(build: Build) -> None:
    service = build.pipeline_service
    design = build.create(
        ServiceDesign,
        service=service,
        purpose=ServiceDesign.Purpose.NEW,
        summary="Managed Kubernetes clusters per team, with shared ingress and registry.",
        requirements="Self-service namespaces; 99.5 % availability; audit of deployments.",
        requirements_met=True,
        approved_by=build.roster.sms_manager,
        approved_at=build.timeline.ago(45) + 10 * HOUR,
    )
    build.create(
        TransitionPlan,
        design=design,
        planned_date=build.timeline.day_ahead(75),
        acceptance_criteria="Two pilot teams live for a month without a priority 1 incident.",
    )
