"""One priority matrix, incident review, availability target and measurement, security control."""

import datetime as dt

from evident.assurance.models import AvailabilityMeasurement, AvailabilityTarget, SecurityControl
from evident.catalogue.models import Service
from evident.core.models import Person
from evident.operations.models import Incident, IncidentReview, PriorityMatrix
from evident.operations.models.priority import DEFAULT_CELLS
from evident.support.models import Document

ORDER = 40
DAY = dt.date(2025, 3, 4)


def build(r, add):
    person, service = r[Person], r[Service]
    add(PriorityMatrix, cells=dict(DEFAULT_CELLS), major_incident_procedure=r[Document])
    add(IncidentReview, incident=r[Incident], held_on=DAY, reviewed_by=person, lessons="Alert")
    add(AvailabilityTarget, service=service, target_percent="99.5", effective_from=DAY)
    add(
        AvailabilityMeasurement,
        service=service,
        month=dt.date(2025, 2, 1),
        agreed_minutes=40320,
        outage_minutes=30,
        measured_percent="99.926",
        target_percent="99.5",
        met=True,
        source="derived",
    )
    add(SecurityControl, name="Multi-factor sign-in", control_area="technological", owner=person)
