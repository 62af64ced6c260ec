"""A column mapping for a user's own spreadsheet: which record type, which column is which field.

The importable record types are those people keep by hand in the pages (an
editable entry of the web registry, handed over through ``importable``); their
importable fields are the fields of that entry's form, and the bundle spec says
how each is read (text, date, a
link to another record, ...). A mapping is checked here whole, so a bad one is
refused with the field or record type it names before any file is read.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import models

from evident.interop.bundle.spec import field_spec

from .importable import importable_types
from .result import ImportRefused

DELIMITERS = {",": ",", ";": ";", "\t": "\t", "tab": "\t", "\\t": "\t", "|": "|"}
DECIMAL_SEPARATORS = ("", ".", ",")
# How a link to another record may be named in a file, tried in this order.
NAME_FIELDS = ("name", "title", "key", "email")
READABLE_KINDS = {"text", "integer", "decimal", "number", "boolean", "date", "date-time"}
OPTION_KEYS = ("encoding", "delimiter", "date_format", "decimal_separator", "sheet")


@dataclass(frozen=True)
class TargetField:
    """One importable field of a record type and how a cell becomes its value."""

    name: str
    field: models.Field
    kind: str
    target: type | None = None

    @property
    def many(self) -> bool:
        return self.kind == "refs"

    @property
    def is_link(self) -> bool:
        return self.kind in ("ref", "refs")

    @property
    def choices(self) -> list | None:
        return self.field.choices or None


def resolve_record_type(name: str):
    """The registry entry for a model label or a page slug (``incidents``), or None."""
    types = importable_types()
    if name in types:
        return types[name]
    return next((t for t in types.values() if t.slug == name), None)


def target_fields(record_type) -> dict[str, TargetField]:
    model = record_type.model
    found = {}
    for name in record_type.form_fields:
        spec = field_spec(model, model._meta.get_field(name))
        if spec is None:
            continue
        target = spec.field.related_model if spec.kind in ("ref", "refs") else None
        if spec.kind in READABLE_KINDS or target is not None:
            found[name] = TargetField(name, spec.field, spec.kind, target)
    return found


def lookup_fields(model) -> list[str]:
    """The ref, then the fields a person would name a record by."""
    names = {f.name for f in model._meta.concrete_fields}
    return ["ref", *(n for n in NAME_FIELDS if n in names)]


@dataclass(frozen=True)
class MappingSpec:
    """A checked mapping: what every mapped column becomes, and how the file is read."""

    record_type: object
    columns: dict[str, str]
    key_column: str
    encoding: str = ""
    delimiter: str = ""
    date_format: str = ""
    decimal_separator: str = ""
    sheet: str = ""
    name: str = ""
    fields: dict[str, TargetField] = field(default_factory=dict)

    @property
    def model(self):
        return self.record_type.model

    @property
    def label(self) -> str:
        return self.record_type.label

    def heading_of(self, field_name: str) -> str | None:
        return next((h for h, f in self.columns.items() if f == field_name), None)

    @property
    def needed_columns(self) -> list[str]:
        return [self.key_column, *self.columns]


def check_mapping(data: dict) -> MappingSpec:
    """Validate a mapping given as plain values; errors are keyed by the mapping's own keys."""
    errors: dict[str, list[str]] = {}
    record_type = resolve_record_type(str(data.get("record_type") or ""))
    if record_type is None:
        errors["record_type"] = [
            f"unknown record type {data.get('record_type')!r}; one of: "
            + ", ".join(sorted(importable_types()))
        ]
    columns = data.get("columns") or {}
    if not isinstance(columns, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
    ):
        errors["columns"] = ["must map each column heading (text) to a field name (text)"]
        columns = {}
    columns = {k.strip(): v.strip() for k, v in columns.items() if v.strip()}
    key_column = str(data.get("key_column") or "").strip()
    if not key_column:
        errors["key_column"] = ["name the column holding each record's id in the source tool"]
    elif key_column in columns:
        errors["key_column"] = [f"{key_column!r} is the key column; do not map it to a field too"]
    fields = target_fields(record_type) if record_type else {}
    if record_type is not None:
        errors.update(_column_errors(columns, fields, record_type.label))
    options = _options(data, errors)
    if errors:
        raise ValidationError(errors)
    used = {f: fields[f] for f in columns.values()}
    name = str(data.get("name") or "")
    return MappingSpec(record_type, columns, key_column, **options, name=name, fields=used)


def _column_errors(columns: dict, fields: dict, label: str) -> dict:
    problems = []
    unknown = sorted({f for f in columns.values() if f not in fields})
    if unknown:
        problems.append(
            f"{label} has no importable field {', '.join(map(repr, unknown))}; "
            f"the fields are: {', '.join(sorted(fields))}"
        )
    seen: dict[str, str] = {}
    for heading, name in columns.items():
        if name in seen:
            problems.append(f"columns {seen[name]!r} and {heading!r} both map to {name!r}")
        seen[name] = heading
    return {"columns": problems} if problems else {}


def _options(data: dict, errors: dict) -> dict:
    options = {key: str(data.get(key) or "") for key in OPTION_KEYS}
    if options["encoding"]:
        try:
            options["encoding"] = codecs.lookup(options["encoding"]).name
        except LookupError:
            errors["encoding"] = [f"unknown encoding {options['encoding']!r}"]
    if options["delimiter"]:
        if options["delimiter"] not in DELIMITERS:
            errors["delimiter"] = ["one of , ; | or tab"]
        else:
            options["delimiter"] = DELIMITERS[options["delimiter"]]
    if options["decimal_separator"] not in DECIMAL_SEPARATORS:
        errors["decimal_separator"] = ["a point (.) or a comma (,); blank to detect"]
    if options["date_format"] and "%" not in options["date_format"]:
        errors["date_format"] = ["a strftime pattern such as %d/%m/%Y"]
    return options


def mapping_values(mapping) -> dict:
    """The plain values of a saved ``ImportMapping``, as ``check_mapping`` takes them."""
    values = {key: getattr(mapping, key) for key in ("record_type", "columns", "key_column")}
    values.update({key: getattr(mapping, key) for key in OPTION_KEYS})
    values["name"] = mapping.name
    return values


def spec_of(mapping) -> MappingSpec:
    """A saved mapping, checked again: the record types may have changed since it was saved."""
    try:
        spec = check_mapping(mapping_values(mapping))
    except ValidationError as exc:
        raise ImportRefused(
            f"the mapping {mapping.name!r} is no longer valid: {_flat(exc)}"
        ) from exc
    return spec


def load_mapping_file(path: str | Path) -> MappingSpec:
    """A mapping file (YAML or JSON): record_type, columns, key_column and reading options."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise ImportRefused(f"cannot read the mapping file {path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise ImportRefused(f"the mapping file {path.name} must hold a mapping of keys to values")
    unknown = set(data) - {"name", "record_type", "columns", "key_column", *OPTION_KEYS}
    if unknown:
        raise ImportRefused(
            f"the mapping file {path.name} has unknown keys: {', '.join(sorted(unknown))}"
        )
    try:
        return check_mapping(data)
    except ValidationError as exc:
        raise ImportRefused(f"the mapping file {path.name} is not valid: {_flat(exc)}") from exc


def _flat(exc: ValidationError) -> str:
    return "; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in exc.message_dict.items())
