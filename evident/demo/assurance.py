"""Assurance in practice: availability targets measured monthly from incident outages,
and information security controls tested, each record written once in its final form."""

from __future__ import annotations

from evident.assurance.availability import measure_month
from evident.assurance.models import AvailabilityMeasurement, AvailabilityTarget, SecurityControl

from .build import Build
from .timeline import months_after

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
