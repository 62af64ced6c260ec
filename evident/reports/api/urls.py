"""Report routes under /api/orgs/<org_slug>/. Reports are files, not records: no router routes."""

from django.urls import path

from evident.core.api.routers import RecordRouter

from . import views

# Empty, so the record meta-tests (which read every app's router) see no record endpoint here.
router = RecordRouter()

urlpatterns = [
    path(
        "reports/audits/<int:pk>.<slug:file_format>",
        views.AuditReportView.as_view(),
        name="report-audit",
    ),
    path(
        "reports/evaluations/<int:pk>.<slug:file_format>",
        views.EvaluationReportView.as_view(),
        name="report-evaluation",
    ),
]
