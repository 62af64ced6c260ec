"""The priority matrix (8.6.1): how an incident's impact and urgency set its priority."""

from django.core.exceptions import ValidationError
from django.db import models

from evident.core.models import OrgRecord, Person
from evident.support.models import Document

LEVELS = (1, 2, 3)  # 1 - high, 2 - medium, 3 - low (as ``Incident.Level``)
PRIORITIES = (1, 2, 3, 4)

# The usual three-by-three matrix: high impact and high urgency make a critical incident,
# low impact and low urgency a low one.
DEFAULT_CELLS = {
    "1,1": 1,
    "1,2": 2,
    "1,3": 3,
    "2,1": 2,
    "2,2": 3,
    "2,3": 4,
    "3,1": 3,
    "3,2": 4,
    "3,3": 4,
}


def cell_key(impact: int, urgency: int) -> str:
    return f"{impact},{urgency}"


class PriorityMatrix(OrgRecord):
    """Which priority each combination of impact and urgency gives an incident.

    ``cells`` maps ``"<impact>,<urgency>"`` (levels 1 to 3, 1 the highest) to a
    priority from 1 (critical) to 4 (low). The organisation's matrix in force is
    its latest approved one.
    """

    REF_PREFIX = "PMX"

    name = models.CharField(max_length=200, default="Incident priority matrix")
    cells = models.JSONField(default=dict)
    major_incident_procedure = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The procedure followed when an incident is declared major",
    )
    approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        verbose_name_plural = "priority matrices"

    def clean(self):
        super().clean()
        expected = {cell_key(i, u) for i in LEVELS for u in LEVELS}
        cells = self.cells if isinstance(self.cells, dict) else None
        if cells is None or set(cells) != expected:
            raise ValidationError(
                {"cells": "Give a priority for each of the nine impact,urgency pairs (1,1 to 3,3)."}
            )
        if any(value not in PRIORITIES for value in cells.values()):
            raise ValidationError({"cells": "Each priority must be 1, 2, 3 or 4."})

    def priority_for(self, impact: int, urgency: int) -> int:
        return self.cells[cell_key(impact, urgency)]
