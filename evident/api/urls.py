"""The REST API: the user's organisations, each organisation's records, and the schema.

Every record endpoint lives under ``/api/orgs/<org_slug>/``; the OpenAPI schema
is at ``/api/schema/`` with interactive documentation at ``/api/docs/`` and
``/api/redoc/``.
"""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

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

# The documentation viewers are served from this server (no CDN, so they work offline);
# both draw with inline styles and Redoc starts a worker, which their pages alone allow.
DOCUMENTATION_CSP = {"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]}


def _documentation(view_class):
    return csp_update(DOCUMENTATION_CSP)(view_class.as_view(url_name="api:schema"))


urlpatterns = [
    path("orgs/", OrganisationListView.as_view(), name="organisation-list"),
    *(path("orgs/<slug:org_slug>/", include(f"evident.{app}.api.urls")) for app in RECORD_APPS),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", _documentation(SpectacularSwaggerSplitView), name="docs"),
    path("redoc/", _documentation(SpectacularRedocView), name="redoc"),
]
