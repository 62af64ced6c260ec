"""Services and the service catalogue (8.2)."""

from django.core.exceptions import ValidationError
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
    live_on = models.DateField(
        null=True, blank=True, help_text="When the service went live (first delivered to users)"
    )
    retired_on = models.DateField(
        null=True, blank=True, help_text="When a retired service stopped being delivered"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["name"]

    def clean(self):
        super().clean()
        if self.live_on and self.retired_on and self.live_on > self.retired_on:
            # A service cannot stop being delivered before it started: one of the days is wrong.
            raise ValidationError(
                {
                    "live_on": f"The go-live day {self.live_on} is after the retirement day "
                    f"{self.retired_on}."
                }
            )


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


class ConfigurationItem(OrgRecord):
    """A component that must be controlled to deliver a service (8.2.6)."""

    REF_PREFIX = "CI"

    class Type(models.TextChoices):
        SERVER = "server"
        APPLICATION = "application"
        DATABASE = "database"
        NETWORK = "network"
        STORAGE = "storage"
        CLOUD_SERVICE = "cloud_service", "Cloud service"
        DOCUMENT = "document"
        OTHER = "other"

    class Status(models.TextChoices):
        PLANNED = "planned"
        LIVE = "live"
        RETIRED = "retired"

    name = models.CharField(max_length=200)
    ci_type = models.CharField(max_length=16, choices=Type.choices, default=Type.OTHER)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.LIVE)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    services = models.ManyToManyField(
        Service,
        blank=True,
        related_name="configuration_items",
        help_text="The services this item directly supports",
    )
    version = models.CharField(max_length=100, blank=True)
    location = models.CharField(
        max_length=200, blank=True, help_text="Site, data centre, cloud region or repository"
    )
    description = models.TextField(blank=True)
    retired_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["name"]
        verbose_name = "configuration item"

    def clean(self):
        super().clean()
        if self.status == self.Status.RETIRED and self.retired_on is None:
            # Without the date, no one can tell which records of the period it may appear in.
            raise ValidationError({"retired_on": "A retired item needs the day it was retired."})


class CiRelation(OrgRecord):
    """A typed link between two configuration items: the source depends on, runs on or is
    part of the target.

    Impact flows against the arrow: when the target fails, the source is affected.
    """

    REF_PREFIX = "CIR"

    class Kind(models.TextChoices):
        DEPENDS_ON = "depends_on", "Depends on"
        RUNS_ON = "runs_on", "Runs on"
        PART_OF = "part_of", "Is part of"

    source = models.ForeignKey(
        ConfigurationItem, on_delete=models.CASCADE, related_name="relations_out"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    target = models.ForeignKey(
        ConfigurationItem, on_delete=models.CASCADE, related_name="relations_in"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta(OrgRecord.Meta):
        verbose_name = "CI relation"
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["source", "kind", "target"], name="catalogue_cirelation_once"
            ),
        ]

    def __str__(self):
        if self.source_id is None or self.target_id is None:
            return self.ref
        return f"{self.source.name} {self.get_kind_display().lower()} {self.target.name}"

    def clean(self):
        super().clean()
        if self._links_item_to_itself():
            raise ValidationError({"target": "An item cannot be related to itself."})
        if self.kind == self.Kind.PART_OF and self.source_id and self.target_id:
            from .impact import part_of_reaches  # the graph walk lives with the impact view

            if part_of_reaches(self.target_id, self.source_id, exclude=self.pk):
                raise ValidationError(
                    {"target": "This would make the item part of itself (a cycle of 'part of')."}
                )

    def _links_item_to_itself(self) -> bool:
        if self.source_id is not None:
            return self.source_id == self.target_id
        # An import validates before anything is saved: compare the items themselves.
        fields = [self._meta.get_field(name) for name in ("source", "target")]
        if all(f.is_cached(self) for f in fields):
            return fields[0].get_cached_value(self) is fields[1].get_cached_value(self)
        return False


