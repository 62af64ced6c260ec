"""Service continuity (8.7.2)."""

from django.db import models

from evident.catalogue.models import Service
from evident.core.models import OrgRecord, Person


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
    approved_at = models.DateTimeField(null=True, blank=True)


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

    class Meta(OrgRecord.Meta):
        ordering = ["-tested_on"]
