"""The OpenAPI schema describes the whole API, cleanly, and is served with its docs."""

import re

import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.api import (
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    record_routes,
    service,
)


def test_the_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    paths = schema["paths"]
    for route in record_routes():
        assert f"/api/orgs/{{org_slug}}/{route}/" in paths, route
    assert "/api/orgs/" in paths
    assert {"post"} <= set(paths["/api/orgs/{org_slug}/evaluations/"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_schema_and_its_documentation_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/orgs/{org_slug}/incidents/" in schema.content
    redoc = client.get("/api/redoc/")
    assert redoc.status_code == 200 and b'spec-url="/api/schema/"' in redoc.content
    swagger = client.get("/api/docs/")
    assert swagger.status_code == 200
    assert b"/api/schema/" in client.get("/api/docs/?script=").content


def test_the_documentation_works_without_internet(client):
    """Swagger UI and Redoc come from this server, not a CDN."""
    for page in ["/api/docs/", "/api/redoc/"]:
        html = client.get(page).content.decode()
        scripts = re.findall(r'<script src="([^"]+)"', html)
        assert scripts, page
        for src in scripts:
            assert src.startswith("/"), (page, src)
            loaded = client.get(src)
            assert loaded.status_code == 200, src


def test_the_browsable_api_renders_a_list_with_its_forms(org, manager):
    api = APIClient()
    api.force_login(manager)
    service(org)
    response = api.get(endpoint(org, "incidents"), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"E-mail" in response.content  # the service offered in the form


def test_options_describe_an_endpoint_without_listing_related_records(org, manager):
    service(org)
    response = client_for(manager).options(endpoint(org, "incidents"))
    assert response.status_code == 200
    fields = response.data["actions"]["POST"]
    assert fields["status"]["choices"][0] == {"value": "new", "display_name": "New"}
    assert "choices" not in fields["service"]
