"""A malformed bundle is refused whole: every bad value is named by its path, nothing is written."""

import copy
import datetime as dt

import pytest

from evident.agreements.models import SLA, SlaTarget, Supplier
from evident.catalogue.models import CatalogueEntry, Service
from evident.core import services
from evident.core.models import Person
from evident.governance.models import Risk
from evident.interop.bundle import BundleError, export_bundle, import_bundle, read_bundle
from evident.operations.models import Change, Incident

from . import footprint

MORNING = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)
INCIDENT = "records.operations.incident"


@pytest.fixture
def bundle(org, as_cli):
    """A small, valid bundle of ``org``, relabelled so that it would import as a new one."""
    ada = services.create_record(Person, org, name="Ada Lovelace", email="ada@example.org")
    mail = services.create_record(Service, org, name="Mail", owner=ada)
    web = services.create_record(Service, org, name="Web")
    services.create_record(CatalogueEntry, org, service=mail)
    change = services.create_record(Change, org, title="Patch", service=mail, requested_at=MORNING)
    for title in ("Mail down", "Mail slow"):
        services.create_record(
            Incident, org, title=title, service=mail, opened_at=MORNING, caused_by_change=change
        )
    services.create_record(Supplier, org, name="Hosting Ltd", services=[mail, web])
    sla = services.create_record(SLA, org, name="Mail SLA", service=mail)
    services.create_record(SlaTarget, org, sla=sla, metric="availability", target_value="99.9")
    services.create_record(Risk, org, title="Single mail server")
    data = export_bundle(org)
    data["organisation"]["slug"] = "fresh"
    return data


def rejected(data) -> list[str]:
    """Import ``data``, expect a refusal that writes nothing, and return its errors."""
    before = footprint()
    with pytest.raises(BundleError) as refusal:
        import_bundle(data)
    assert footprint() == before
    return refusal.value.errors


def paths(errors: list[str]) -> list[str]:
    return [error.split(": ", 1)[0] for error in errors]


def records(data, label):
    return data["records"][label]


def test_the_unchanged_bundle_imports(bundle):
    assert import_bundle(copy.deepcopy(bundle)).slug == "fresh"


def test_text_that_is_not_json_is_refused_with_its_position():
    with pytest.raises(BundleError) as refusal:
        read_bundle('{"format": "evident-bundle",')
    (error,) = refusal.value.errors
    assert error.startswith("bundle: not valid JSON (line 1, column")


def test_bytes_that_are_not_text_are_refused():
    with pytest.raises(BundleError) as refusal:
        read_bundle(b"\xff\xfe\x00")
    assert refusal.value.errors == ["bundle: not UTF-8 text"]


def test_a_document_that_is_not_an_object_is_refused(db):
    assert rejected([]) == ["bundle: expected an object, got a list"]


def test_another_format_or_version_is_refused(bundle):
    bundle["format"] = "itsm-dump"
    bundle["version"] = 2
    errors = rejected(bundle)
    assert errors == [
        'format: must be "evident-bundle"',
        "version: unsupported version 2; this Evident reads version 1",
    ]


def test_a_bundle_without_its_organisation_is_refused(bundle):
    del bundle["organisation"]
    assert rejected(bundle) == ["organisation: required field is missing"]


def test_values_of_the_wrong_type_are_each_named(bundle):
    first, second = records(bundle, "operations.incident")
    first["title"] = 5
    first["major"] = "yes"
    second["priority"] = "high"
    records(bundle, "agreements.slatarget")[0]["target_value"] = 99.9
    errors = rejected(bundle)
    assert paths(errors) == [
        "records.agreements.slatarget[0].target_value",
        f"{INCIDENT}[0].major",
        f"{INCIDENT}[0].title",
        f"{INCIDENT}[1].priority",
    ]
    assert errors[0].endswith("expected a string, got 99.9")
    assert errors[1].endswith('expected true or false, got "yes"')


def test_bad_dates_and_times_are_each_named(bundle):
    first, second = records(bundle, "operations.incident")
    first["opened_at"] = "2024-02-30T10:00:00+00:00"
    second["opened_at"] = "2024-05-01T10:00:00"
    records(bundle, "operations.change")[0]["requested_at"] = "yesterday"
    records(bundle, "catalogue.catalogueentry")[0]["published_on"] = "2024-13-01"
    errors = rejected(bundle)
    assert paths(errors) == [
        "records.catalogue.catalogueentry[0].published_on",
        "records.operations.change[0].requested_at",
        f"{INCIDENT}[0].opened_at",
        f"{INCIDENT}[1].opened_at",
    ]
    assert "not a valid date" in errors[0]
    assert all("not a valid date-time" in error for error in errors[1:])
    assert "UTC offset" in errors[3]


