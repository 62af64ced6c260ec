"""Services and the service catalogue (8.2)."""

from django.db import models

from evident.core.models import OrgRecord, Person


class Service(OrgRecord):
    """A service the organisation delivers, whether or not it is catalogued."""

    REF_PREFIX = "SVC"

    class Status(models.TextChoices):
        PIPELINE = "pipeline"
        LIVE = "live"
        RETIRED = "retired"

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.LIVE)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed = models.BooleanField(
        default=True,
        help_text="False when an import created it from a name in the records: someone "
        "must confirm it is a real service and catalogue it, or map it to one",
    )

    class Meta(OrgRecord.Meta):
        ordering = ["name"]


class CatalogueEntry(OrgRecord):
    """A service as published in the service catalogue."""

    REF_PREFIX = "CAT"

    class Status(models.TextChoices):
        PUBLISHED = "published"
        WITHDRAWN = "withdrawn"

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, related_name="catalogue_entry"
    )
    summary = models.TextField(blank=True)
    service_hours = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    published_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        verbose_name_plural = "catalogue entries"