class Asset(OrgRecord):
    """Something of value used to deliver services, kept in the asset register (8.2.5)."""

    REF_PREFIX = "AST"

    class Type(models.TextChoices):
        HARDWARE = "hardware"
        SOFTWARE_LICENCE = "software_licence", "Software licence"
        CLOUD_SUBSCRIPTION = "cloud_subscription", "Cloud subscription"
        FACILITY = "facility"
        INFORMATION = "information"
        OTHER = "other"

    class Status(models.TextChoices):
        ORDERED = "ordered"
        IN_STOCK = "in_stock", "In stock"
        IN_USE = "in_use", "In use"
        DISPOSED = "disposed"

    name = models.CharField(max_length=200)
    asset_type = models.CharField(max_length=24, choices=Type.choices, default=Type.HARDWARE)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_USE)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    location = models.CharField(max_length=200, blank=True)
    acquired_on = models.DateField(null=True, blank=True)
    disposed_on = models.DateField(null=True, blank=True)
    contract_ref = models.CharField(
        max_length=100, blank=True, help_text="Licence, subscription or support contract"
    )
    licence_seats = models.PositiveIntegerField(null=True, blank=True)
    expires_on = models.DateField(
        null=True, blank=True, help_text="When the licence, subscription or support ends"
    )
    configuration_item = models.OneToOneField(
        ConfigurationItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asset",
        help_text="The configuration item this asset is, when it is controlled as one",
    )

    class Meta(OrgRecord.Meta):
        ordering = ["name"]

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.DISPOSED and self.disposed_on is None:
            errors["disposed_on"] = "A disposed asset needs the day it was disposed of."
        if self.acquired_on and self.disposed_on and self.disposed_on < self.acquired_on:
            errors["disposed_on"] = "An asset cannot be disposed of before it was acquired."
        if errors:
            raise ValidationError(errors)


class ServicePlan(OrgRecord):
    """A planning record for a new service, a change to one, or its retirement (8.2.2)."""

    REF_PREFIX = "SPL"

    class Kind(models.TextChoices):
        NEW = "new", "New service"
        CHANGE = "change", "Change to a service"
        RETIREMENT = "retirement"

    class Status(models.TextChoices):
        DRAFT = "draft"
        APPROVED = "approved"
        COMPLETED = "completed"
        CANCELLED = "cancelled"

    title = models.CharField(max_length=200)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.NEW)
    requirements = models.TextField(
        blank=True, help_text="What the service must meet: needs, capacity, dependencies"
    )
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["target_date", "ref"]

    def clean(self):
        super().clean()
        if self.status == self.Status.COMPLETED and self.completed_on is None:
            raise ValidationError({"completed_on": "A completed plan needs its completion day."})


class LifecycleParty(OrgRecord):
    """A party that takes part in a service's lifecycle, and what it answers for (8.2.3)."""

    REF_PREFIX = "LCP"

    class Kind(models.TextChoices):
        INTERNAL = "internal", "Internal group"
        SUPPLIER = "supplier"
        CUSTOMER = "customer"
        PERSON = "person"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(
        max_length=200, blank=True, help_text="The group, supplier or customer, in words"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    supplier = models.ForeignKey(
        "agreements.Supplier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lifecycle_roles",
    )
    role = models.CharField(max_length=200, help_text="For instance: hosting, second-line support")
    responsibilities = models.TextField(blank=True)

    class Meta(OrgRecord.Meta):
        verbose_name = "lifecycle party"
        verbose_name_plural = "lifecycle parties"

    def __str__(self):
        who = self.name or (self.person.name if self.person_id else "")
        return f"{self.ref} {who}: {self.role}" if who else self.ref

    def clean(self):
        super().clean()
        # The related objects, not their ids: an import validates before anything is saved.
        if self.kind == self.Kind.PERSON and self.person is None:
            raise ValidationError({"person": "Name the person who takes this part."})
        if self.kind == self.Kind.SUPPLIER and not (self.supplier or self.name):
            raise ValidationError({"supplier": "Name the supplier, or pick its record."})
        if self.kind in (self.Kind.INTERNAL, self.Kind.CUSTOMER) and not self.name:
            raise ValidationError({"name": "Name the group or customer that takes this part."})
