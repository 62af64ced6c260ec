"""Documented information, communication and awareness (7.3, 7.4, 7.5)."""

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
