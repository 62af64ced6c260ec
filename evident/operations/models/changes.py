"""Change control (8.5.1): changes, standard-change templates, change authorities, decisions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from evident.catalogue.models import ConfigurationItem, Service
from evident.core.models import OrgRecord, Person


class ChangeRisk(models.TextChoices):
    """How much could go wrong with a change (or a standard-change model)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ChangeTemplate(OrgRecord):
    """A standard change model: a low-risk change pre-authorised to follow set steps."""

    REF_PREFIX = "CHT"

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    steps = models.TextField(blank=True, help_text="The pre-approved steps, in order")
    risk = models.CharField(max_length=8, choices=ChangeRisk.choices, default=ChangeRisk.LOW)
    approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta(OrgRecord.Meta):
        ordering = ["name"]

    @property
    def approved(self) -> bool:
        return self.approved_by_id is not None and self.approved_at is not None


class ChangeAuthority(OrgRecord):
    """A body that decides on changes: the change advisory board or its emergency form."""

    REF_PREFIX = "CAB"

    class Kind(models.TextChoices):
        CAB = "cab", "Change advisory board"
        ECAB = "ecab", "Emergency change advisory board"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CAB)
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(Person, blank=True, related_name="change_authorities")
    remit = models.TextField(blank=True, help_text="Which changes it decides, and how it meets")

    class Meta(OrgRecord.Meta):
        ordering = ["name"]
        verbose_name_plural = "change authorities"


class Change(OrgRecord):
    """A change to a service or its components."""

    REF_PREFIX = "CHG"

    class Type(models.TextChoices):
        STANDARD = "standard"
        NORMAL = "normal"
        EMERGENCY = "emergency"

    class Status(models.TextChoices):
        REQUESTED = "requested"
        ASSESSED = "assessed"
        APPROVED = "approved"
        IMPLEMENTED = "implemented"
        CLOSED = "closed"
        REJECTED = "rejected"
        CANCELLED = "cancelled"

    class Outcome(models.TextChoices):
        NONE = "", "Not yet known"
        SUCCESSFUL = "successful"
        FAILED = "failed"
        BACKED_OUT = "backed_out", "Backed out"

    Risk = ChangeRisk

    title = models.CharField(max_length=200)
    change_type = models.CharField(max_length=16, choices=Type.choices, default=Type.NORMAL)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="changes")
    risk = models.CharField(max_length=8, choices=Risk.choices, default=Risk.LOW)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField()
    planned_start = models.DateTimeField(null=True, blank=True)
    planned_end = models.DateTimeField(null=True, blank=True)
    actual_start = models.DateTimeField(null=True, blank=True)
    actual_end = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default="", blank=True)
    review_completed_at = models.DateTimeField(
        null=True, blank=True, help_text="Post-implementation review"
    )
    review_notes = models.TextField(blank=True)
    configuration_items = models.ManyToManyField(
        ConfigurationItem, blank=True, related_name="changes"
    )
    template = models.ForeignKey(
        ChangeTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
        help_text="The standard-change model a standard change follows",
    )
    risk_assessment = models.TextField(
        blank=True, help_text="What could go wrong, its impact and likelihood, and the mitigation"
    )
    assessed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    backout_plan = models.TextField(blank=True, help_text="How the change is undone if it fails")

    class Meta(OrgRecord.Meta):
        indexes = [models.Index(fields=["organisation", "actual_start"])]

    @classmethod
    def approved_before_start_q(cls) -> Q:
        """Standard changes are pre-authorised; others need an approval before they start."""
        approved_in_time = ChangeApproval.objects.filter(
            change=OuterRef("pk"),
            decision=ChangeApproval.Decision.APPROVED,
            decided_at__lte=OuterRef("actual_start"),
        )
        return Q(change_type=cls.Type.STANDARD) | Q(Exists(approved_in_time))

    @property
    def approved_before_start(self) -> bool:
        if self.change_type == self.Type.STANDARD:
            return True
        if self.actual_start is None:
            return False
        return self.approvals.filter(
            decision=ChangeApproval.Decision.APPROVED, decided_at__lte=self.actual_start
        ).exists()


class ChangeApproval(OrgRecord):
    """A decision on a change by the change authority (CAB, emergency CAB, change manager)."""

    REF_PREFIX = "CHA"

    class Authority(models.TextChoices):
        CAB = "cab", "Change advisory board"
        ECAB = "ecab", "Emergency change advisory board"
        CHANGE_MANAGER = "change_manager", "Change manager"

    class Decision(models.TextChoices):
        APPROVED = "approved"
        REJECTED = "rejected"

    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="approvals")
    authority = models.CharField(max_length=16, choices=Authority.choices, default=Authority.CAB)
    authority_body = models.ForeignKey(
        ChangeAuthority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The board that decided, when a board did",
    )
    approver = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices)
    decided_at = models.DateTimeField()

    class Meta(OrgRecord.Meta):
        ordering = ["decided_at"]

    def clean(self):
        super().clean()
        body = self.authority_body
        if body is not None and body.kind != self.authority:
            raise ValidationError(
                {"authority_body": f"{body.name} is not a {self.get_authority_display()}."}
            )
