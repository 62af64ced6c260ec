"""Meta-tests: every record has an endpoint, and every endpoint keeps the house shape."""

import re

from django.apps import apps

from evident.core.api import RECORD_STATE_FIELDS, OrgScopedSerializer, OrgScopedViewSet
from evident.core.filters import OrgScopedFilterSet
from evident.core.models import OrgRecord
from tests.api import record_routes

RECORD_MODELS = {m for m in apps.get_models() if issubclass(m, OrgRecord)}
AUDITOR_WRITABLE = {"nonconformities", "corrective-action-plans", "evaluations"}
READ_ONLY = {"findings", "samples"}


def test_every_record_model_has_an_endpoint():
    served = {viewset.queryset.model for viewset in record_routes().values()}
    assert RECORD_MODELS - served == set()


def test_every_model_is_served_once_under_a_plural_kebab_case_route():
    routes = record_routes()
    models = [viewset.queryset.model for viewset in routes.values()]
    assert len(models) == len(set(models))
    for route in routes:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", route), route


def test_every_endpoint_is_org_scoped_filtered_and_lists_its_fields():
    for route, viewset in record_routes().items():
        assert issubclass(viewset, OrgScopedViewSet), route
        assert issubclass(viewset.serializer_class, OrgScopedSerializer), route
        assert issubclass(viewset.filterset_class, OrgScopedFilterSet), route
        assert viewset.filterset_class.Meta.model is viewset.queryset.model, route
        fields = viewset.serializer_class.Meta.fields
        assert isinstance(fields, list | tuple), f"{route} must list its fields"
        assert fields[:2] == ["id", "ref"], route
        assert fields[-6:] == ["created_at", "updated_at", *RECORD_STATE_FIELDS], route


def test_only_auditor_records_are_writable_by_external_auditors():
    writable = {route for route, v in record_routes().items() if v.auditor_writable}
    assert writable == AUDITOR_WRITABLE


def test_engine_results_are_read_only():
    for route in READ_ONLY:
        methods = record_routes()[route].http_method_names
        assert set(methods) == {"get", "head", "options"}, route


def test_the_api_and_the_pages_filter_with_the_declared_filterset():
    from evident.core.records import declaration_for

    for route, viewset in record_routes().items():
        declared = declaration_for(viewset.queryset.model).filterset
        assert viewset.filterset_class is declared, route
