"""Import jobs: upload an export to import it in the background, then follow the job.

Saved column mappings, for csv and xlsx uploads, are kept here too.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from evident.core.api import OrgScopedViewSet
from evident.core.api_parsers import BoundedJSONParser
from evident.core.tenancy import scoped

from .. import jobs
from ..filters import ImportJobFilterSet, ImportMappingFilterSet
from ..models import ImportJob, ImportMapping
from .serializers import ImportJobSerializer, ImportMappingSerializer, ImportUploadSerializer


class ImportJobViewSet(OrgScopedViewSet):
    """Imports of other tools' exports. POST a file to start one; GET it to follow it."""

    queryset = ImportJob.objects.all()
    serializer_class = ImportJobSerializer
    filterset_class = ImportJobFilterSet
    # Uploads are multipart; ``void/`` takes JSON as on every other record.
    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer})
    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            job = jobs.submit_import(
                self.organisation,
                upload.validated_data["file"],
                upload.validated_data["format"],
                user=request.user,
                source="api",
                mapping=self._mapping(upload.validated_data.get("mapping")),
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)

    def _mapping(self, name: str | None):
        if not name:
            return None
        found = scoped(ImportMapping, self.organisation).filter(Q(ref=name) | Q(name=name)).first()
        if found is None:
            raise ValidationError({"mapping": [f"no saved mapping has the ref or name {name!r}"]})
        return found


class ImportMappingViewSet(OrgScopedViewSet):
    """Column mappings of users' own spreadsheets: which record type, which column is which
    field, and how the file is read. An unknown record type or field is refused, named."""

    queryset = ImportMapping.objects.all()
    serializer_class = ImportMappingSerializer
    filterset_class = ImportMappingFilterSet
