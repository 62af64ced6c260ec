"""Import jobs: upload an export to import it in the background, then follow the job."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from evident.core.api import OrgScopedViewSet

from .. import jobs
from ..filters import ImportJobFilterSet
from ..models import ImportJob
from .serializers import ImportJobSerializer, ImportUploadSerializer


class ImportJobViewSet(OrgScopedViewSet):
    """Imports of other tools' exports. POST a file to start one; GET it to follow it."""

    queryset = ImportJob.objects.all()
    serializer_class = ImportJobSerializer
    filterset_class = ImportJobFilterSet
    parser_classes = [MultiPartParser, FormParser]
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
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)
