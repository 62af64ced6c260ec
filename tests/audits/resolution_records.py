"""Resolution and assurance records that make ``builders.healthy_org`` healthy for 8.6 and 8.7.

``add_resolution_and_assurance(h)`` gives the healthy organisation an approved
priority matrix with a major-incident procedure, the healthy incident's impact
and urgency, availability targets measured every month, an approved
information security policy with tested controls, and a continuity plan review
date; the open service request is fulfilled.
"""

from __future__ import annotations

import datetime as dt

from evident.assurance.models import AvailabilityMeasurement, AvailabilityTarget, SecurityControl
from evident.core.services import update_record
from evident.core.tenancy import scoped
from evident.governance.models import Process
from evident.operations.models import PriorityMatrix, ServiceRequest
from evident.operations.models.priority import DEFAULT_CELLS
from evident.support.models import Document

from .builders import FUTURE, IN_PERIOD, PERIOD_MONTHS, at


def add_resolution_and_assurance(h) -> None:
    b = h.build
    h.matrix = b.make(
        PriorityMatrix,
        cells=dict(DEFAULT_CELLS),
        major_incident_procedure=h.processes[Process.Key.INCIDENT].procedure,
        approved_by=h.ceo,
        approved_at=at(dt.date(2024, 2, 1)),
    )
    update_record(h.incident, impact=2, urgency=2, priority=3)
    for request in scoped(ServiceRequest, b.org).filter(status=ServiceRequest.Status.OPEN):
        update_record(request, status="fulfilled", fulfilled_at=at(IN_PERIOD, 16))
    for service in (h.email, h.payroll):
        b.make(
            AvailabilityTarget,
            service=service,
            target_percent="99.5",
            effective_from=dt.date(2024, 1, 1),
        )
        b.make_many(
            AvailabilityMeasurement,
            [
                dict(
                    service=service,
                    month=month,
                    agreed_minutes=43200,
                    outage_minutes=0,
                    measured_percent="100",
                    target_percent="99.5",
                    met=True,
                    source="derived",
                )
                for month in PERIOD_MONTHS
            ],
        )
    h.security_policy = b.document(
        "Information security policy", Document.Type.POLICY, approver=h.ceo, clauses="8.7.3"
    )
    h.control = b.make(
        SecurityControl,
        name="Multi-factor sign-in",
        control_area="technological",
        owner=h.staff[1],
        status="implemented",
        last_tested_on=IN_PERIOD,
        effectiveness="effective",
    )
    update_record(h.continuity_plan, next_review_due=FUTURE)
