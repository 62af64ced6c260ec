"""Service level agreements: calendars, SLAs, targets, monthly measurements, reviews (8.3.3)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from evident.catalogue.models import Service
from evident.core.models import OrgRecord, Person


class BusinessCalendar(OrgRecord):
    """Working hours, time zone and days off against which SLA clocks run.

    ``working_hours`` maps weekday names (``monday`` ...) to lists of
    ``["HH:MM", "HH:MM"]`` local intervals; ``holidays`` lists ISO dates and
    ``yearly_holidays`` ``MM-DD`` days; ``holiday_country`` adds a public-holiday
    set from the ``holidays`` library.
    """

    REF_PREFIX = "CAL"

    name = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64, default="UTC")
    working_hours = models.JSONField(default=dict, blank=True)
    holidays = models.JSONField(default=list, blank=True)
    yearly_holidays = models.JSONField(default=list, blank=True)
    holiday_country = models.CharField(max_length=8, blank=True)
    holiday_subdivision = models.CharField(max_length=16, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["name"]

    def clean(self):
        from .. import services  # services import the models

        super().clean()
        if errors := services.calendar_errors(self):
            raise ValidationError(errors)

    def as_calendar(self):
        """This calendar as the business-time engine's ``Calendar``."""
        from .. import services

        return services.as_calendar(self)


class SLA(OrgRecord):
    """A service level agreement for one service and customer."""

    REF_PREFIX = "SLA"

    class Status(models.TextChoices):
        DRAFT = "draft"
        AGREED = "agreed"
        RETIRED = "retired"

    name = models.CharField(max_length=200)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="slas")
    customer = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.AGREED)
    agreed_on = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    calendar = models.ForeignKey(
        BusinessCalendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="slas",
        help_text="Empty: the clock runs around the clock",
    )
    availability_target = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Agreed availability of the service, in percent of the agreed service hours",
    )

    class Meta(OrgRecord.Meta):
        verbose_name = "SLA"
        verbose_name_plural = "SLAs"


class SlaTarget(OrgRecord):
    """One measurable target of an SLA, for example availability at least 99.5 %."""

    REF_PREFIX = "SLT"

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", "at least"
        AT_MOST = "at_most", "at most"

    class Kind(models.TextChoices):
        RESPONSE = "response", "Incident response time"
        RESOLUTION = "resolution", "Incident resolution time"
        AVAILABILITY = "availability"
        OTHER = "other"

    sla = models.ForeignKey(SLA, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    priority = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Incident priority it applies to (empty: all)"
    )
    time_limit_minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="For response and resolution targets: business minutes allowed per ticket; "
        "target_value is then the share of tickets (%) that must be within it",
    )
    effective_from = models.DateField(
        null=True, blank=True, help_text="Tickets opened from this day on are judged by it"
    )
    effective_to = models.DateField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=12, decimal_places=3)
    unit = models.CharField(max_length=32, blank=True)
    direction = models.CharField(
        max_length=16, choices=Direction.choices, default=Direction.AT_LEAST
    )

    def __str__(self):
        return f"{self.ref} {self.metric} {self.get_direction_display()} {self.target_value}"

    def clean(self):
        from .. import services  # services import the models

        super().clean()
        if errors := services.sla_target_errors(self):
            raise ValidationError(errors)

    def is_met_by(self, value) -> bool:
        if self.direction == self.Direction.AT_LEAST:
            return value >= self.target_value
        return value <= self.target_value


class SlaMeasurement(OrgRecord):
    """The measured value of one SLA target for one calendar month."""

    REF_PREFIX = "SLM"

    target = models.ForeignKey(SlaTarget, on_delete=models.CASCADE, related_name="measurements")
    month = models.DateField(help_text="First day of the measured month")
    value = models.DecimalField(max_digits=12, decimal_places=3)
    met = models.BooleanField()

    class Meta(OrgRecord.Meta):
        ordering = ["month"]
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(fields=["target", "month"], name="one_measurement_per_month"),
        ]


class SlaReview(OrgRecord):
    """A review of an SLA and its performance with the customer.

    ``breaches_reviewed`` names the missed monthly measurements the review looked
    into, so that a breach followed by a review can be told from one left alone.
    """

    REF_PREFIX = "SLR"

    sla = models.ForeignKey(SLA, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    breaches_reviewed = models.ManyToManyField(
        SlaMeasurement,
        blank=True,
        related_name="reviewed_in",
        help_text="Missed monthly measurements of this SLA that the review looked into",
    )
