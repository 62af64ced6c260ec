"""Change-control, design and release records a healthy organisation keeps (8.5).

``add_change_control`` gives an organisation built by ``builders.healthy_org``
its change management and release policies, its change boards, a standard-change
template, the risk assessment of its change, and a design for its pipeline
service, as at ``AUDIT_DATE``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evident.catalogue.models import Service
from evident.core.models import Person
from evident.core.services import update_record
from evident.core.tenancy import scoped
from evident.operations.models import Change, ChangeAuthority, ChangeTemplate, ServiceDesign
from evident.support.models import Document


@dataclass
class ChangeControl:
    """The records tests reach for."""

    policy: Document
    release_policy: Document
    cab: ChangeAuthority
    ecab: ChangeAuthority
    template: ChangeTemplate
    pipeline_design: ServiceDesign


def add_change_control(build, h) -> ChangeControl:
    """Add the records to the healthy organisation ``h`` (a ``builders.Healthy``)."""
    policy = build.document(
        "Change management policy", Document.Type.POLICY, approver=h.ceo, clauses="8.5.1"
    )
    release_policy = build.document(
        "Release policy", Document.Type.POLICY, approver=h.ceo, clauses="8.5.3"
    )
    cab = build.make(
        ChangeAuthority,
        name="CAB",
        kind=ChangeAuthority.Kind.CAB,
        chair=h.staff[0],
        members=[h.staff[0].pk, h.staff[1].pk],
    )
    ecab = build.make(
        ChangeAuthority,
        name="ECAB",
        kind=ChangeAuthority.Kind.ECAB,
        chair=h.staff[0],
        members=[h.staff[0].pk],
    )
    template = build.make(
        ChangeTemplate,
        name="Renew a certificate",
        steps="Issue; install; test.",
        approved_by=h.staff[0],
        approved_at=dt.datetime(2024, 1, 10, tzinfo=dt.UTC),
    )
    assess(h.change, h.staff[0])
    pipeline = scoped(Service, build.org).get(status=Service.Status.PIPELINE)
    design = build.make(
        ServiceDesign,
        service=pipeline,
        summary="A data lake on object storage.",
        approved_by=h.ceo,
        approved_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
    )
    return ChangeControl(policy, release_policy, cab, ecab, template, design)


def assess(change: Change, by: Person) -> Change:
    """Record a risk assessment made when the change was requested, before it started."""
    return update_record(
        change,
        risk_assessment="Mail may queue for minutes; back-out restores the old relay.",
        assessed_by=by,
        assessed_at=change.requested_at,
    )
