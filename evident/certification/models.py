"""The certification audit as an engagement: planned, worked, reported and decided."""

from django.db import models

from evident.audits.models import Evaluation
from evident.core.models import OrgRecord, Person


class AuditEngagement(OrgRecord):
    """One audit of the SMS (internal, Stage 1, Stage 2 or surveillance) from plan to decision."""

    REF_PREFIX = "AUD"

    class Kind(models.TextChoices):
        INTERNAL = "internal", "Internal audit"
        STAGE1 = "stage1", "Stage 1 (readiness)"
        STAGE2 = "stage2", "Stage 2 (effectiveness)"
        SURVEILLANCE = "surveillance", "Surveillance audit"

    class State(models.TextChoices):
        PLANNED = "planned"
        FIELDWORK = "fieldwork"
        REPORTING = "reporting"
        AWAITING_CAP = "awaiting_cap", "Awaiting corrective action plan"
        DECIDED = "decided"
        CLOSED = "closed"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    scope = models.TextField(blank=True)
    criteria = models.TextField(blank=True, default="ISO/IEC 20000-1:2018")
    audit_date = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    lead_auditor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ManyToManyField(Person, blank=True, related_name="audit_engagements")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PLANNED)
    evaluation = models.ForeignKey(
        Evaluation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements",
        help_text="The engine's evaluation the engagement works from",
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-audit_date"]


# What an engagement finding may be graded: Stage 1 concerns and Stage 2 nonconformities.
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


class Interview(OrgRecord):
    """A conversation the audit team held, counted as evidence for the clauses it covered."""

    REF_PREFIX = "INT"

    class Role(models.TextChoices):
        TOP_MANAGEMENT = "top_management", "Top management"
        SMS_MANAGER = "sms_manager", "SMS manager"
        PROCESS_OWNER = "process_owner", "Process owner"
        STAFF = "staff"

    engagement = models.ForeignKey(
        AuditEngagement, on_delete=models.CASCADE, related_name="interviews"
    )
    interviewee = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=Role.choices)
    held_on = models.DateField()
    clauses = models.JSONField(default=list, blank=True, help_text="Clause numbers covered")
    answers = models.JSONField(
        default=list, blank=True, help_text='[{"question": ..., "answer": ...}] as asked'
    )
    evidence_seen = models.TextField(blank=True)
    interviewer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-held_on", "ref"]


class FieldworkSample(OrgRecord):
    """An additional sample the auditor drew during fieldwork: re-drawable from its seed."""

    REF_PREFIX = "FWS"

    engagement = models.ForeignKey(
        AuditEngagement, on_delete=models.CASCADE, related_name="fieldwork_samples"
    )
    population = models.CharField(max_length=100, help_text="The engine population's name")
    clause = models.CharField(max_length=16)
    seed = models.BigIntegerField()
    method = models.CharField(max_length=100)
    population_size = models.PositiveIntegerField(help_text="Records left to draw from")
    sample_size = models.PositiveIntegerField()
    excluded = models.JSONField(
        default=list, blank=True, help_text="Refs already sampled, left out of this draw"
    )
    records = models.JSONField(default=list, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["engagement", "population", "ref"]


class EngagementFinding(OrgRecord):
    """A finding of the engagement: drafted by the engine or raised by the auditor."""

    REF_PREFIX = "EFN"

    class Origin(models.TextChoices):
        ENGINE = "engine", "Evident engine"
        AUDITOR = "auditor"

    class Status(models.TextChoices):
        DRAFT = "draft"
        CONFIRMED = "confirmed"
        CHANGED = "changed", "Changed by the auditor"
        WITHDRAWN = "withdrawn"

    engagement = models.ForeignKey(
        AuditEngagement, on_delete=models.CASCADE, related_name="findings"
    )
    origin = models.CharField(max_length=8, choices=Origin.choices)
    engine_finding = models.ForeignKey(
        "audits.Finding", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.CharField(
        max_length=200, help_text="Stable identity: the engine's key, or one issued for the auditor"
    )
    clause = models.CharField(max_length=16)
    grade = models.CharField(max_length=16, choices=Grade.choices)
    severity = models.CharField(max_length=8, choices=Severity.choices, default="", blank=True)
    statement = models.TextField()
    requirement = models.TextField(blank=True, help_text="The requirement it fails, in our words")
    records = models.JSONField(default=list, blank=True)
    # The engine's samples are derived results that a bundle does not carry, so they are
    # named by ref rather than linked.
    engine_samples = models.JSONField(
        default=list, blank=True, help_text="Refs of the engine's samples it rests on"
    )
    fieldwork_samples = models.ManyToManyField(FieldworkSample, blank=True, related_name="findings")
    interviews = models.ManyToManyField(Interview, blank=True, related_name="findings")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    reason = models.TextField(blank=True, help_text="Why the auditor last decided as they did")
    nonconformity = models.ForeignKey(
        "audits.Nonconformity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The nonconformity raised for it when the findings were issued",
    )
    closure_evidence = models.TextField(
        blank=True, help_text="What the auditor saw when verifying a major's closure"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["engagement", "clause", "ref"]


class SampleJudgement(OrgRecord):
    """The auditor's verdict on one sampled record, beside the engine's."""

    REF_PREFIX = "SJ"

    class Verdict(models.TextChoices):
        NOT_JUDGED = "not_judged", "Not judged"
        CONFORMING = "conforming"
        NONCONFORMING = "nonconforming"

    engagement = models.ForeignKey(
        AuditEngagement, on_delete=models.CASCADE, related_name="judgements"
    )
    sample = models.ForeignKey(
        "audits.Sample", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    fieldwork_sample = models.ForeignKey(
        FieldworkSample, null=True, blank=True, on_delete=models.CASCADE, related_name="judgements"
    )
    record = models.JSONField(help_text='The sampled record: {"type", "id", "ref"}')
    attributes = models.JSONField(
        default=list, blank=True, help_text="Attributes tested, each with the engine's verdict"
    )
    engine_verdict = models.CharField(max_length=16, choices=Verdict.choices)
    verdict = models.CharField(max_length=16, choices=Verdict.choices, default=Verdict.NOT_JUDGED)
    note = models.TextField(blank=True)
    judged_by = models.CharField(max_length=150, blank=True)
    judged_at = models.DateTimeField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["engagement", "ref"]


class CertificationDecision(OrgRecord):
    """The decision closing an audit: the Stage 1 outcome or the certification decision."""

    REF_PREFIX = "DEC"

    class Decision(models.TextChoices):
        READY = "ready"
        CONDITIONALLY_READY = "conditionally_ready", "Conditionally ready"
        NOT_READY = "not_ready", "Not ready"
        CERTIFY = "certify"
        CERTIFY_AFTER_CAP = "certify_after_cap", "Certify once the action plans are accepted"
        DO_NOT_CERTIFY = "do_not_certify", "Do not certify: follow-up audit required"

    engagement = models.ForeignKey(
        AuditEngagement, on_delete=models.CASCADE, related_name="decisions"
    )
    recommendation = models.CharField(
        max_length=24, help_text="What the rules recommended when the decision was taken"
    )
    decision = models.CharField(max_length=24, choices=Decision.choices)
    concerns_to_resolve = models.JSONField(
        default=list, blank=True, help_text="Stage 1: the concerns to resolve before Stage 2"
    )
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField()
    rationale = models.TextField()

    class Meta(OrgRecord.Meta):
        ordering = ["-decided_at"]