def test_a_decimal_that_is_not_one_is_refused(bundle):
    records(bundle, "agreements.slatarget")[0]["target_value"] = "99,9"
    assert rejected(bundle) == [
        'records.agreements.slatarget[0].target_value: not a valid decimal ("99,9")'
    ]


def test_an_unknown_choice_is_refused_with_the_allowed_ones(bundle):
    records(bundle, "operations.incident")[0]["status"] = "urgent"
    (error,) = rejected(bundle)
    assert error.startswith(f'{INCIDENT}[0].status: unknown choice "urgent"; expected one of "new"')


def test_refs_to_records_not_in_the_bundle_are_each_named(bundle):
    records(bundle, "operations.incident")[1]["service"] = "SVC000099"
    records(bundle, "agreements.supplier")[0]["services"][1] = "SVC000098"
    assert rejected(bundle) == [
        "records.agreements.supplier[0].services[1]: no catalogue.service with ref 'SVC000098'",
        f"{INCIDENT}[1].service: no catalogue.service with ref 'SVC000099'",
    ]


def test_a_ref_used_twice_for_one_record_type_is_refused(bundle):
    first, second = records(bundle, "operations.incident")
    second["ref"] = first["ref"]
    assert rejected(bundle) == [
        f"{INCIDENT}[1].ref: duplicate ref '{first['ref']}', also used by {INCIDENT}[0]"
    ]


def test_unknown_record_types_and_engine_results_are_refused(bundle):
    bundle["records"]["operations.widget"] = []
    bundle["records"]["audits.evaluation"] = []
    errors = rejected(bundle)
    assert errors == [
        "records.audits.evaluation: not a record type of the bundle: "
        "the engine recomputes its results",
        "records.operations.widget: unknown record type",
    ]


def test_a_key_that_is_not_a_field_of_the_model_is_refused(bundle):
    records(bundle, "operations.incident")[0]["colour"] = "red"
    assert rejected(bundle) == [f"{INCIDENT}[0].colour: not a field of operations.incident"]


def test_a_missing_required_field_and_an_overlong_text_are_named(bundle):
    first, second = records(bundle, "operations.incident")
    del first["opened_at"]
    second["title"] = "x" * 201
    assert rejected(bundle) == [
        f"{INCIDENT}[0].opened_at: required field is missing",
        f"{INCIDENT}[1].title: longer than 200 characters",
    ]


def test_the_models_own_rules_are_applied_to_every_record(bundle):
    records(bundle, "governance.risk")[0]["likelihood"] = 9
    records(bundle, "core.person")[0]["email"] = "not-an-email"
    entries = records(bundle, "catalogue.catalogueentry")
    entries.append({**entries[0], "ref": "CAT000002"})
    errors = rejected(bundle)
    assert paths(errors) == [
        "records.catalogue.catalogueentry[1].service",
        "records.core.person[0].email",
        "records.governance.risk[0]",
    ]
    assert errors[0].endswith("same service as records.catalogue.catalogueentry[0]")
    assert "risk_scores_in_range" in errors[2]


def test_every_problem_of_the_bundle_is_reported_at_once(bundle):
    first, second = records(bundle, "operations.incident")
    first["opened_at"] = "soon"
    second["caused_by_change"] = "CHG000404"
    records(bundle, "operations.change")[0]["risk"] = "extreme"
    del bundle["records"]["core.person"][0]["name"]
    bundle["colour"] = "red"
    assert paths(rejected(bundle)) == [
        "colour",
        "records.core.person[0].name",
        "records.operations.change[0].risk",
        f"{INCIDENT}[0].opened_at",
        f"{INCIDENT}[1].caused_by_change",
    ]


def test_a_record_that_cannot_be_read_is_reported_once_not_by_every_record_pointing_at_it(bundle):
    records(bundle, "core.person")[0] = "Ada Lovelace"
    bundle["records"]["catalogue.service"] = {"SVC000001": "Mail"}
    assert rejected(bundle) == [
        "records.catalogue.service: expected a list, got an object",
        'records.core.person[0]: expected an object, got "Ada Lovelace"',
    ]
