"""Assurance in practice: availability targets measured monthly from incident outages,
information security controls tested, the security policy announced to staff and the
procedure for security incidents approved and followed, each record written once in its
final form."""

from __future__ import annotations

from evident.assurance.availability import measure_month
from evident.assurance.models import AvailabilityMeasurement, AvailabilityTarget, SecurityControl
from evident.core.tenancy import scoped
from evident.operations.models import Incident, IncidentReview
from evident.support.models import Communication, Document, DocumentUse, DocumentVersion

from .build import Build
from .timeline import DAY, HOUR, months_after

SECURITY_POLICY = "Information security policy"  # one of ``documents.POLICIES``
INCIDENT_PROCEDURE = "Information security incident procedure"

# (control, area, owner role)
CONTROLS = (
    ("Multi-factor authentication for remote access", "technological", "security"),
    ("Privileged access reviewed quarterly", "organisational", "security"),
    ("Encrypted, off-site backups", "technological", "infrastructure"),
    ("Vulnerability scanning and patching", "technological", "infrastructure"),
    ("Security awareness training for staff", "people", "security"),
    ("Data centre access control", "physical", "infrastructure"),
    ("Network segmentation and firewall rules", "technological", "network"),
    ("Supplier security clauses in contracts", "organisational", "supplier"),
)
TARGET_PERCENT = {True: "99.9", False: "99.5"}  # round-the-clock services get the higher one
ACTION = "Outage reviewed at the monthly service review; the problem record holds the fix."


def generate(build: Build) -> None:
    """Set availability targets and measure them each month; record the tested controls."""
    _availability(build)
    _controls(build)
    _announce_security_policy(build)
    _security_incident_procedure(build)


def _availability(build: Build) -> None:
    timeline = build.timeline
    since = months_after(timeline.start_day.replace(day=1), -3)
    build.save(
        AvailabilityTarget,
        [
            AvailabilityTarget(
                service=service,
                target_percent=TARGET_PERCENT[index % 3 == 0],
                measurement_window="24 hours a day, every day, less agreed maintenance",
                effective_from=since,
            )
            for index, service in enumerate(build.live_services)
        ],
    )
    measurements = []
    for month in timeline.reported_months():
        for service in build.live_services:
            result = measure_month(service, month)
            measurements.append(
                AvailabilityMeasurement(
                    service=service,
                    month=result.month,
                    agreed_minutes=result.agreed_minutes,
                    outage_minutes=result.outage_minutes,
                    measured_percent=result.measured_percent,
                    target_percent=result.target.target_percent,
                    met=result.met,
                    source=AvailabilityMeasurement.Source.DERIVED,
                    action_taken="" if result.met else ACTION,
                )
            )
    build.save(AvailabilityMeasurement, measurements)


def _controls(build: Build) -> None:
    rng = build.rng("security-controls")
    timeline = build.timeline
    controls = []
    for name, area, role in CONTROLS:
        effective = rng.random() < 0.85
        controls.append(
            SecurityControl(
                name=name,
                control_area=area,
                owner=build.owner(role),
                status=SecurityControl.Status.IMPLEMENTED,
                last_tested_on=timeline.day_ago(rng.randint(20, 300)),
                effectiveness=(
                    SecurityControl.Effectiveness.EFFECTIVE
                    if effective
                    else SecurityControl.Effectiveness.PARTLY_EFFECTIVE
                ),
            )
        )
    build.save(SecurityControl, controls)


def _announce_security_policy(build: Build) -> None:
    """The security officer announces the approved security policy soon after approval."""
    policy = scoped(Document, build.organisation).filter(title=SECURITY_POLICY).first()
    if policy is None:
        return
    approved = policy.current_version().approved_at
    build.create(
        Communication,
        subject=f"{SECURITY_POLICY} issued",
        document=policy,
        audience="All staff within the SMS scope",
        channel=Communication.Channel.INTRANET,
        sent_at=min(approved + 2 * DAY, build.timeline.end - HOUR),
        sent_by=build.owner("security"),
    )


def _security_incident_procedure(build: Build) -> None:
    """How security incidents are recognised, classified, reported and reviewed (8.7.3.3),
    approved by the SMS manager and shown in use by the latest security incident review."""
    rng, timeline = build.rng("security-procedure"), build.timeline
    approved = timeline.ago(rng.randint(60, 300)) + HOUR * rng.randint(9, 16)
    document = build.create(
        Document,
        title=INCIDENT_PROCEDURE,
        doc_type=Document.Type.PROCEDURE,
        owner=build.owner("security"),
        clauses="8.7.3.3",
        next_review_due=months_after(approved.date(), 12),
    )
    build.create(
        DocumentVersion,
        document=document,
        version="1.0",
        status=DocumentVersion.Status.APPROVED,
        summary=f"Version 1.0 of the {INCIDENT_PROCEDURE.lower()}.",
        approved_by=build.roster.sms_manager,
        approved_at=approved,
    )
    org = build.organisation
    review = (
        scoped(IncidentReview, org).filter(kind=IncidentReview.Kind.SECURITY).order_by("-ref")
    ).first()
    shown = review or scoped(Incident, org).order_by("-ref").first()
    if shown is None:
        return
    build.create(
        DocumentUse,
        document=document,
        record_type=shown._meta.label_lower,
        record_ref=shown.ref,
        note=f"Handled following the {INCIDENT_PROCEDURE.lower()}.",
    )
