"""Documented information, communication, awareness and knowledge (7.3-7.6)."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from evident.core.models import OrgRecord, Person


class Document(OrgRecord):
    """A controlled document: the service management policy, other policies, procedures."""

    REF_PREFIX = "DOC"

    class Type(models.TextChoices):
        SM_POLICY = "sm_policy", "Service management policy"
        POLICY = "policy", "Policy"
        PROCEDURE = "procedure", "Procedure"
        PLAN = "plan", "Plan"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    doc_type = models.CharField(max_length=16, choices=Type.choices)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clauses = models.CharField(
        max_length=200, blank=True, help_text="Clause numbers it serves, comma-separated"
    )
    next_review_due = models.DateField(null=True, blank=True)
    retention = models.CharField(
        max_length=200, blank=True, help_text="How long it is kept, e.g. 6 years after retired"
    )
    distribution = models.CharField(
        max_length=200, blank=True, help_text="Who receives it, e.g. all service desk staff"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["title"]

    def current_version(self):
        """The latest approved version, or None."""
        return (
            self.versions.filter(status=DocumentVersion.Status.APPROVED)
            .order_by("-approved_at")
            .first()
        )


class DocumentVersion(OrgRecord):
    """One version of a document, with its approval."""

    REF_PREFIX = "DV"

    class Status(models.TextChoices):
        DRAFT = "draft"
        APPROVED = "approved"
        RETIRED = "retired"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["document", "approved_at"]

    def __str__(self):
        return f"{self.ref} {self.document.title} v{self.version}"


class Communication(OrgRecord):
    """A record that something (usually a document) was communicated, to whom and how."""

    REF_PREFIX = "COM"

    class Channel(models.TextChoices):
        EMAIL = "email"
        INTRANET = "intranet"
        MEETING = "meeting"
        TRAINING = "training"
        OTHER = "other"

    subject = models.CharField(max_length=200)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="communications"
    )
    audience = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan_item = models.ForeignKey(
        "CommunicationPlanItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="log",
        help_text="The planned communication this one delivers",
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-sent_at"]


class Acknowledgement(OrgRecord):
    """A person confirming they have read and understood a document version."""

    REF_PREFIX = "ACK"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="acknowledgements")
    document_version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField()

    class Meta(OrgRecord.Meta):
        ordering = ["-acknowledged_at"]
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["person", "document_version"], name="one_ack_per_person_version"
            ),
        ]


class TrainingCourse(OrgRecord):
    """A course or qualification; ``validity_months`` says when it must be renewed."""

    REF_PREFIX = "CRS"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    validity_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty: does not expire"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["title"]


class CompetenceRequirement(OrgRecord):
    """What a role needs: a course every holder of the role must have current (7.2)."""

    REF_PREFIX = "CMP"

    role = models.CharField(max_length=100, help_text="Matches RoleAssignment.role")
    course = models.ForeignKey(
        TrainingCourse, on_delete=models.CASCADE, related_name="requirements"
    )
    description = models.TextField(blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["role"]
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["organisation", "role", "course"], name="one_requirement_per_role_course"
            ),
        ]


class TrainingRecord(OrgRecord):
    """A person completing a course, and when that stops counting."""

    REF_PREFIX = "TRN"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training_records")
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="records")
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["-completed_on"]


class DocumentUse(OrgRecord):
    """A record that shows a document in use: a change that followed the procedure, say.

    The record is named by its type (``<app_label>.<model_name>``) and its ref, the
    way findings name records, so the link survives export and import.
    """

    REF_PREFIX = "DOU"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="uses")
    record_type = models.CharField(max_length=100, help_text="e.g. operations.change")
    record_ref = models.CharField(max_length=64, help_text="e.g. CHG000123")
    note = models.CharField(max_length=200, blank=True, help_text="How it shows the document used")

    class Meta(OrgRecord.Meta):
        ordering = ["document", "record_type", "record_ref"]

    def __str__(self):
        return f"{self.ref} {self.record_type} {self.record_ref}"

    def used_in(self) -> OrgRecord | None:
        """The record that shows the use, if it exists in the organisation."""
        model = record_model(self.record_type)
        if model is None:
            return None
        return model._default_manager.filter(
            organisation_id=self.organisation_id, ref=self.record_ref
        ).first()

    def clean(self):
        super().clean()
        if record_model(self.record_type) is None:
            raise ValidationError({"record_type": f"{self.record_type!r} is not a record type."})
        if self.organisation_id and self.used_in() is None:
            raise ValidationError(
                {"record_ref": f"No {self.record_type} {self.record_ref} in this organisation."}
            )


def record_model(label: str):
    """The record model named ``<app_label>.<model_name>``, or None."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if issubclass(model, OrgRecord) else None


class CommunicationPlanItem(OrgRecord):
    """A planned communication (7.4): what, to whom, how, how often, who; its log follows it."""

    REF_PREFIX = "CPI"

    class Frequency(models.TextChoices):
        ONCE = "once"
        WEEKLY = "weekly"
        MONTHLY = "monthly"
        QUARTERLY = "quarterly"
        YEARLY = "yearly"

    subject = models.CharField(max_length=200, help_text="What is communicated")
    audience = models.CharField(max_length=200)
    channel = models.CharField(
        max_length=16, choices=Communication.Channel.choices, default=Communication.Channel.EMAIL
    )
    frequency = models.CharField(max_length=16, choices=Frequency.choices)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_due = models.DateField(null=True, blank=True, help_text="Empty once a one-off is done")
    active = models.BooleanField(default=True)

    class Meta(OrgRecord.Meta):
        ordering = ["next_due", "subject"]

    def __str__(self):
        return f"{self.ref} {self.subject}"


class KnowledgeArticle(OrgRecord):
    """Know-how kept for the services (7.6): a how-to, a workaround, a known error explained."""

    REF_PREFIX = "KNW"

    class Status(models.TextChoices):
        DRAFT = "draft"
        PUBLISHED = "published"
        RETIRED = "retired"

    title = models.CharField(max_length=200)
    body = models.TextField()
    service = models.ForeignKey(
        "catalogue.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_articles",
    )
    problem = models.ForeignKey(
        "operations.Problem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_articles",
        help_text="The problem or known error it explains",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["title"]
