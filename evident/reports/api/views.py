"""Report downloads: ``GET /api/orgs/<slug>/reports/audits/<id>.pdf|.xlsx|.zip`` (and evaluations).

Members of the organisation only (404 for anyone else, as for records); an
unknown format is a 400 naming ``format``; an engagement with no evaluation
yet, or a PDF on a machine without WeasyPrint's libraries, is a 409 saying why.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from evident.audits.models import Evaluation
from evident.certification.models import AuditEngagement
from evident.core.api import Conflict
from evident.core.safe_export import attachment
from evident.core.tenancy import membership_for, scoped

from ..render import FORMATS, NothingToReport, PdfUnavailable, content_of, render_report

FORMAT_PARAMETER = OpenApiParameter(
    "file_format",
    str,
    OpenApiParameter.PATH,
    enum=sorted(FORMATS),
    description="pdf (the report), xlsx (findings workbook) or zip (evidence pack)",
)
DOWNLOADS = {
    (200, FORMATS[name].content_type): OpenApiResponse(OpenApiTypes.BINARY) for name in FORMATS
}


def download(rendered) -> HttpResponse:
    response = HttpResponse(rendered.data, content_type=rendered.content_type)
    response["Content-Disposition"] = attachment(rendered.filename)
    return response


class ReportView(APIView):
    """Base: resolve the member's organisation and the subject, render, answer the file."""

    model = None

    def get(self, request, org_slug, pk, file_format):
        organisation = membership_for(request.user, org_slug).organisation
        if file_format not in FORMATS:
            raise ValidationError({"format": [f"must be one of {', '.join(sorted(FORMATS))}"]})
        subject = get_object_or_404(scoped(self.model, organisation), pk=pk)
        try:
            return download(render_report(content_of(subject), file_format))
        except (NothingToReport, PdfUnavailable) as error:
            raise Conflict(str(error)) from error


@extend_schema(tags=["reports"], parameters=[FORMAT_PARAMETER], responses=DOWNLOADS)
class AuditReportView(ReportView):
    """An audit engagement's report as PDF, its findings as XLSX, or its evidence pack as ZIP."""

    model = AuditEngagement


@extend_schema(tags=["reports"], parameters=[FORMAT_PARAMETER], responses=DOWNLOADS)
class EvaluationReportView(ReportView):
    """An engine evaluation's report as PDF, its findings as XLSX, or its evidence pack as ZIP."""

    model = Evaluation
