"""Report downloads from the pages: the PDF report, the findings workbook, the evidence pack.

``/o/<slug>/reports/evaluations/<id>.pdf`` (or ``.xlsx``, ``.zip``), and the same
under ``reports/audits/`` for audit engagements; reversed as ``web:report-download``
with ``subject`` ("evaluations" or "audits"), ``pk`` and ``file_format``.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from evident.audits.models import Evaluation
from evident.certification.models import AuditEngagement
from evident.core.safe_export import attachment
from evident.core.tenancy import scoped
from evident.reports.render import (
    FORMATS,
    NothingToReport,
    PdfUnavailable,
    content_of,
    render_report,
)

from .base import OrgPageMixin

SUBJECTS = {"audits": AuditEngagement, "evaluations": Evaluation}


class ReportDownloadView(OrgPageMixin, View):
    """Renders the report on request (nothing is stored) and answers it as an attachment."""

    def get(self, request, org_slug, subject, pk, file_format):
        model = SUBJECTS.get(subject)
        if model is None or file_format not in FORMATS:
            raise Http404("No such report")
        audit = get_object_or_404(scoped(model, self.organisation), pk=pk)
        try:
            rendered = render_report(content_of(audit), file_format)
        except (NothingToReport, PdfUnavailable) as error:
            return HttpResponse(str(error), status=409, content_type="text/plain; charset=utf-8")
        response = HttpResponse(rendered.data, content_type=rendered.content_type)
        response["Content-Disposition"] = attachment(rendered.filename)
        return response
