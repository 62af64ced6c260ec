"""The clause catalogue and the audit engine's own records: evaluations, findings, samples."""

from django.db import models

from evident.core.models import OrgRecord


class Clause(models.Model):
    """A clause of ISO/IEC 20000-1:2018: number, title and our own checkpoints.

    Shared by all organisations; loaded from the versioned catalogue data file.
    """

    number = models.CharField(max_length=16, unique=True)
    title = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.PositiveSmallIntegerField()
    position = models.PositiveIntegerField(help_text="Order in the standard")
    checkpoints = models.JSONField(default=list, blank=True)
    catalogue_version = models.CharField(max_length=32)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"{self.number} {self.title}"


class Evaluation(OrgRecord):
    """One run of the audit engine: stage, period, seed, engine version, evidence digest."""

    REF_PREFIX = "EV"

    class Stage(models.IntegerChoices):
        READINESS = 1, "Stage 1 (readiness)"
        EFFECTIVENESS = 2, "Stage 2 (effectiveness)"

    class Outcome(models.TextChoices):
        NONE = "", "-"
        READY = "ready"
        CONDITIONALLY_READY = "conditionally_ready", "Conditionally ready"
        NOT_READY = "not_ready", "Not ready"

    class Recommendation(models.TextChoices):
        NONE = "", "-"
        RECOMMENDED = "recommended"
        AFTER_CAP = "recommended_after_cap", "Recommended once the action plan is accepted"
        NOT_RECOMMENDED = "not_recommended", "Not recommended; follow-up audit required"

    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    audit_date = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    seed = models.BigIntegerField()
    engine_version = models.CharField(max_length=16)
    evidence_digest = models.CharField(max_length=64)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, default="", blank=True)
    recommendation = models.CharField(
        max_length=24, choices=Recommendation.choices, default="", blank=True
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-created_at"]


class Finding(OrgRecord):
    """One finding of an evaluation: clause, grade, statement, fix, and the records it rests on."""

    REF_PREFIX = "F"

    class Grade(models.TextChoices):
        AREA_OF_CONCERN = "area_of_concern", "Area of concern"
        MAJOR = "major", "Major nonconformity"
        MINOR = "minor", "Minor nonconformity"
        OFI = "ofi", "Opportunity for improvement"

    class Severity(models.TextChoices):
        NONE = "", "-"
        HIGH = "high"
        MEDIUM = "medium"
        LOW = "low"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="findings")
    check_id = models.CharField(max_length=100)
    key = models.CharField(max_length=200, help_text="Stable identity across evaluations")
    clause = models.CharField(max_length=16)
    grade = models.CharField(max_length=16, choices=Grade.choices)
    severity = models.CharField(max_length=8, choices=Severity.choices, default="", blank=True)
    statement = models.TextField()
    fix_hint = models.TextField(blank=True)
    records = models.JSONField(default=list, blank=True)
    cap_accepted = models.BooleanField(default=False)

    class Meta(OrgRecord.Meta):
        ordering = ["evaluation", "clause", "grade"]


class Sample(OrgRecord):
    """A reproducible sample drawn from a population of records for an evaluation."""

    REF_PREFIX = "SMP"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="samples")
    population = models.CharField(max_length=100)
    clause = models.CharField(max_length=16)
    population_size = models.PositiveIntegerField()
    sample_size = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    method = models.CharField(max_length=100)
    records = models.JSONField(default=list, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["evaluation", "clause"]
