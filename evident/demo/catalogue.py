"""Services and the service catalogue: every live service is published; one is in the pipeline.

The live services went live years before the audit period, a few months apart,
the oldest first; the pipeline service has no go-live day yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from evident.catalogue.models import CatalogueEntry, Service

from .build import Build


@dataclass(frozen=True)
class Offering:
    """What the generator knows about a service beyond its record."""

    name: str
    description: str
    owner: str
    team: str
    hours: str
    takes_requests: bool
    availability: str


BUSINESS_HOURS = "Monday to Friday, 08:00 to 18:00"
ALWAYS = "24 hours a day, 7 days a week"
FIRST_LIVE_DAYS_AGO = 3000
DAYS_BETWEEN_GO_LIVES = 60

OFFERINGS = (
    Offering("Service Desk", "Single point of contact for users, by phone, portal and chat.",
             "service_desk", "Service Desk", BUSINESS_HOURS, True, "99.500"),
    Offering("Email and Calendar", "Mailboxes, calendars and shared mailboxes for all staff.",
             "applications", "Messaging", ALWAYS, True, "99.800"),
    Offering("Identity and Access", "Accounts, single sign-on, multi-factor authentication.",
             "security", "Identity", ALWAYS, True, "99.800"),
    Offering("Network Connectivity", "Office networks, Wi-Fi and links between sites.",
             "network", "Network Operations", ALWAYS, False, "99.800"),
    Offering("Cloud Hosting", "Virtual servers and managed databases in two regions.",
             "infrastructure", "Platform", ALWAYS, True, "99.800"),
    Offering("Endpoint Management", "Laptops, phones, patching and device compliance.",
             "infrastructure", "Workplace", BUSINESS_HOURS, True, "99.500"),
    Offering("ERP Application Support", "Support of the finance and logistics ERP system.",
             "applications", "Business Applications", BUSINESS_HOURS, True, "99.500"),
    Offering("Backup and Restore", "Daily backups of servers and restores on request.",
             "infrastructure", "Platform", ALWAYS, True, "99.500"),
    Offering("Collaboration Platform", "Chat, video meetings and team sites.",
             "applications", "Messaging", ALWAYS, False, "99.500"),
    Offering("Remote Access", "Secure access to internal systems from outside the office.",
             "network", "Network Operations", ALWAYS, True, "99.500"),
    Offering("Payroll Application", "Hosting and support of the payroll application.",
             "applications", "Business Applications", BUSINESS_HOURS, False, "99.500"),
    Offering("Web Hosting", "Public websites and their content delivery.",
             "infrastructure", "Platform", ALWAYS, False, "99.800"),
    Offering("Data Warehouse", "Reporting database and scheduled business reports.",
             "applications", "Data", BUSINESS_HOURS, True, "99.500"),
    Offering("Printing and Scanning", "Managed printers and scan-to-email in all offices.",
             "infrastructure", "Workplace", BUSINESS_HOURS, True, "99.500"),
)  # fmt: skip
PIPELINE = Offering(
    "Managed Container Platform",
    "Container hosting for internal development teams, in design.",
    "infrastructure",
    "Platform",
    ALWAYS,
    False,
    "99.500",
)


def generate(build: Build) -> None:
    """Create the live services, the pipeline service, and the published catalogue."""
    offerings = OFFERINGS[: build.scale.services]
    live = [
        Service(
            name=o.name,
            description=o.description,
            status=Service.Status.LIVE,
            owner=build.owner(o.owner),
            live_on=build.timeline.day_ago(FIRST_LIVE_DAYS_AGO - DAYS_BETWEEN_GO_LIVES * index),
        )
        for index, o in enumerate(offerings)
    ]
    pipeline = Service(
        name=PIPELINE.name,
        description=PIPELINE.description,
        status=Service.Status.PIPELINE,
        owner=build.owner(PIPELINE.owner),
    )
    created = build.save(Service, [*live, pipeline])
    build.live_services = created[:-1]
    build.pipeline_service = created[-1]
    build.offerings = {s.pk: o for s, o in zip(build.live_services, offerings, strict=True)}

    published_on = build.timeline.day_ago(440)
    build.save(
        CatalogueEntry,
        [
            CatalogueEntry(
                service=service,
                summary=build.offerings[service.pk].description,
                service_hours=build.offerings[service.pk].hours,
                status=CatalogueEntry.Status.PUBLISHED,
                published_on=published_on,
            )
            for service in build.live_services
        ],
    )
