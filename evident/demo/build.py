"""The state shared by the domain generators while one organisation is being built."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from evident.core import services
from evident.core.models import Organisation, OrgRecord, Person

from .scale import Scale
from .timeline import Timeline

CHUNK = 10_000


@dataclass
class Roster:
    """Who holds which role: the generators pick owners, approvers and reviewers from here."""

    top_management: list[Person]
    sms_manager: Person
    internal_auditor: Person
    owners: dict[str, Person]
    staff: list[Person]

    @property
    def managing_director(self) -> Person:
        return self.top_management[0]

    @property
    def in_scope(self) -> list[Person]:
        return [p for p in self.staff if p.in_sms_scope and p.active]


@dataclass
class Build:
    """One generation run: the organisation, its calendar and volumes, and what exists so far."""

    organisation: Organisation
    timeline: Timeline
    scale: Scale
    seed: int
    faults: bool
    # Filled in step by step; later steps read what earlier ones made.
    roster: Roster | None = None
    live_services: list = field(default_factory=list)
    pipeline_service: object = None
    offerings: dict = field(default_factory=dict)
    sm_policy: object = None
    sm_policy_version: object = None
    procedures: dict = field(default_factory=dict)
    slas: list = field(default_factory=list)
    sla_targets: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    late_approved_change: object = None
    incidents: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    # Service id -> its configuration items, the application first.
    configuration_items: dict = field(default_factory=dict)

    def rng(self, domain: str) -> random.Random:
        # One stream per domain, so that changing the volume of one domain (more
        # incidents) does not reshuffle the records of another (the suppliers).
        return random.Random(f"{self.seed}/{domain}")

    def save(self, model: type[OrgRecord], objs: list) -> list:
        """Create records through the service layer, one ledger entry each.

        Records go in chunks so that a benchmark-sized history does not hold every
        ledger entry in memory at once. Per-record validation is skipped (it costs
        several queries a row); the generator only points at records it created in
        this organisation, and the tests validate every kind of record it makes.
        """
        created = []
        for start in range(0, len(objs), CHUNK):
            created += services.bulk_create_records(
                model, self.organisation, objs[start : start + CHUNK]
            )
        return created

    def create(self, model: type[OrgRecord], **fields) -> OrgRecord:
        """Create one record that holds many-to-many links."""
        return services.create_record(model, self.organisation, **fields)

    def owner(self, role: str) -> Person:
        return self.roster.owners[role]
