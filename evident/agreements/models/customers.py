"""Customers and the relationship with them: reviews, satisfaction, complaints (8.3.1, 8.3.2)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from evident.catalogue.models import Service
from evident.core.models import OrgRecord, Person

from .dates import require_order


class Customer(OrgRecord):
    """A customer of the services: an external client or an internal business unit."""

    REF_PREFIX = "CUS"

    class Kind(models.TextChoices):
        EXTERNAL = "external"
        INTERNAL = "internal"

    class Status(models.TextChoices):
        ACTIVE = "active"
        FORMER = "former"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.EXTERNAL)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    contact = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Our person responsible for the relationship with this customer",
    )
    customer_contact = models.CharField(
        max_length=200, blank=True, help_text="The customer's own contact: name and e-mail"
    )
    services = models.ManyToManyField(Service, blank=True, related_name="customers")

    class Meta(OrgRecord.Meta):
        ordering = ["name"]


class RelationshipReview(OrgRecord):
    """A business relationship review with a customer: performance, needs, what comes next."""

    REF_PREFIX = "BRR"

    class Status(models.TextChoices):
        PLANNED = "planned"
        HELD = "held"
        CANCELLED = "cancelled"

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="relationship_reviews"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.HELD)
    planned_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    attendees = models.ManyToManyField(Person, blank=True, related_name="+")
    customer_attendees = models.TextField(blank=True, help_text="Who attended for the customer")
    outcomes = models.TextField(blank=True)
    actions = models.TextField(blank=True, help_text="Actions agreed, with owners and dates")

    class Meta(OrgRecord.Meta):
        ordering = ["-held_on", "ref"]

    def clean(self):
        super().clean()
        if self.status == self.Status.HELD and self.held_on is None:
            raise ValidationError({"held_on": ["A review that was held needs its date."]})
        if self.status == self.Status.PLANNED and self.planned_on is None:
            raise ValidationError({"planned_on": ["A planned review needs its date."]})


class SatisfactionSurvey(OrgRecord):
    """The result of asking one customer how satisfied it is with a service over a period."""

    REF_PREFIX = "CSS"

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="surveys")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    conducted_on = models.DateField()
    responses = models.PositiveIntegerField(default=0)
    score = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Overall satisfaction in percent (empty when nobody answered)",
    )
    comments = models.TextField(blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["-conducted_on", "ref"]

    def clean(self):
        super().clean()
        require_order(self, ("period_start", "period_end", "The period ends before it starts."))


class Complaint(OrgRecord):
    """A customer's complaint about a service, from receipt to resolution.

    ``respond_by`` is the day the organisation promised a resolution by (set from
    its complaint handling target when the complaint is recorded);
    ``nonconformity_ref`` names the nonconformity raised from it, if any.
    """

    REF_PREFIX = "CPL"

    class Status(models.TextChoices):
        OPEN = "open"
        RESOLVED = "resolved"
        ESCALATED = "escalated"
        WITHDRAWN = "withdrawn"

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="complaints")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    summary = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    received_on = models.DateField()
    respond_by = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    handler = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nonconformity_ref = models.CharField(
        max_length=64, blank=True, help_text="Ref of the nonconformity raised from it"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-received_on", "ref"]

    def clean(self):
        super().clean()
        require_order(
            self,
            ("received_on", "resolved_on", "A complaint cannot be resolved before it is received."),
            ("received_on", "respond_by", "The promised date cannot be before receipt."),
        )

    def __str__(self):
        return f"{self.ref} {self.summary}"
