"""Imports started from the web or the API, run as background jobs."""

from django.conf import settings
from django.db import models

from evident.core.models import OrgRecord


class ImportJob(OrgRecord):
    """One uploaded export and what importing it did: counts, rejections, failure."""

    REF_PREFIX = "IMPJ"

    class Format(models.TextChoices):
        SERVICENOW = (
            "servicenow",
            "ServiceNow incidents, changes, problems or CIs (CSV or Table API JSON)",
        )
        JIRA = "jira", "Jira Service Management issues (CSV)"
        CSV = "csv", "Any record type from CSV, with a column mapping"
        XLSX = "xlsx", "Any record type from an Excel workbook, with a column mapping"

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done", "Done"
        DONE_WITH_REJECTIONS = "done_with_rejections", "Done, with rejected rows"
        REFUSED = "refused", "Refused: nothing imported"
        FAILED = "failed"

    FINISHED = {Status.DONE, Status.DONE_WITH_REJECTIONS, Status.REFUSED, Status.FAILED}

    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=16, choices=Format.choices)
    stored_file = models.CharField(max_length=500, help_text="Where the upload is kept")
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    services_created = models.PositiveIntegerField(default=0)
    cis_created = models.PositiveIntegerField(
        default=0, help_text="Configuration items the file named that were created unconfirmed"
    )
    skipped = models.JSONField(default=dict, blank=True)
    unlinked = models.JSONField(
        default=dict,
        blank=True,
        help_text="Records imported without a link because the record they name is not held, "
        "counted by the kind of record named",
    )
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(
        default=list, blank=True, help_text="The first rejected rows: row, column, reason"
    )
    error = models.TextField(blank=True, help_text="Why the file was refused or the job failed")
    mapping = models.ForeignKey(
        "ImportMapping",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
        help_text="The saved column mapping a CSV or XLSX upload was read with",
    )

    class Meta(OrgRecord.Meta):
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.ref} {self.file_name}"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED


class ImportMapping(OrgRecord):
    """How the columns of a user's own spreadsheet map onto one record type, set once and reused.

    ``columns`` maps a column heading of the file to a field of the record type;
    ``key_column`` names the column holding each record's id in the source tool,
    which becomes the record's ref so a re-import updates instead of duplicating.
    Blank reading options (encoding, delimiter, date format, decimal separator)
    are detected from the file.
    """

    REF_PREFIX = "IMPM"

    class DecimalSeparator(models.TextChoices):
        DETECT = "", "Detect"
        POINT = ".", "Point (1234.5)"
        COMMA = ",", "Comma (1234,5)"

    name = models.CharField(max_length=200)
    record_type = models.CharField(
        max_length=64, help_text="The record type the rows become, e.g. operations.incident"
    )
    columns = models.JSONField(
        default=dict, blank=True, help_text="Column heading in the file -> field of the record"
    )
    key_column = models.CharField(
        max_length=200, blank=True, help_text="The column with each record's id in the source tool"
    )
    encoding = models.CharField(max_length=32, blank=True, help_text="Blank: detect")
    delimiter = models.CharField(max_length=4, blank=True, help_text="Blank: detect")
    date_format = models.CharField(
        max_length=64, blank=True, help_text="strftime pattern, e.g. %d/%m/%Y; blank: detect"
    )
    decimal_separator = models.CharField(
        max_length=1, choices=DecimalSeparator.choices, default="", blank=True
    )
    sheet = models.CharField(max_length=100, blank=True, help_text="XLSX sheet; blank: the first")

    class Meta(OrgRecord.Meta):
        ordering = ["name"]
        constraints = [
            *OrgRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["organisation", "name"], name="interop_importmapping_unique_name"
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.name}"
