"""Design, transition, release and deployment (8.5.2, 8.5.3).

A major release is how a new or significantly changed service reaches its
users: it should rest on an approved service design and a transition plan
accepted against its criteria. Minor and emergency releases carry ordinary
changes.
"""

from django.core.exceptions import ValidationError
from django.db import models

from evident.catalogue.models import Service
from evident.core.models import OrgRecord, Person

from .changes import Change
from .resolution import Incident


class Release(OrgRecord):
    """A set of changes built, tested and deployed together."""

    REF_PREFIX = "REL"

    class Type(models.TextChoices):
        MAJOR = "major", "Major (new or significantly changed service)"
        MINOR = "minor"
        EMERGENCY = "emergency"

    class Status(models.TextChoices):
        PLANNED = "planned"
        BUILT = "built"
        DEPLOYED = "deployed"
        CLOSED = "closed"
        CANCELLED = "cancelled"

    class Outcome(models.TextChoices):
        NONE = "", "Not yet known"
        SUCCESSFUL = "successful"
        FAILED = "failed"
        BACKED_OUT = "backed_out", "Backed out"

    name = models.CharField(max_length=200)
    version = models.CharField(max_length=32, blank=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="releases")
    release_type = models.CharField(max_length=16, choices=Type.choices, default=Type.MINOR)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    planned_for = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(
        null=True, blank=True, help_text="When it reached production"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default="", blank=True)
    changes = models.ManyToManyField(Change, blank=True, related_name="releases")

    class Meta(OrgRecord.Meta):
        ordering = ["planned_for", "ref"]


class Deployment(OrgRecord):
    """One deployment of a release into one environment, and how it went."""

    REF_PREFIX = "DEP"

    class Environment(models.TextChoices):
        TEST = "test"
        STAGING = "staging"
        PRODUCTION = "production"

    class Outcome(models.TextChoices):
        SUCCESSFUL = "successful"
        FAILED = "failed"
        ROLLED_BACK = "rolled_back", "Rolled back"

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="deployments")
    environment = models.CharField(
        max_length=16, choices=Environment.choices, default=Environment.PRODUCTION
    )
    deployed_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    deployed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rollback_note = models.TextField(blank=True, help_text="What was rolled back, and why")
    incident = models.ForeignKey(
        Incident,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deployments",
        help_text="The incident raised for a failed deployment",
    )
    follow_up_change = models.ForeignKey(
        Change,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_of_deployments",
        help_text="The change raised to correct a failed deployment",
    )

    class Meta(OrgRecord.Meta):
        ordering = ["deployed_at"]

    @property
    def went_wrong(self) -> bool:
        return self.outcome != self.Outcome.SUCCESSFUL


class ServiceDesign(OrgRecord):
    """The design of a new or changed service: what it must do and how the design meets it."""

    REF_PREFIX = "SDN"

    class Purpose(models.TextChoices):
        NEW = "new", "New service"
        CHANGED = "changed", "Changed service"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="designs")
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.NEW)
    change = models.ForeignKey(
        Change,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="designs",
        help_text="The change under which the service is designed and built",
    )
    summary = models.TextField(help_text="How the service will be built and run")
    requirements = models.TextField(blank=True, help_text="The requirements the design answers")
    requirements_met = models.BooleanField(
        default=False, help_text="The design has been checked against every requirement"
    )
    approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    @property
    def approved(self) -> bool:
        return self.approved_by_id is not None and self.approved_at is not None


class TransitionPlan(OrgRecord):
    """How a designed service moves into live use, and whether it met its acceptance criteria."""

    REF_PREFIX = "TRP"

    design = models.ForeignKey(
        ServiceDesign, on_delete=models.CASCADE, related_name="transition_plans"
    )
    planned_date = models.DateField()
    acceptance_criteria = models.TextField()
    completed_on = models.DateField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True, help_text="What was delivered against what was planned")

    def clean(self):
        super().clean()
        if self.accepted_by_id is not None and self.completed_on is None:
            raise ValidationError(
                {"completed_on": "A transition is accepted only once it is completed."}
            )
