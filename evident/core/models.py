"""Organisations, people, memberships, the record base class and the evidence ledger."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Organisation(models.Model):
    """A tenant: one organisation whose service management system Evident keeps."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    SMS_MANAGER = "sms_manager", "SMS manager"
    PROCESS_OWNER = "process_owner", "Process owner"
    INTERNAL_AUDITOR = "internal_auditor", "Internal auditor"
    EXTERNAL_AUDITOR = "external_auditor", "External auditor"
    VIEWER = "viewer", "Viewer"


# Roles that may change the organisation's records. The external auditor reads
# everything and writes findings only; the viewer reads.
WRITER_ROLES = {Role.ADMIN, Role.SMS_MANAGER, Role.PROCESS_OWNER, Role.INTERNAL_AUDITOR}
FINDING_WRITER_ROLES = WRITER_ROLES | {Role.EXTERNAL_AUDITOR}


class Membership(models.Model):
    """A user's role in one organisation; a user may belong to several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} as {self.get_role_display()} in {self.organisation}"

    @property
    def can_write(self) -> bool:
        return self.role in WRITER_ROLES


# A ref names a record in file names, headers, spreadsheets and links: it starts with a
# letter or digit and holds no control character, quote, backslash or angle bracket.
SAFE_REF = re.compile(r"\w[^\x00-\x1f\x7f\"'\\<>`]*")


def refuse_unsafe_ref(ref: str) -> None:
    if ref and (not SAFE_REF.fullmatch(ref) or ref != ref.strip()):
        raise ValidationError(
            {
                "ref": f"{ref!r} cannot be a ref: start with a letter or digit and use no "
                "line breaks, tabs, quotes, backslashes or angle brackets."
            }
        )


class OrgRecord(models.Model):
    """Base of every domain record: it belongs to one organisation and has a stable ref.

    The ref (``INC000042``) identifies the record inside its organisation across
    databases: bundles, findings and corrective action plans refer to it.
    """

    REF_PREFIX = "REC"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    ref = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by one at every write: a write based on an older version is refused
    # (``core.services.update_record``), so concurrent writers never undo each other.
    record_version = models.PositiveIntegerField(default=1, editable=False)
    # Evidence is voided, not erased: a voided record stays, with who voided it and why,
    # and the engine leaves it out of the populations it judges.
    voided_at = models.DateTimeField(null=True, blank=True, editable=False)
    voided_by = models.CharField(max_length=150, blank=True, editable=False)
    void_reason = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["ref"]
        # Subclasses declare ``class Meta(OrgRecord.Meta)`` to keep this; a test checks it.
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "ref"], name="%(app_label)s_%(class)s_unique_ref"
            )
        ]

    def __str__(self):
        title = getattr(self, "title", None) or getattr(self, "name", None)
        return f"{self.ref} {title}" if title else self.ref

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude)
        if not exclude or "ref" not in exclude:
            refuse_unsafe_ref(self.ref)

    def clean(self):
        super().clean()
        self._check_same_organisation()

    def _check_same_organisation(self):
        """No record may point at another organisation's records."""
        errors = {}
        for field in self._meta.concrete_fields:
            if not field.is_relation or field.name == "organisation":
                continue
            target = field.related_model
            if not (isinstance(target, type) and issubclass(target, OrgRecord)):
                continue
            target_id = getattr(self, field.attname)
            if target_id is None:
                continue
            if field.is_cached(self):  # already in hand: no query needed
                owners = [getattr(field.get_cached_value(self), "organisation_id", None)]
            else:
                owners = list(
                    target.objects.filter(pk=target_id).values_list("organisation_id", flat=True)
                )
            if owners != [self.organisation_id]:
                errors[field.name] = f"{target._meta.verbose_name} {target_id} does not exist"
        if errors:
            raise ValidationError(errors)


class Person(OrgRecord):
    """Someone in the organisation, with or without a login: staff, approvers, owners."""

    REF_PREFIX = "PER"

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    unit = models.CharField(max_length=200, blank=True, help_text="Organisational unit")
    is_top_management = models.BooleanField(default=False)
    in_sms_scope = models.BooleanField(
        default=True, help_text="Works within the scope of the SMS (counts for awareness)"
    )
    active = models.BooleanField(default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(OrgRecord.Meta):
        ordering = ["name"]
        verbose_name_plural = "people"


class Counter(models.Model):
    """Next number per organisation and ref prefix, so refs are never reused."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=16)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "prefix"], name="one_counter_per_prefix"
            )
        ]

    def __str__(self):
        return f"{self.prefix}: {self.value}"


class HistoryEntry(models.Model):
    """One append-only, hash-chained entry of the evidence ledger.

    ``hash`` covers the entry's content and the previous entry's hash, so editing
    or deleting any entry breaks the chain from that point on.
    """

    class Action(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        DELETE = "delete"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField()
    # A login that wrote evidence is deactivated, never deleted: the entry keeps naming it.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    source = models.CharField(max_length=16)
    source_detail = models.JSONField(default=dict, blank=True)
    action = models.CharField(max_length=8, choices=Action.choices)
    # The domain event (``change.approved``) and the operation it was part of: every
    # entry one verb call writes shares its operation id.
    event = models.CharField(max_length=64, blank=True)
    operation = models.CharField(max_length=32, blank=True)
    model = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    object_ref = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # How ``hash`` was computed: 1 (entries written before the anchored ledger) covers
    # the content without the actor id; 2 covers every column, keyed when ``key_id`` is set.
    scheme = models.PositiveSmallIntegerField(default=2)
    key_id = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["organisation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "seq"], name="ledger_seq_unique")
        ]
        indexes = [models.Index(fields=["organisation", "model", "object_id"])]
        verbose_name_plural = "history entries"

    def __str__(self):
        return f"#{self.seq} {self.action} {self.model} {self.object_ref or self.object_id}"
