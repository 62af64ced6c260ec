"""Every record type travels in the bundle and comes back as it left, voided records included.

The organisation is built from the bundle's own specs (``build_rich_organisation``),
so a record model added later is covered without touching this file.
"""

import pytest
from django.apps import apps

from evident.core.models import OrgRecord
from evident.core.tenancy import scoped
from evident.interop.bundle import bundle_json, export_bundle, import_bundle, read_bundle
from evident.interop.bundle.spec import DERIVED_MODELS, record_specs

from . import build_rich_organisation, differences, empty_the_database, without_export_time


@pytest.fixture
def exported(org, as_cli):
    build_rich_organisation(org)
    return bundle_json(export_bundle(org))


def test_every_record_model_is_carried_or_is_an_engine_result():
    models = {m._meta.label_lower for m in apps.get_models() if issubclass(m, OrgRecord)}
    carried = {spec.label for spec in record_specs()}
    assert carried | DERIVED_MODELS == models
    assert not carried & DERIVED_MODELS


def test_every_carried_type_is_exported_with_records_and_a_voided_one(exported):
    records = read_bundle(exported)["records"]
    assert list(records) == [spec.label for spec in record_specs()]
    for label, rows in records.items():
        voided = [row for row in rows if row["voided_at"] is not None]
        assert len(voided) == 1, label
        assert voided[0]["voided_by"] and voided[0]["void_reason"], label


def test_every_record_type_comes_back_from_an_empty_database_as_it_left(exported):
    empty_the_database()

    imported = import_bundle(read_bundle(exported), file_name="rich.json")

    again = export_bundle(imported)
    assert differences(read_bundle(exported), again) == []
    assert bundle_json(without_export_time(again)) == bundle_json(
        without_export_time(read_bundle(exported))
    )
    for spec in record_specs():
        voided = scoped(spec.model, imported).filter(voided_at__isnull=False)
        assert [(r.voided_by, r.void_reason != "") for r in voided] == [("Zoë Auditor", True)]
