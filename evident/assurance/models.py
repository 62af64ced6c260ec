"""Service assurance (8.7): availability, continuity and information security."""

from django.db import models

from evident.catalogue.models import Service
from evident.core.models import OrgRecord, Person


class AvailabilityTarget(OrgRecord):
    """The availability agreed for a service, from a given day on (8.7.1)."""

    REF_PREFIX = "AVT"

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="availability_targets"
    )
    target_percent = models.DecimalField(max_digits=6, decimal_places=3)
    measurement_window = models.CharField(
        max_length=200, blank=True, help_text="Over which hours availability is measured"
    )
    effective_from = models.DateField()

    class Meta(OrgRecord.Meta):
        ordering = ["service", "-effective_from"]


class AvailabilityMeasurement(OrgRecord):
    """A service's measured availability for one calendar month, against its target."""

    REF_PREFIX = "AVM"

    class Source(models.TextChoices):
        DERIVED = "derived", "Derived from incident outage time"
        MANUAL = "manual", "Entered by hand"

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="availability_measurements"
    )
    month = models.DateField(help_text="First day of the month measured")
    agreed_minutes = models.PositiveIntegerField()
    outage_minutes = models.PositiveIntegerField(default=0)
    measured_percent = models.DecimalField(max_digits=6, decimal_places=3)
    target_percent = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    met = models.BooleanField(null=True, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.MANUAL)
    action_taken = models.TextField(
        blank=True, help_text="What was done about a month below target"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["service", "-month"]
        indexes = [models.Index(fields=["service", "month"])]


class ContinuityPlan(OrgRecord):
    """A plan to keep or restore services after a major disruption."""

    REF_PREFIX = "BCP"

    class Status(models.TextChoices):
        DRAFT = "draft"
        APPROVED = "approved"
        RETIRED = "retired"

    title = models.CharField(max_length=200)
    services = models.ManyToManyField(Service, blank=True, related_name="continuity_plans")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.CharField(max_length=32, blank=True)
    approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)


class ContinuityTest(OrgRecord):
    """An exercise of a continuity plan and what it showed."""

    REF_PREFIX = "BCT"

    class Result(models.TextChoices):
        PASSED = "passed"
        PASSED_WITH_ISSUES = "passed_with_issues", "Passed with issues"
        FAILED = "failed"

    plan = models.ForeignKey(ContinuityPlan, on_delete=models.CASCADE, related_name="tests")
    tested_on = models.DateField()
    result = models.CharField(max_length=24, choices=Result.choices)
    notes = models.TextField(blank=True)
    follow_up_actions = models.TextField(
        blank=True, help_text="What the test showed must be done, by whom and when"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-tested_on"]


class SecurityControl(OrgRecord):
    """An information security control, its owner and how well it works (8.7.3.2).

    The information security policy it serves is a ``support.Document`` of type
    policy that names clause 8.7.3 among its clauses.
    """

    REF_PREFIX = "SCT"

    class Area(models.TextChoices):
        ORGANISATIONAL = "organisational"
        PEOPLE = "people"
        PHYSICAL = "physical"
        TECHNOLOGICAL = "technological"

    class Status(models.TextChoices):
        PLANNED = "planned"
        IMPLEMENTED = "implemented"

    class Effectiveness(models.TextChoices):
        NOT_ASSESSED = "", "Not yet assessed"
        EFFECTIVE = "effective"
        PARTLY_EFFECTIVE = "partly_effective", "Partly effective"
        NOT_EFFECTIVE = "not_effective", "Not effective"

    name = models.CharField(max_length=200)
    control_area = models.CharField(max_length=16, choices=Area.choices)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    last_tested_on = models.DateField(null=True, blank=True)
    effectiveness = models.CharField(
        max_length=16, choices=Effectiveness.choices, default="", blank=True
    )

    class Meta(OrgRecord.Meta):
        ordering = ["name"]
