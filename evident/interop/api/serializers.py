"""Import jobs over the API: the job as recorded, and the upload that starts one."""

from rest_framework import serializers

from evident.core.api import OrgScopedSerializer, record_fields

from ..importers import FORMATS
from ..models import ImportJob


class ImportJobSerializer(OrgScopedSerializer):
    requested_by = serializers.CharField(source="requested_by.username", default=None)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = record_fields(
            "file_name",
            "format",
            "status",
            "requested_by",
            "started_at",
            "finished_at",
            "progress",
            "rows_read",
            "created",
            "updated",
            "unchanged",
            "rejected",
            "services_created",
            "skipped",
            "problem_count",
            "problems",
            "error",
        )
        read_only_fields = fields

    def get_progress(self, job) -> dict:
        from ..jobs import job_progress

        return job_progress(job)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The export: CSV or JSON, plain or gzip")
    format = serializers.ChoiceField(choices=sorted(FORMATS))
