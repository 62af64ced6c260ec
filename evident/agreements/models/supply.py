"""Supply and demand: budgets and actual costs, demand forecasts, capacity plans (8.4).

Capacity management (8.4.3) is kept here, beside budgets and demand, because the
three are planned together: what a service is expected to be asked for, what it
needs to meet that, and what it will cost.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from evident.catalogue.models import Service
from evident.core.models import OrgRecord, Person

from .dates import require_order

AMOUNT = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Budget(OrgRecord):
    """The planned cost of one service for one budget period, and what it actually cost."""

    REF_PREFIX = "BUD"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="budgets")
    period_label = models.CharField(max_length=32, help_text="e.g. FY2025")
    period_start = models.DateField()
    period_end = models.DateField()
    planned_amount = models.DecimalField(**AMOUNT)
    actual_cost = models.DecimalField(
        null=True, blank=True, help_text="Actual cost to date (empty: not yet recorded)", **AMOUNT
    )
    actual_as_of = models.DateField(
        null=True, blank=True, help_text="The day up to which the actual cost is counted"
    )
    currency = models.CharField(max_length=3, default="EUR", help_text="ISO 4217 code")
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True, help_text="Explanations of variances")

    class Meta(OrgRecord.Meta):
        ordering = ["-period_start", "ref"]

    def clean(self):
        super().clean()
        require_order(self, ("period_start", "period_end", "The period ends before it starts."))


class DemandForecast(OrgRecord):
    """Expected demand for a service over a coming period, and what the expectation rests on."""

    REF_PREFIX = "DMF"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="demand_forecasts")
    prepared_on = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    metric = models.CharField(max_length=100, help_text="e.g. active users, tickets per month")
    current_volume = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    forecast_volume = models.DecimalField(max_digits=14, decimal_places=2)
    basis = models.TextField(blank=True, help_text="Trends, business plans and assumptions used")
    prepared_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-prepared_on", "ref"]

    def clean(self):
        super().clean()
        require_order(self, ("period_start", "period_end", "The period ends before it starts."))


class CapacityPlan(OrgRecord):
    """Capacity needed for a service (or a shared resource) over a period, against what exists.

    A plan covers a service, or a resource named in words (a data centre, a team)
    when no single service owns it.
    """

    REF_PREFIX = "CPP"

    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="capacity_plans",
    )
    resource = models.CharField(
        max_length=200, blank=True, help_text="The resource planned, when it is not one service"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    metric = models.CharField(max_length=100, help_text="e.g. storage TB, analysts, vCPU")
    current_capacity = models.DecimalField(max_digits=14, decimal_places=2)
    planned_capacity = models.DecimalField(max_digits=14, decimal_places=2)
    warning_threshold = models.PositiveSmallIntegerField(
        default=80, help_text="Utilisation (%) at which action is planned"
    )
    critical_threshold = models.PositiveSmallIntegerField(
        default=95, help_text="Utilisation (%) at which service is at risk"
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["-period_start", "ref"]

    def clean(self):
        super().clean()
        require_order(self, ("period_start", "period_end", "The period ends before it starts."))
        if not self.service_id and not self.resource.strip():
            raise ValidationError({"resource": ["Name the service or the resource planned."]})
        if self.critical_threshold < self.warning_threshold:
            raise ValidationError(
                {"critical_threshold": ["The critical threshold is below the warning one."]}
            )

    def __str__(self):
        subject = self.resource or (self.service.name if self.service_id else "")
        return f"{self.ref} {subject} ({self.metric})" if subject else self.ref


class CapacityReview(OrgRecord):
    """A review of capacity use against a plan's thresholds, and what was decided."""

    REF_PREFIX = "CPR"

    plan = models.ForeignKey(CapacityPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    utilisation_percent = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    findings = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-reviewed_on", "ref"]

    def clean(self):
        from .. import services  # services import the models

        super().clean()
        if errors := services.capacity_review_errors(self):
            raise ValidationError(errors)
