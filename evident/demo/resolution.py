"""Resolution in practice: the approved priority matrix, and reviews of major and security
incidents held within days of their resolution."""

from __future__ import annotations

from evident.governance.models import Process
from evident.operations.models import Incident, IncidentReview, PriorityMatrix
from evident.operations.models.priority import DEFAULT_CELLS

from .build import Build
from .timeline import DAY, HOUR

LESSONS = (
    "Alerting reached the on-call engineer late; the escalation rota was corrected.",
    "The runbook lacked the failover step; it was added and rehearsed.",
    "Users heard first from the service desk; status page updates are now automatic.",
)
SECURITY_REPORTING = ("Data protection officer", "Customer security contact")


def generate(build: Build) -> None:
    """Approve the priority matrix, then review each major and security incident."""
    timeline, roster = build.timeline, build.roster
    build.create(
        PriorityMatrix,
        cells=dict(DEFAULT_CELLS),
        major_incident_procedure=build.procedures[Process.Key.INCIDENT],
        approved_by=roster.sms_manager,
        approved_at=timeline.ago(400) + 11 * HOUR,
    )
    _reviews(build)


def _reviews(build: Build) -> None:
    rng = build.rng("incident-reviews")
    end = build.timeline.end
    reviews = []
    for incident in build.incidents:
        if incident.resolved_at is None:
            continue
        held = incident.resolved_at + DAY * rng.randint(1, 6)
        if held >= end:
            continue
        if incident.major:
            reviews.append(_major_review(rng, build, incident, held))
        if incident.security:
            reviews.append(_security_review(rng, build, incident, held))
    reviews.sort(key=lambda r: r.held_on)
    build.save(IncidentReview, reviews)


def _major_review(rng, build: Build, incident: Incident, held) -> IncidentReview:
    return IncidentReview(
        incident=incident,
        kind=IncidentReview.Kind.MAJOR,
        held_on=held.date(),
        reviewed_by=build.owner("problem"),
        timeline=(
            f"Opened {incident.opened_at:%d %b %H:%M}, declared major at once, "
            f"resolved {incident.resolved_at:%d %b %H:%M}."
        ),
        root_cause_summary="See the linked problem." if incident.problem else "Under analysis.",
        lessons=rng.choice(LESSONS),
        actions="Actions recorded with owners in the problem record.",
    )


def _security_review(rng, build: Build, incident: Incident, held) -> IncidentReview:
    reported = rng.random() < 0.5
    return IncidentReview(
        incident=incident,
        kind=IncidentReview.Kind.SECURITY,
        held_on=held.date(),
        reviewed_by=build.owner("security"),
        lessons="Access rights reviewed for the affected group; no data was exposed.",
        actions="Quarterly access recertification brought forward for the team.",
        reported_to=rng.choice(SECURITY_REPORTING) if reported else "",
        reported_on=held.date() if reported else None,
    )
