"""Monitoring and measurement (9.1) and service reporting (9.4): KPIs, their series, reports."""

from django.core.exceptions import ValidationError
from django.db import models

from evident.catalogue.models import Service
from evident.core.models import OrgRecord, Person
from evident.governance.models import Objective


class Kpi(OrgRecord):
    """A key performance indicator: computed from the records, or measured by hand."""

    REF_PREFIX = "KPI"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    key = models.SlugField(max_length=64, help_text="Stable name within the organisation")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    computation = models.CharField(
        max_length=64,
        blank=True,
        help_text="The computed KPI it takes its values from; empty when measured by hand",
    )
    unit = models.CharField(max_length=32, blank=True)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    target = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="kpis"
    )
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["key"]
        verbose_name = "KPI"
        verbose_name_plural = "KPIs"
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(fields=["organisation", "key"], name="one_kpi_per_key"),
        ]

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)

    def meets_target(self, value) -> bool | None:
        """Whether ``value`` meets the target (``None`` when there is no target)."""
        if self.target is None or value is None:
            return None
        return (
            value >= self.target
            if self.direction == self.Direction.HIGHER
            else value <= self.target
        )


class KpiMeasurement(OrgRecord):
    """One value of a KPI for one period (a calendar month, as a rule)."""

    REF_PREFIX = "KPM"

    class Source(models.TextChoices):
        COMPUTED = "computed", "Computed from the records"
        MANUAL = "manual", "Measured by hand"

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.MANUAL)
    computed_at = models.DateTimeField(null=True, blank=True)
    basis = models.JSONField(
        default=dict, blank=True, help_text="The counts the value was computed from"
    )
    note = models.TextField(blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["kpi", "period_start"]
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["kpi", "period_start"], name="one_value_per_kpi_period"
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.period_start:%Y-%m}"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The period cannot end before it starts."})


class ServiceReport(OrgRecord):
    """A report on one service for one period, generated from the records (9.4)."""

    REF_PREFIX = "SRP"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reports")
    period_start = models.DateField()
    period_end = models.DateField()
    content = models.JSONField(default=dict, blank=True, help_text="The report, by section")
    generated_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="Commentary added by the service owner")

    class Meta(OrgRecord.Meta):
        ordering = ["-period_start", "service"]
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["service", "period_start", "period_end"], name="one_report_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.period_start:%Y-%m}"
