"""The bundle's JSON Schema (Draft 2020-12), generated from the record specs.

The schema is the published contract (``docs/bundle.schema.json``): other tools
validate against it, and the importer validates against the very same schema
before it looks at a single ref.
"""

from __future__ import annotations

import functools
import json

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from jsonschema import Draft202012Validator, FormatChecker

from evident.core.models import Organisation

from .codecs import FORMAT_READERS
from .spec import FORMAT, VERSION, FieldSpec, ModelSpec, record_specs

DIALECT = "https://json-schema.org/draft/2020-12/schema"
REF_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 64}
# Fields every record has, without help text of their own: what they mean to a reader.
VOID_DESCRIPTIONS = {
    "voided_at": "when the record was voided (null: it stands); voided records are kept",
    "voided_by": "who voided the record; given exactly when voided_at is",
    "void_reason": "why the record was voided; given exactly when voided_at is",
}

_JSON_TYPES = {
    "text": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "decimal": "string",
    "date": "string",
    "date-time": "string",
    "time": "string",
    "duration": "string",
    "uuid": "string",
}


def _decimal_pattern(field: models.DecimalField) -> str:
    whole = max(field.max_digits - field.decimal_places, 1)
    fraction = rf"(\.[0-9]{{1,{field.decimal_places}}})?" if field.decimal_places else ""
    return rf"^-?[0-9]{{1,{whole}}}{fraction}$"


def _integer_bounds(field: models.Field) -> dict:
    # The portable ranges, not the connected database's: the schema must not
    # depend on where it was generated.
    low, high = BaseDatabaseOperations.integer_field_ranges.get(
        field.get_internal_type(), (None, None)
    )
    for validator in field._validators:
        code = getattr(validator, "code", "")
        if code == "min_value":
            low = validator.limit_value if low is None else max(low, validator.limit_value)
        elif code == "max_value":
            high = validator.limit_value if high is None else min(high, validator.limit_value)
    bounds = {"minimum": low, "maximum": high}
    return {key: value for key, value in bounds.items() if value is not None}


def _scalar_schema(spec: FieldSpec) -> dict:
    field = spec.field
    if spec.kind == "json":
        return {}
    schema = {"type": _JSON_TYPES[spec.kind]}
    if spec.kind in {"date", "date-time", "time", "duration", "uuid"}:
        schema["format"] = spec.kind
    elif isinstance(field, models.EmailField):
        schema["format"] = "email"
    elif isinstance(field, models.URLField):
        schema["format"] = "uri"
    elif spec.kind == "decimal":
        schema.update(format="decimal", pattern=_decimal_pattern(field))
    elif spec.kind == "integer":
        schema.update(_integer_bounds(field))
    if spec.kind == "text" and field.max_length:
        schema["maxLength"] = field.max_length
    if spec.kind == "text" and not field.blank and not field.choices:
        schema["minLength"] = 1
    if field.choices:
        values = [value for value, _ in field.flatchoices]
        if field.blank and spec.kind == "text" and "" not in values:
            values.append("")
        schema["enum"] = values + ([None] if spec.nullable else [])
    return schema


def field_schema(spec: FieldSpec) -> dict:
    if spec.is_refs:
        schema = {"type": "array", "items": dict(REF_SCHEMA), "uniqueItems": True}
        schema["description"] = f"refs of the linked {spec.target} records"
        return schema
    schema = dict(REF_SCHEMA) if spec.is_ref else _scalar_schema(spec)
    if spec.nullable and "type" in schema:
        schema["type"] = [schema["type"], "null"]
    described = f"ref of the linked {spec.target} record" if spec.is_ref else spec.field.help_text
    described = described or VOID_DESCRIPTIONS.get(spec.name)
    schema["description"] = str(described or spec.field.verbose_name)
    return schema


def record_schema(spec: ModelSpec) -> dict:
    doc = (spec.model.__doc__ or "").strip().splitlines()
    properties = {"ref": {**REF_SCHEMA, "description": f"identity, e.g. {spec.prefix}000001"}}
    properties.update((f.name, field_schema(f)) for f in spec.fields)
    return {
        "title": str(spec.model._meta.verbose_name),
        "description": doc[0] if doc else "",
        "type": "object",
        "properties": properties,
        "required": ["ref", *sorted(f.name for f in spec.fields if f.required)],
        "additionalProperties": False,
    }


def _organisation_schema() -> dict:
    slug = Organisation._meta.get_field("slug")
    name = Organisation._meta.get_field("name")
    return {
        "type": "object",
        "properties": {
            "slug": {
                "type": "string",
                "format": "slug",
                "pattern": r"^[-a-zA-Z0-9_]+$",
                "maxLength": slug.max_length,
            },
            "name": {"type": "string", "minLength": 1, "maxLength": name.max_length},
        },
        "required": ["name", "slug"],
        "additionalProperties": False,
    }


def bundle_schema() -> dict:
    """The JSON Schema every bundle of this version satisfies."""
    specs = record_specs()
    records = {s.label: {"type": "array", "items": {"$ref": f"#/$defs/{s.label}"}} for s in specs}
    return {
        "$schema": DIALECT,
        "title": "Evident organisation bundle",
        "description": (
            "The records of one organisation's service management system, "
            f"version {VERSION}. See docs/bundle.md."
        ),
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "exported_at": {"type": "string", "format": "date-time"},
            "organisation": _organisation_schema(),
            "records": {"type": "object", "properties": records, "additionalProperties": False},
        },
        "required": ["format", "organisation", "records", "version"],
        "additionalProperties": False,
        "$defs": {s.label: record_schema(s) for s in specs},
    }


def schema_json() -> str:
    """The schema as published in ``docs/bundle.schema.json``."""
    return json.dumps(bundle_schema(), indent=2, ensure_ascii=False) + "\n"


def format_checker() -> FormatChecker:
    """Checks formats with the importer's own readers (no optional packages needed)."""
    checker = FormatChecker(formats=())
    for name, reader in FORMAT_READERS.items():
        checker.checks(name, raises=ValueError)(_string_check(reader))
    return checker


def _string_check(reader):
    def check(instance) -> bool:
        if isinstance(instance, str):
            reader(instance)
        return True

    return check


@functools.cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(bundle_schema(), format_checker=format_checker())
