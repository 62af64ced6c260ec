"""Meta-tests: every record type is declared, and no state field is left ungoverned.

A state (``status`` or ``state``) changes either through the lifecycle its
record type declares or, where the declaration names it as editable, by an
edit; record types Evident writes itself are read-only to every entry point.
"""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from evident.core.models import OrgRecord
from evident.core.records import declaration_for, is_declared
from evident.core.writers import writer_for

RECORD_MODELS = sorted(
    (m for m in apps.get_models() if issubclass(m, OrgRecord)), key=lambda m: m._meta.label
)
STATE_FIELDS = ("status", "state")


def state_fields(model):
    return [f for f in model._meta.concrete_fields if f.name in STATE_FIELDS and f.choices]


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m._meta.label_lower)
def test_every_record_type_is_declared(model):
    assert is_declared(model), f"{model._meta.label_lower} has no declaration in its records.py"


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m._meta.label_lower)
def test_every_state_field_is_governed_by_the_declaration(model):
    declaration = declaration_for(model)
    if declaration.read_only:
        return
    lifecycle = declaration.lifecycle.field if declaration.lifecycle else None
    for field in state_fields(model):
        assert field.name in (lifecycle, *declaration.editable_states), (
            f"{model._meta.label_lower}.{field.name} is neither a lifecycle nor declared editable"
        )


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m._meta.label_lower)
def test_every_declared_state_is_one_of_the_fields_choices(model):
    declaration = declaration_for(model)
    for name in declaration.editable_states:
        assert name in {f.name for f in model._meta.concrete_fields}, name
    lifecycle = declaration.lifecycle
    if lifecycle is None:
        return
    choices = {value for value, _ in model._meta.get_field(lifecycle.field).choices}
    assert set(lifecycle.initial) <= choices
    for transition in lifecycle.transitions:
        assert set(transition.sources) <= choices, transition.name
        assert not transition.target or transition.target in choices, transition.name
    names = [t.name for t in lifecycle.transitions]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "model",
    [m for m in RECORD_MODELS if declaration_for(m).read_only],
    ids=lambda m: m._meta.label_lower,
)
def test_a_read_only_record_type_is_refused_by_the_generic_writers(model, org):
    with pytest.raises(PermissionDenied):
        writer_for(model).create(org)


def test_read_only_record_types_are_read_only_in_the_api():
    from tests.api import record_routes

    for route, viewset in record_routes().items():
        if declaration_for(viewset.queryset.model).read_only:
            assert set(viewset.http_method_names) <= {"get", "head", "options"}, route
