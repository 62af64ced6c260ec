"""Resolution and fulfilment, and change control (8.5.1, 8.6)."""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from evident.catalogue.models import Service
from evident.core.models import OrgRecord, Person


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

    class Risk(models.TextChoices):
        LOW = "low"
        MEDIUM = "medium"
        HIGH = "high"

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
    approver = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices)
    decided_at = models.DateTimeField()

    class Meta(OrgRecord.Meta):
        ordering = ["decided_at"]


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
    opened_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    caused_by_change = models.ForeignKey(
        Change, null=True, blank=True, on_delete=models.SET_NULL, related_name="caused_incidents"
    )
    problem = models.ForeignKey(
        Problem, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["organisation", "opened_at"])]


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
    opened_at = models.DateTimeField()
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["-opened_at"]
