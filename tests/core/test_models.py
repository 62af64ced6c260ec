"""Meta-tests: every domain record model keeps the contract of ``OrgRecord``."""

from django.apps import apps
from django.contrib import admin

from evident.core.models import OrgRecord

RECORD_MODELS = [m for m in apps.get_models() if issubclass(m, OrgRecord)]


def test_there_are_record_models():
    assert len(RECORD_MODELS) > 20


def test_every_record_model_has_a_unique_ref_per_organisation():
    for model in RECORD_MODELS:
        names = {c.name for c in model._meta.constraints}
        assert f"{model._meta.app_label}_{model._meta.model_name}_unique_ref" in names, model


def test_every_record_model_has_its_own_ref_prefix_and_a_docstring():
    prefixes = [m.REF_PREFIX for m in RECORD_MODELS]
    assert len(prefixes) == len(set(prefixes))
    for model in RECORD_MODELS:
        assert model.__doc__ and not model.__doc__.startswith(model.__name__ + "("), model


def test_every_record_model_is_in_the_admin():
    for model in RECORD_MODELS:
        assert admin.site.is_registered(model), model
