"""Performance evaluation and improvement (9, 10), and the engine's evaluations."""

from django.db import models

from evident.core.models import OrgRecord, Person


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

    class Meta(OrgRecord.Meta):
        ordering = ["-planned_date"]


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

    class Meta(OrgRecord.Meta):
        ordering = ["-planned_date"]


class Nonconformity(OrgRecord):
    """A nonconformity from any source (10.1); ``finding_key`` ties it to an engine finding."""

    REF_PREFIX = "NC"

    class Source(models.TextChoices):
        INTERNAL_AUDIT = "internal_audit", "Internal audit"
        EXTERNAL_AUDIT = "external_audit", "External audit"
        INCIDENT = "incident"
        COMPLAINT = "complaint"
        ENGINE = "engine", "Evident engine"

    class Grade(models.TextChoices):
        MAJOR = "major"
        MINOR = "minor"

    class Status(models.TextChoices):
        OPEN = "open"
        CLOSED = "closed"

    title = models.CharField(max_length=200)
    source = models.CharField(max_length=16, choices=Source.choices)
    clause = models.CharField(max_length=16, blank=True)
    grade = models.CharField(max_length=8, choices=Grade.choices, default=Grade.MINOR)
    statement = models.TextField(blank=True)
    finding_key = models.CharField(max_length=200, blank=True, db_index=True)
    raised_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closure_verified = models.BooleanField(
        default=False, help_text="Closure verified by an auditor (needed to close a major)"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-raised_on"]
        verbose_name_plural = "nonconformities"


class CorrectiveAction(OrgRecord):
    """An action to remove the cause of a nonconformity, and the check that it worked."""

    REF_PREFIX = "CA"

    class Effectiveness(models.TextChoices):
        NOT_CHECKED = "", "Not checked"
        EFFECTIVE = "effective"
        NOT_EFFECTIVE = "not_effective", "Not effective"

    nonconformity = models.ForeignKey(
        Nonconformity, on_delete=models.CASCADE, related_name="corrective_actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    effectiveness = models.CharField(
        max_length=16, choices=Effectiveness.choices, default="", blank=True
    )
    effectiveness_checked_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["due_date"]


class CorrectiveActionPlan(OrgRecord):
    """The organisation's plan answering a nonconformity, and the auditor's acceptance."""

    REF_PREFIX = "CAP"

    class Status(models.TextChoices):
        DRAFT = "draft"
        SUBMITTED = "submitted"
        ACCEPTED = "accepted"
        RETURNED = "returned"

    nonconformity = models.ForeignKey(
        Nonconformity, on_delete=models.CASCADE, related_name="action_plans"
    )
    correction = models.TextField(blank=True)
    root_cause = models.TextField(blank=True)
    corrective_action = models.TextField(blank=True)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)
    return_reason = models.TextField(blank=True)

    @property
    def is_complete(self) -> bool:
        """Correction, root cause, corrective action, owner and due date are all given."""
        return all(
            [self.correction, self.root_cause, self.corrective_action, self.owner_id, self.due_date]
        )


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
