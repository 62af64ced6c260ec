"""The internal audit programme (9.2) and management reviews (9.3) with their outputs."""

from django.core.exceptions import ValidationError
from django.db import models

from evident.core.models import OrgRecord, Person

from ..clauses import is_known_clause


def parse_clauses(text: str) -> list[str]:
    """``"4, 5,8.5.1"`` -> ``["4", "5", "8.5.1"]``: the clause numbers an audit covers."""
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


def unknown_clauses(text: str) -> list[str]:
    return [number for number in parse_clauses(text) if not is_known_clause(number)]


class AuditProgramme(OrgRecord):
    """The internal audit programme for one cycle (9.2): its audits cover every clause."""

    REF_PREFIX = "APG"

    title = models.CharField(max_length=200)
    cycle_start = models.DateField()
    cycle_end = models.DateField()
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["-cycle_start"]

    def clean(self):
        super().clean()
        if self.cycle_start and self.cycle_end and self.cycle_end < self.cycle_start:
            raise ValidationError({"cycle_end": "The cycle cannot end before it starts."})


class InternalAudit(OrgRecord):
    """An audit of the internal audit programme (9.2): planned, then completed."""

    REF_PREFIX = "IA"

    class Status(models.TextChoices):
        PLANNED = "planned"
        COMPLETED = "completed"
        CANCELLED = "cancelled"

    title = models.CharField(max_length=200)
    planned_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    clauses = models.CharField(
        max_length=500, blank=True, help_text="Clauses covered, comma-separated (e.g. 4,5,8.5.1)"
    )
    lead_auditor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(blank=True)
    programme = models.ForeignKey(
        AuditProgramme, null=True, blank=True, on_delete=models.SET_NULL, related_name="audits"
    )
    auditors = models.ManyToManyField(
        Person, blank=True, related_name="+", help_text="Auditors besides the lead auditor"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-planned_date"]

    @property
    def clause_numbers(self) -> list[str]:
        """The clauses covered, parsed from ``clauses``, in the order given."""
        return parse_clauses(self.clauses)


class AuditChecklistItem(OrgRecord):
    """One question of an audit's checklist, the clause it tests, and what was found."""

    REF_PREFIX = "ACI"

    class Result(models.TextChoices):
        NOT_CHECKED = "", "Not checked"
        CONFORMS = "conforms"
        NONCONFORMITY = "nonconformity"
        OBSERVATION = "observation", "Observation (opportunity for improvement)"

    audit = models.ForeignKey(InternalAudit, on_delete=models.CASCADE, related_name="checklist")
    clause = models.CharField(max_length=16)
    question = models.TextField()
    result = models.CharField(max_length=16, choices=Result.choices, default="", blank=True)
    evidence = models.TextField(blank=True, help_text="The records and interviews looked at")
    nonconformity = models.ForeignKey(
        "audits.Nonconformity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checklist_items",
    )

    class Meta(OrgRecord.Meta):
        ordering = ["audit", "ref"]
        verbose_name = "audit checklist item"


class ManagementReview(OrgRecord):
    """A management review (9.3): planned, then held, with its minutes."""

    REF_PREFIX = "MR"

    class Status(models.TextChoices):
        PLANNED = "planned"
        HELD = "held"
        CANCELLED = "cancelled"

    title = models.CharField(max_length=200)
    planned_date = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes = models.TextField(blank=True)
    inputs = models.JSONField(
        default=dict, blank=True, help_text="The inputs compiled from the records, by section"
    )
    compiled_at = models.DateTimeField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["-planned_date"]


class ReviewOutput(OrgRecord):
    """A decision or an action of a management review (9.3), with its owner and due date."""

    REF_PREFIX = "MRO"

    class Kind(models.TextChoices):
        DECISION = "decision"
        ACTION = "action"

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ACTION)
    description = models.TextField()
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["review", "ref"]
