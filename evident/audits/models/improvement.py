"""Improvement (10): nonconformities, corrective action and plans, the improvement register."""

from django.db import models

from evident.core.models import OrgRecord, Person


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
    # What an internal nonconformity needs when no corrective action plan answers it.
    correction = models.TextField(blank=True, help_text="What was done at once to contain it")
    root_cause = models.TextField(blank=True)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True, help_text="When it is to be closed")

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


class Improvement(OrgRecord):
    """An entry of the continual improvement register (10.2): opportunity, decision, result."""

    REF_PREFIX = "IMP"

    class Source(models.TextChoices):
        OFI_FINDING = "ofi_finding", "Opportunity for improvement (finding)"
        REVIEW = "review", "Management review"
        AUDIT = "audit", "Internal or external audit"
        STAFF = "staff", "Staff suggestion"
        CUSTOMER = "customer", "Customer feedback"

    class Decision(models.TextChoices):
        PENDING = "", "Not yet decided"
        ACCEPTED = "accepted"
        DEFERRED = "deferred"
        REJECTED = "rejected"

    class Status(models.TextChoices):
        PROPOSED = "proposed"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed"
        CLOSED = "closed", "Closed without action"

    title = models.CharField(max_length=200)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.STAFF)
    finding_key = models.CharField(
        max_length=200, blank=True, db_index=True, help_text="The engine finding it answers"
    )
    raised_on = models.DateField()
    opportunity = models.TextField(blank=True)
    expected_benefit = models.TextField(blank=True)
    decision = models.CharField(max_length=16, choices=Decision.choices, default="", blank=True)
    decided_on = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    completed_on = models.DateField(null=True, blank=True)
    result = models.TextField(blank=True, help_text="What the improvement achieved")

    class Meta(OrgRecord.Meta):
        ordering = ["-raised_on"]
