"""Import jobs over the API: the job as recorded, and the upload that starts one."""

from rest_framework import serializers

from evident.core.api import OrgScopedSerializer, record_fields, ref_of

from ..importers import FORMATS
from ..models import ImportJob, ImportMapping


class ImportJobSerializer(OrgScopedSerializer):
    requested_by = serializers.CharField(source="requested_by.username", default=None)
    progress = serializers.SerializerMethodField()
    mapping = ref_of("mapping", null=True)

    class Meta:
        model = ImportJob
        fields = record_fields(
            "file_name",
            "format",
            "mapping",
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
            "cis_created",
            "skipped",
            "unlinked",
            "problem_count",
            "problems",
            "error",
        )
        read_only_fields = fields

    def get_progress(self, job) -> dict:
        from ..jobs import job_progress

        return job_progress(job)


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The export: CSV or JSON (plain or gzip), or XLSX")
    format = serializers.ChoiceField(choices=sorted(FORMATS))
    mapping = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="csv and xlsx: the ref or the name of a saved column mapping",
    )


class ImportMappingSerializer(OrgScopedSerializer):
    columns = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Column heading in the file -> field of the record type",
    )

    class Meta:
        model = ImportMapping
        fields = record_fields(
            "name",
            "record_type",
            "columns",
            "key_column",
            "encoding",
            "delimiter",
            "date_format",
            "decimal_separator",
            "sheet",
        )
