"""A bundle carries an organisation's records out of one database and into another, unchanged."""

import pytest
from django.contrib.auth import get_user_model

from evident.core import services
from evident.core.models import Person
from evident.interop.bundle import bundle_json, export_bundle, import_bundle, read_bundle
from evident.interop.bundle.spec import DERIVED_MODELS, record_specs

from . import build_rich_organisation, empty_the_database, footprint, without_export_time


@pytest.fixture
def rich_org(org, as_cli):
    build_rich_organisation(org)
    return org


def test_a_bundle_imported_into_an_empty_database_exports_to_the_same_json(rich_org):
    exported = bundle_json(export_bundle(rich_org))
    empty_the_database()
    assert not any(count for count in footprint().values())

    imported = import_bundle(read_bundle(exported))

    again = export_bundle(imported)
    assert bundle_json(without_export_time(again)) == bundle_json(
        without_export_time(read_bundle(exported))
    )


def test_the_round_trip_covers_every_carried_record_type_with_links_and_nulls(rich_org):
    records = export_bundle(rich_org)["records"]
    assert list(records) == [spec.label for spec in record_specs()]
    assert all(len(rows) == 3 for rows in records.values())
    for spec in record_specs():
        rows = records[spec.label]
        for field_spec in spec.fields:
            values = [row[field_spec.name] for row in rows]
            if field_spec.is_refs:
                assert values[0] and len(values[1]) == 1 and values[2] == [], field_spec
            if field_spec.nullable:
                assert values[2] is None and values[1] is not None, field_spec


def test_an_organisation_imported_under_another_slug_sits_beside_the_original(rich_org):
    original = export_bundle(rich_org)

    copy = import_bundle(original, slug="acme-copy")

    exported_copy = without_export_time(export_bundle(copy))
    assert exported_copy["organisation"] == {"name": rich_org.name, "slug": "acme-copy"}
    assert exported_copy["records"] == original["records"]
    assert without_export_time(export_bundle(rich_org)) == without_export_time(original)


def test_export_is_the_same_every_time_for_the_same_records(rich_org):
    first, second = export_bundle(rich_org), export_bundle(rich_org)
    assert bundle_json(without_export_time(first)) == bundle_json(without_export_time(second))


def test_records_are_sorted_by_ref_and_their_keys_sorted(rich_org):
    for rows in export_bundle(rich_org)["records"].values():
        assert [row["ref"] for row in rows] == sorted(row["ref"] for row in rows)
        assert all(list(row) == sorted(row) for row in rows)


def test_every_model_comes_after_the_models_it_points_at():
    order = [spec.label for spec in record_specs()]
    for spec in record_specs():
        for field_spec in spec.fields:
            if field_spec.target and field_spec.target != spec.label:
                assert order.index(field_spec.target) < order.index(spec.label), field_spec


def test_values_are_written_exactly(org, as_cli):
    from evident.agreements.models import SLA, SlaTarget
    from evident.catalogue.models import Service
    from evident.operations.models import Incident

    mail = services.create_record(Service, org, name="Mail")
    sla = services.create_record(SLA, org, name="Mail SLA", service=mail)
    services.create_record(SlaTarget, org, sla=sla, metric="availability", target_value="99.95")
    services.create_record(
        Incident,
        org,
        title="Mail down",
        service=mail,
        priority=Incident.Priority.HIGH,
        opened_at="2024-05-01T09:30:00.000250+02:00",
    )
    records = export_bundle(org)["records"]

    (target,) = records["agreements.slatarget"]
    (incident,) = records["operations.incident"]
    assert target["target_value"] == "99.950"
    assert target["sla"] == sla.ref
    assert incident["opened_at"] == "2024-05-01T07:30:00.000250+00:00"
    assert incident["priority"] == 2
    assert incident["status"] == "new"
    assert incident["service"] == mail.ref
    assert incident["caused_by_change"] is None


def test_links_to_logins_and_engine_results_stay_out_of_the_bundle(org, as_cli):
    login = get_user_model().objects.create_user(username="ada", password="pw-for-tests")
    services.create_record(Person, org, name="Ada", user=login)

    bundle = export_bundle(org)

    (person,) = bundle["records"]["core.person"]
    assert "user" not in person
    assert not DERIVED_MODELS & set(bundle["records"])
