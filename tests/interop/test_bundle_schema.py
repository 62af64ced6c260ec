"""The bundle's JSON Schema: published, generated from the models, and met by every export."""

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from evident.interop.bundle import bundle_schema, export_bundle, schema_json
from evident.interop.bundle.schema import format_checker
from evident.interop.bundle.spec import DERIVED_MODELS, record_specs

from . import build_rich_organisation

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "bundle.schema.json"


def test_the_published_schema_is_the_one_the_models_generate():
    assert PUBLISHED.read_text(encoding="utf-8") == schema_json(), (
        "regenerate it: evident bundle-schema > docs/bundle.schema.json"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(bundle_schema())
    assert bundle_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_an_exported_bundle_satisfies_the_published_schema(org, as_cli):
    build_rich_organisation(org)
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    validator = Draft202012Validator(published, format_checker=format_checker())
    assert [error.message for error in validator.iter_errors(export_bundle(org))] == []


def test_every_carried_record_type_is_described_and_engine_results_are_not():
    schema = bundle_schema()
    labels = [spec.label for spec in record_specs()]
    assert list(schema["properties"]["records"]["properties"]) == labels
    assert list(schema["$defs"]) == labels
    assert not DERIVED_MODELS & set(schema["$defs"])
    assert schema["properties"]["records"]["additionalProperties"] is False


def test_a_record_schema_gives_types_formats_choices_lengths_and_required_fields():
    incident = bundle_schema()["$defs"]["operations.incident"]
    fields = incident["properties"]
    assert incident["required"] == ["ref", "opened_at", "service", "title"]
    assert incident["additionalProperties"] is False
    assert fields["opened_at"] == {
        "type": "string",
        "format": "date-time",
        "description": "opened at",
    }
    assert fields["resolved_at"]["type"] == ["string", "null"]
    assert fields["status"]["enum"] == ["new", "in_progress", "on_hold", "resolved", "closed"]
    assert fields["priority"]["enum"] == [1, 2, 3, 4]
    assert fields["title"]["maxLength"] == 200 and fields["title"]["minLength"] == 1
    assert fields["service"]["description"] == "ref of the linked catalogue.service record"


def test_decimals_are_strings_with_their_digits_and_links_lists_of_refs():
    schema = bundle_schema()["$defs"]
    target_value = schema["agreements.slatarget"]["properties"]["target_value"]
    services = schema["agreements.supplier"]["properties"]["services"]
    assert target_value["type"] == "string"
    assert target_value["pattern"] == r"^-?[0-9]{1,9}(\.[0-9]{1,3})?$"
    assert services["type"] == "array" and services["uniqueItems"] is True


def test_a_field_that_must_be_given_is_required_and_one_with_a_default_is_not():
    schema = bundle_schema()["$defs"]
    assert "met" in schema["agreements.slameasurement"]["required"]
    assert "status" not in schema["operations.incident"]["required"]
    assert "email" not in schema["core.person"]["required"]
    assert "owner" not in schema["catalogue.service"]["required"]
