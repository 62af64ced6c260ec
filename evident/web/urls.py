"""Page routes: sign-in, the user's organisations, and everything under ``/o/<org_slug>/``.

The evaluation and findings pages are declared before the generic record
routes, so ``/o/<slug>/evaluations/`` reverses through ``web:record-list``
like any record type but is served by the page made for it.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from .views import journey
from .views.audits import EvaluationDetailView, EvaluationListView, FindingListView
from .views.change_schedule import ChangeScheduleView
from .views.edit import RecordFormView
from .views.engagement import EngagementActionView, EngagementWorkspaceView, ReadinessPanelView
from .views.home import DashboardView, HomeView, RunEvaluationView
from .views.imports import ImportJobView, ImportMappingView, ImportUploadView
from .views.lifecycle import RecordActionView
from .views.portfolio import CiImpactView, ServiceRestsOnView
from .views.records import RecordDetailView, RecordListView
from .views.recurrence import RecurringIncidentsView
from .views.reports import ReportDownloadView

organisation_pages = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("evaluations/", EvaluationListView.as_view(), name="evaluation-list"),
    path("evaluations/run/", RunEvaluationView.as_view(), name="evaluation-run"),
    path("evaluations/<int:pk>/", EvaluationDetailView.as_view(), name="evaluation-detail"),
    path("findings/", FindingListView.as_view(), name="finding-list"),
    path(
        "reports/<slug:subject>/<int:pk>.<slug:file_format>",
        ReportDownloadView.as_view(),
        name="report-download",
    ),
    path("configuration-items/<int:pk>/impact/", CiImpactView.as_view(), name="ci-impact"),
    path("services/<int:pk>/rests-on/", ServiceRestsOnView.as_view(), name="service-rests-on"),
    path("changes/schedule/", ChangeScheduleView.as_view(), name="change-schedule"),
    path("incidents/recurring/", RecurringIncidentsView.as_view(), name="recurring-incidents"),
    path("readiness/", ReadinessPanelView.as_view(), name="readiness"),
    path(
        "audit-engagements/<int:pk>/workspace/",
        EngagementWorkspaceView.as_view(),
        name="engagement-workspace",
    ),
    path(
        "audit-engagements/<int:pk>/act/<slug:verb>/",
        EngagementActionView.as_view(),
        name="engagement-action",
    ),
    *journey.urlpatterns,
    path("imports/new/", ImportUploadView.as_view(), name="import-upload"),
    path("imports/<int:pk>/", ImportJobView.as_view(), name="import-job"),
    path("imports/mappings/new/", ImportMappingView.as_view(), name="import-mapping-new"),
    path("imports/mappings/<int:pk>/", ImportMappingView.as_view(), name="import-mapping"),
    path("<slug:record_type>/", RecordListView.as_view(), name="record-list"),
    path("<slug:record_type>/new/", RecordFormView.as_view(), name="record-create"),
    path("<slug:record_type>/<int:pk>/", RecordDetailView.as_view(), name="record-detail"),
    path("<slug:record_type>/<int:pk>/edit/", RecordFormView.as_view(), name="record-edit"),
    path(
        "<slug:record_type>/<int:pk>/<slug:action>/",
        RecordActionView.as_view(),
        name="record-action",
    ),
]

login_view = auth_views.LoginView.as_view(
    template_name="web/login.html", redirect_authenticated_user=True
)

web_pages = [path("o/<slug:org_slug>/", include(organisation_pages))]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/login/", login_view, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((web_pages, "web"))),
]
