"""Suppliers, the contracts and agreements that bind them, and their performance (8.3.4)."""

from django.core.validators import MinValueValidator
from django.db import models

from evident.catalogue.models import Service
from evident.core.models import OrgRecord, Person

from .dates import require_order


class Supplier(OrgRecord):
    """An external supplier, internal supplier or customer acting as a supplier."""

    REF_PREFIX = "SUP"

    class Type(models.TextChoices):
        EXTERNAL = "external"
        INTERNAL = "internal"
        CUSTOMER = "customer", "Customer acting as a supplier"

    class Status(models.TextChoices):
        ACTIVE = "active"
        INACTIVE = "inactive"

    name = models.CharField(max_length=200)
    supplier_type = models.CharField(max_length=16, choices=Type.choices, default=Type.EXTERNAL)
    services = models.ManyToManyField(Service, blank=True, related_name="suppliers")
    contract_ref = models.CharField(max_length=100, blank=True)
    contract_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    manager = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["name"]


class SupplierReview(OrgRecord):
    """A review of a supplier's performance against its contract."""

    REF_PREFIX = "SPR"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(default=3, help_text="1 (poor) to 5 (excellent)")
    notes = models.TextField(blank=True)


class Contract(OrgRecord):
    """A contract with an external supplier, or the agreement with an internal one.

    A contract is *in force* on a day when it is active and the day lies between
    its start and end (an open end means until terminated). Renewing a contract
    records the renewal as a new contract and marks the old one renewed.
    """

    REF_PREFIX = "CTR"

    class Kind(models.TextChoices):
        CONTRACT = "contract"
        OLA = "ola", "Operational level agreement"
        AGREEMENT = "agreement", "Agreement with a customer acting as a supplier"

    class Status(models.TextChoices):
        DRAFT = "draft"
        ACTIVE = "active"
        RENEWED = "renewed", "Renewed (superseded by its renewal)"
        TERMINATED = "terminated"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="contracts")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CONTRACT)
    services = models.ManyToManyField(Service, blank=True, related_name="contracts")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty: until terminated")
    notice_by = models.DateField(
        null=True, blank=True, help_text="Last day to give notice or to decide on renewal"
    )
    value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Total contract value",
    )
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217 code, e.g. EUR")
    targets = models.TextField(
        blank=True, help_text="The service targets the supplier is held to, in the contract's terms"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-starts_on", "ref"]

    def clean(self):
        super().clean()
        require_order(
            self,
            ("starts_on", "ends_on", "A contract cannot end before it starts."),
            ("starts_on", "notice_by", "Notice cannot fall due before the contract starts."),
        )


class SupplierMeasurement(OrgRecord):
    """One month's performance of a supplier against one target of its contract."""

    REF_PREFIX = "SPM"

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", "at least"
        AT_MOST = "at_most", "at most"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="measurements")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.SET_NULL, related_name="measurements"
    )
    month = models.DateField(help_text="First day of the measured month")
    metric = models.CharField(max_length=100)
    target = models.DecimalField(max_digits=12, decimal_places=3)
    direction = models.CharField(
        max_length=16, choices=Direction.choices, default=Direction.AT_LEAST
    )
    actual = models.DecimalField(max_digits=12, decimal_places=3)
    unit = models.CharField(max_length=32, blank=True)
    met = models.BooleanField()

    class Meta(OrgRecord.Meta):
        ordering = ["month"]
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["supplier", "metric", "month"], name="one_supplier_measurement_per_month"
            ),
        ]
