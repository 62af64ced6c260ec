"""The REST API: the user's organisations, each organisation's records, and the schema.

Every record endpoint lives under ``/api/orgs/<org_slug>/``; the OpenAPI schema
is at ``/api/schema/`` with interactive documentation at ``/api/docs/`` and
``/api/redoc/``.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from evident.core.api.views import OrganisationListView

app_name = "api"

# Apps whose records are served per organisation, each from its ``api/urls.py``.
RECORD_APPS = [
    "core",
    "catalogue",
    "governance",
    "support",
    "agreements",
    "operations",
    "assurance",
    "audits",
    "certification",
    "reports",
    "interop",
]

urlpatterns = [
    path("orgs/", OrganisationListView.as_view(), name="organisation-list"),
    *(path("orgs/<slug:org_slug>/", include(f"evident.{app}.api.urls")) for app in RECORD_APPS),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
