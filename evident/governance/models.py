"""Context, leadership and planning: scope, objectives, risks, the SMS plan, processes."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from evident.catalogue.models import Service
from evident.core.models import OrgRecord, Person
from evident.support.models import Document


class ScopeStatement(OrgRecord):
    """A version of the SMS scope (4.3); the latest approved one is in force."""

    REF_PREFIX = "SCO"

    class Status(models.TextChoices):
        DRAFT = "draft"
        APPROVED = "approved"
        SUPERSEDED = "superseded"

    version = models.CharField(max_length=32, default="1")
    statement = models.TextField()
    services = models.ManyToManyField(Service, blank=True, related_name="scope_statements")
    units = models.TextField(blank=True, help_text="Organisational units in scope")
    locations = models.TextField(blank=True)
    exclusions = models.TextField(blank=True, help_text="Exclusions and the reasons for them")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["-approved_at"]


class ScopeExclusion(OrgRecord):
    """One thing the scope leaves out, and why: an auditor judges each exclusion by its reason."""

    REF_PREFIX = "SCX"

    scope = models.ForeignKey(
        ScopeStatement, on_delete=models.CASCADE, related_name="exclusion_items"
    )
    excluded = models.CharField(max_length=200, help_text="The service, unit or site left out")
    reason = models.TextField(blank=True, help_text="Why it is outside the SMS")

    class Meta(OrgRecord.Meta):
        ordering = ["scope", "excluded"]

    def __str__(self):
        return f"{self.ref} {self.excluded}"


class ScopePhase(OrgRecord):
    """A phase of the certification journey: which services are certified first, which follow."""

    REF_PREFIX = "SPH"

    class Status(models.TextChoices):
        PLANNED = "planned"
        IN_PROGRESS = "in_progress"
        CERTIFIED = "certified"

    scope = models.ForeignKey(ScopeStatement, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(help_text="1 for the first phase")
    services = models.ManyToManyField(Service, blank=True, related_name="scope_phases")
    target_date = models.DateField(null=True, blank=True, help_text="Target certification date")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)

    class Meta(OrgRecord.Meta):
        ordering = ["scope", "number"]
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(fields=["scope", "number"], name="one_phase_number_per_scope"),
        ]

    def __str__(self):
        return f"{self.ref} phase {self.number}"


class Objective(OrgRecord):
    """A service management objective (6.2): measurable, owned, due."""

    REF_PREFIX = "OBJ"

    class Status(models.TextChoices):
        ACTIVE = "active"
        ACHIEVED = "achieved"
        MISSED = "missed"
        WITHDRAWN = "withdrawn"

    title = models.CharField(max_length=200)
    measure = models.CharField(max_length=200, blank=True, help_text="How it is measured (KPI)")
    target_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    unit = models.CharField(max_length=32, blank=True)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)

    @property
    def is_measurable(self) -> bool:
        return bool(self.measure) and self.target_value is not None


class Risk(OrgRecord):
    """An entry of the risk register (6.1), for the SMS or for the services."""

    REF_PREFIX = "RSK"

    class Category(models.TextChoices):
        SMS = "sms", "Service management system"
        SERVICE = "service", "Services"

    class Status(models.TextChoices):
        OPEN = "open"
        TREATED = "treated"
        CLOSED = "closed"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.SMS)
    likelihood = models.PositiveSmallIntegerField(default=3, help_text="1 (rare) to 5")
    impact = models.PositiveSmallIntegerField(default=3, help_text="1 (minor) to 5")
    treatment = models.TextField(blank=True)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)

    class Meta(OrgRecord.Meta):
        constraints = [
            *OrgRecord.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5)
                & models.Q(impact__gte=1, impact__lte=5),
                name="risk_scores_in_range",
            ),
        ]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class SmsPlan(OrgRecord):
    """The plan to establish and improve the SMS (6.3)."""

    REF_PREFIX = "PLN"

    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)


class Milestone(OrgRecord):
    """A dated step of the SMS plan."""

    REF_PREFIX = "MS"

    class Status(models.TextChoices):
        PLANNED = "planned"
        IN_PROGRESS = "in_progress"
        DONE = "done"

    plan = models.ForeignKey(SmsPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(null=True, blank=True)
    # Cycles are refused when the links are set (``governance.signals``).
    dependencies = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents",
        help_text="Milestones that must be done first",
    )  # fmt: skip
    clause = models.CharField(
        max_length=16, blank=True, help_text="The clause whose gap this milestone closes"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["due_date"]


class Process(OrgRecord):
    """A clause-8 process of the SMS, its owner and its approved procedure."""

    REF_PREFIX = "PRC"

    class Key(models.TextChoices):
        SERVICE_PORTFOLIO = "service_portfolio", "Service portfolio (8.2)"
        SERVICE_LEVEL = "service_level", "Service level management (8.3.3)"
        SUPPLIER = "supplier", "Supplier management (8.3.4)"
        CHANGE = "change", "Change management (8.5.1)"
        RELEASE = "release", "Release and deployment management (8.5.3)"
        INCIDENT = "incident", "Incident management (8.6.1)"
        SERVICE_REQUEST = "service_request", "Service request management (8.6.2)"
        PROBLEM = "problem", "Problem management (8.6.3)"
        CONTINUITY = "continuity", "Service continuity management (8.7.2)"

    key = models.CharField(max_length=32, choices=Key.choices)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    procedure = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    in_scope = models.BooleanField(default=True)

    class Meta(OrgRecord.Meta):
        ordering = ["key"]
        verbose_name_plural = "processes"
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(fields=["organisation", "key"], name="one_process_per_key"),
        ]

    def __str__(self):
        return f"{self.ref} {self.get_key_display()}"

    CLAUSES = {
        "service_portfolio": "8.2",
        "service_level": "8.3.3",
        "supplier": "8.3.4",
        "change": "8.5.1",
        "release": "8.5.3",
        "incident": "8.6.1",
        "service_request": "8.6.2",
        "problem": "8.6.3",
        "continuity": "8.7.2",
    }

    @property
    def clause(self) -> str:
        return self.CLAUSES[self.key]


class ContextIssue(OrgRecord):
    """An internal or external issue that affects what the SMS can achieve (4.1)."""

    REF_PREFIX = "CTX"

    class Kind(models.TextChoices):
        INTERNAL = "internal"
        EXTERNAL = "external"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    description = models.TextField(blank=True)
    effect = models.TextField(blank=True, help_text="How it bears on the SMS and the services")
    recorded_on = models.DateField()
    review_due = models.DateField(null=True, blank=True)


class InterestedParty(OrgRecord):
    """A party with a stake in the services, what it needs and what the SMS takes on (4.2)."""

    REF_PREFIX = "IP"

    class Kind(models.TextChoices):
        CUSTOMER = "customer"
        USER = "user"
        SUPPLIER = "supplier"
        REGULATOR = "regulator"
        STAFF = "staff"
        OWNER = "owner", "Owner or shareholder"
        OTHER = "other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    needs = models.TextField(blank=True, help_text="Needs and expectations")
    obligations = models.TextField(blank=True, help_text="Legal, regulatory, contractual")
    reviewed_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["name"]
        verbose_name_plural = "interested parties"


class GoverningBody(OrgRecord):
    """A steering committee or board that directs the SMS, with its executive sponsor (5.1)."""

    REF_PREFIX = "GB"

    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    executive_sponsor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(Person, blank=True, related_name="governing_bodies")
    meeting_interval_days = models.PositiveSmallIntegerField(
        default=90, help_text="How often it is meant to meet"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["name"]
        verbose_name_plural = "governing bodies"


class BodyMeeting(OrgRecord):
    """A meeting of a governing body: who came, what was decided."""

    REF_PREFIX = "GBM"

    body = models.ForeignKey(GoverningBody, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    attendees = models.ManyToManyField(Person, blank=True, related_name="+")
    minutes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["-held_on"]


class MeetingAction(OrgRecord):
    """An action a governing body gave someone, and when it was done."""

    REF_PREFIX = "ACT"

    meeting = models.ForeignKey(BodyMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["due_date"]


class RoleAssignment(OrgRecord):
    """A person's role in the SMS, as a RACI entry for a process or the SMS as a whole (5.3)."""

    REF_PREFIX = "RA"

    class Responsibility(models.TextChoices):
        RESPONSIBLE = "responsible"
        ACCOUNTABLE = "accountable"
        CONSULTED = "consulted"
        INFORMED = "informed"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=100, help_text="e.g. Change manager, SMS manager")
    process = models.ForeignKey(
        Process, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    responsibility = models.CharField(
        max_length=16, choices=Responsibility.choices, default=Responsibility.RESPONSIBLE
    )
    assigned_on = models.DateField(null=True, blank=True)

    class Meta(OrgRecord.Meta):
        ordering = ["role", "person"]


class ResourceAllocation(OrgRecord):
    """Part of someone's time given to an SMS role for a period: the resource plan (7.1).

    Either a person of the organisation or named external support holds it.
    """

    REF_PREFIX = "RES"

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="allocations"
    )
    external_support = models.CharField(
        max_length=200, blank=True, help_text="A contractor or firm, when not one of our people"
    )
    role = models.CharField(max_length=100, help_text="The SMS role, as in role assignments")
    process = models.ForeignKey(
        Process, null=True, blank=True, on_delete=models.SET_NULL, related_name="allocations"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    fte = models.DecimalField(
        "FTE",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Full-time equivalents: 0.5 is half of one person's time",
    )

    class Meta(OrgRecord.Meta):
        ordering = ["period_start", "role"]

    def __str__(self):
        return f"{self.ref} {self.role}: {self.holder} {self.fte} FTE"

    @property
    def holder(self) -> str:
        return self.person.name if self.person_id else self.external_support

    def clean(self):
        super().clean()
        errors = {}
        # The related object, not its id: a bundle import validates before anything is saved.
        has_person = self.person is not None
        if has_person == bool(self.external_support.strip()):
            errors["person"] = "Name either a person or the external support, not both."
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period cannot end before it starts."
        if has_person and self.fte is not None and self.fte > 1:
            errors["fte"] = "One allocation of a person cannot exceed 1.0 FTE."
        if errors:
            raise ValidationError(errors)
