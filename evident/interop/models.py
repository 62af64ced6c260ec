"""Imports started from the web or the API, run as background jobs."""

from django.conf import settings
from django.db import models

from evident.core.models import OrgRecord


class ImportJob(OrgRecord):
    """One uploaded export and what importing it did: counts, rejections, failure."""

    REF_PREFIX = "IMPJ"

    class Format(models.TextChoices):
        SERVICENOW = "servicenow", "ServiceNow incidents (CSV or Table API JSON)"
        JIRA = "jira", "Jira Service Management issues (CSV)"

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
    skipped = models.JSONField(default=dict, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(
        default=list, blank=True, help_text="The first rejected rows: row, column, reason"
    )
    error = models.TextField(blank=True, help_text="Why the file was refused or the job failed")

    class Meta(OrgRecord.Meta):
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.ref} {self.file_name}"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED
