"""Resolution and fulfilment (8.6): incidents and their history and reviews, service
requests, problems and known errors."""

from django.core.exceptions import ValidationError
from django.db import models

from evident.catalogue.models import ConfigurationItem, Service
from evident.core.models import OrgRecord, Person

from .changes import Change


class Problem(OrgRecord):
    """The cause of one or more incidents, its root cause and workaround."""

    REF_PREFIX = "PRB"

    class Status(models.TextChoices):
        OPEN = "open"
        KNOWN_ERROR = "known_error", "Known error"
        RESOLVED = "resolved"
        CLOSED = "closed"

    title = models.CharField(max_length=200)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="problems")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    root_cause = models.TextField(blank=True)
    workaround = models.TextField(blank=True)
    known_error_at = models.DateTimeField(
        null=True, blank=True, help_text="When the problem was published as a known error"
    )


class Incident(OrgRecord):
    """An unplanned interruption or degradation of a service."""

    REF_PREFIX = "INC"

    class Priority(models.IntegerChoices):
        CRITICAL = 1, "1 - Critical"
        HIGH = 2, "2 - High"
        MODERATE = 3, "3 - Moderate"
        LOW = 4, "4 - Low"

    class Status(models.TextChoices):
        NEW = "new"
        IN_PROGRESS = "in_progress"
        ON_HOLD = "on_hold"
        RESOLVED = "resolved"
        CLOSED = "closed"

    class Level(models.IntegerChoices):
        HIGH = 1, "1 - High"
        MEDIUM = 2, "2 - Medium"
        LOW = 3, "3 - Low"

    title = models.CharField(max_length=200)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="incidents")
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MODERATE)
    impact = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)
    category = models.CharField(max_length=100, blank=True)
    made_sla = models.BooleanField(
        null=True, blank=True, help_text="Whether the source tool judged the SLA met"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    assignment_group = models.CharField(max_length=100, blank=True)
    major = models.BooleanField(default=False)
    security = models.BooleanField(
        default=False, help_text="An information security incident (8.7.3.3)"
    )
    priority_overridden = models.BooleanField(
        default=False, help_text="Priority set by hand instead of from the priority matrix"
    )
    override_reason = models.TextField(blank=True)
    opened_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    caused_by_change = models.ForeignKey(
        Change, null=True, blank=True, on_delete=models.SET_NULL, related_name="caused_incidents"
    )
    problem = models.ForeignKey(
        Problem, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    configuration_items = models.ManyToManyField(
        ConfigurationItem, blank=True, related_name="incidents"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["organisation", "opened_at"])]

    def clean(self):
        super().clean()
        if self.priority_overridden and not self.override_reason.strip():
            raise ValidationError({"override_reason": "Say why the priority was set by hand."})


class IncidentReview(OrgRecord):
    """A review held after a major or an information security incident, and what it found."""

    REF_PREFIX = "IRV"

    class Kind(models.TextChoices):
        MAJOR = "major", "Major incident review"
        SECURITY = "security", "Security incident review"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.MAJOR)
    held_on = models.DateField()
    reviewed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timeline = models.TextField(blank=True)
    root_cause_summary = models.TextField(blank=True)
    lessons = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    reported_to = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who was told, where that is needed (customer, regulator, authority)",
    )
    reported_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["-held_on"]


class IncidentStatusChange(OrgRecord):
    """One step of an incident's status history: which status, from when.

    Imported event logs and the SLA engine read the history rather than the
    final state: time in a paused status does not count against the target.
    """

    REF_PREFIX = "ISC"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=16, choices=Incident.Status.choices)
    source_status = models.CharField(
        max_length=64, blank=True, help_text="The status as the source tool named it"
    )
    changed_at = models.DateTimeField()

    class Meta(OrgRecord.Meta):
        ordering = ["incident", "changed_at"]
        indexes = [models.Index(fields=["incident", "changed_at"])]


class ServiceRequest(OrgRecord):
    """A request for something the service provides: information, access, a standard item."""

    REF_PREFIX = "REQ"

    class Status(models.TextChoices):
        OPEN = "open"
        FULFILLED = "fulfilled"
        CLOSED = "closed"
        CANCELLED = "cancelled"

    title = models.CharField(max_length=200)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="requests")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    request_type = models.CharField(
        max_length=100, blank=True, help_text="The catalogue item requested"
    )
    needs_approval = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField()
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fulfilment_notes = models.TextField(blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["-opened_at"]
