"""Helpers for the bundle tests: an organisation holding every kind of record.

The builder walks the bundle's own record specs, so a record model added
later is populated, exported and round-tripped without touching these tests.
"""

import datetime as dt
import decimal
import uuid

from django.apps import apps
from django.db import models

from evident.core import services
from evident.core.models import HistoryEntry, Organisation, OrgRecord
from evident.interop.bundle.spec import VOID_FIELDS, FieldSpec, ModelSpec, record_specs
from evident.interop.bundle.write import clear_records
from evident.operations.models.priority import DEFAULT_CELLS

RECORDS_PER_MODEL = 3
START = dt.datetime(2024, 3, 1, 8, 0, tzinfo=dt.UTC)


def build_rich_organisation(organisation: Organisation) -> dict[str, list[OrgRecord]]:
    """Give ``organisation`` three records of every carried model, through ``core.services``.

    Record 0 links to every record it can, record 1 to one, record 2 leaves every
    optional value null. Datetimes carry microseconds, decimals every decimal
    place, texts non-ASCII characters and quotes. Record 1 of every type is
    voided once everything is built (a voided record is not changed again).
    Call it inside ``acting``.
    """
    made: dict[str, list[OrgRecord]] = {}
    for spec in record_specs():
        made[spec.label] = []
        for number in range(RECORDS_PER_MODEL):
            values = {**_values(spec, number, made), **_valid(spec.label, number, made)}
            made[spec.label].append(services.create_record(spec.model, organisation, **values))
        _link_to_own_model(spec, made[spec.label])
    for number, records in enumerate(made.values()):
        voided_at = START + dt.timedelta(days=200, minutes=number, microseconds=654321)
        services.update_record(
            records[1],
            voided_at=voided_at,
            voided_by="Zoë Auditor",
            void_reason=f"Entered twice «{records[1].ref}»",
        )
    return made


def _link_to_own_model(spec: ModelSpec, records: list[OrgRecord]) -> None:
    """Many-to-many links to the model itself, once all three exist: 0 to 1 and 2, 1 to 2."""
    for field_spec in spec.fields:
        if field_spec.is_refs and field_spec.target == spec.label:
            first, second, third = records
            services.update_record(first, **{field_spec.name: [second.pk, third.pk]})
            services.update_record(second, **{field_spec.name: [third.pk]})


def _valid(label: str, number: int, made: dict) -> dict:
    """Values for fields whose model rules generic values would break."""
    if label == "agreements.businesscalendar":
        return {
            "time_zone": ["Europe/London", "America/New_York", "UTC"][number],
            "working_hours": {"monday": [["09:00", "17:00"]], "friday": [["09:00", "12:30"]]},
            "holidays": ["2025-12-25", "2026-01-02"][: 2 - number],
            "yearly_holidays": ["01-01"] if number < 2 else [],
            "holiday_country": ["GB", "US", ""][number],
            "holiday_subdivision": ["", "NY", ""][number],
        }
    if label == "agreements.slatarget":
        kind = ["response", "resolution", "other"][number]
        return {
            "kind": kind,
            "direction": "at_least",
            "time_limit_minutes": {"response": 30, "resolution": 240}.get(kind),
        }
    if label == "catalogue.serviceplan":
        status = ["completed", "approved", "draft"][number]
        return {"status": status, "completed_on": START.date() if number < 2 else None}
    if label == "catalogue.cirelation":
        return {"target": made["catalogue.configurationitem"][(number + 1) % RECORDS_PER_MODEL]}
    if label == "operations.prioritymatrix":
        return {"cells": dict(DEFAULT_CELLS)}
    if label == "support.documentuse":
        return {"record_type": "core.person", "record_ref": made["core.person"][number].ref}
    if label == "governance.resourceallocation":
        # A person, or (with no person) external support; never over one FTE.
        return {
            "external_support": "" if number < 2 else "Contractor 2",
            "fte": decimal.Decimal("0.50"),
        }
    if label == "catalogue.configurationitem":
        # A retired item must say when it was retired; the record with nulls stays live.
        status = ["retired", "planned", "live"][number]
        return {"status": status, "retired_on": START.date() if number < 2 else None}
    return {}


def _values(spec: ModelSpec, number: int, made: dict) -> dict:
    # Declaration order gives datetimes that follow each other (opened, resolved, closed).
    position = {f.name: n for n, f in enumerate(spec.model._meta.get_fields())}
    values = {}
    for field_spec in spec.fields:
        if field_spec.name in VOID_FIELDS:
            continue  # records are voided once built
        if field_spec.nullable and number == 2:
            values[field_spec.name] = None
        elif field_spec.is_refs:
            targets = made[field_spec.target]
            values[field_spec.name] = [targets, targets[1:2], []][number]
        elif field_spec.is_ref:
            targets = made[field_spec.target]
            if targets:  # a link to its own model points at the record made before
                values[field_spec.name] = targets[number % len(targets)]
        else:
            values[field_spec.name] = _scalar(field_spec, number, position[field_spec.name])
    return values


def _text(field: models.Field, number: int) -> str:
    if isinstance(field, models.EmailField):
        return f"person{number}@example.org"
    if isinstance(field, models.URLField):
        return f"https://example.org/{number}"
    if isinstance(field, models.SlugField):
        return f"item-{number}"
    return f'{field.verbose_name} {number}: «Zürich» "quoted"'[: field.max_length]


def _decimal(field: models.DecimalField, number: int) -> decimal.Decimal:
    """A value that uses every decimal place the field has, ending in 5 (no float survives)."""
    whole = 7 * (number + 1)
    if not field.decimal_places:
        return decimal.Decimal(whole)
    return decimal.Decimal(f"{whole}.{'1' * (field.decimal_places - 1)}5")


def _scalar(field_spec: FieldSpec, number: int, position: int):
    field = field_spec.field
    if field.choices:
        choices = [value for value, _ in field.flatchoices if value != ""]
        return choices[number % len(choices)]
    return {
        "text": lambda: _text(field, number),
        "integer": lambda: 1 + number,
        "number": lambda: 0.25 + number,
        "boolean": lambda: number % 2 == 0,
        "decimal": lambda: _decimal(field, number),
        "date": lambda: START.date() + dt.timedelta(days=30 * number + position),
        "date-time": lambda: (
            START + dt.timedelta(days=30 * number, hours=position, microseconds=123456 + number)
        ),
        "time": lambda: dt.time(9, number, position % 60, 250000),
        "duration": lambda: dt.timedelta(hours=number + 1, microseconds=7),
        "uuid": lambda: uuid.UUID(int=number + 1),
        "json": lambda: {"sample": number, "items": ["a", "b"]},
    }[field_spec.kind]()


def record_models() -> list[type[OrgRecord]]:
    return [m for m in apps.get_models() if issubclass(m, OrgRecord)]


def footprint() -> dict:
    """How much is stored: organisations, records of every model, ledger entries."""
    counts = {m._meta.label_lower: m._default_manager.count() for m in record_models()}
    counts["organisations"] = Organisation.objects.count()
    counts["ledger"] = HistoryEntry.objects.count()
    return counts


def empty_the_database():
    """Another installation: no organisations, hence no records, counters or ledger."""
    for organisation in Organisation.objects.all():
        clear_records(organisation)
        organisation.delete()


def without_export_time(bundle: dict) -> dict:
    return {key: value for key, value in bundle.items() if key != "exported_at"}


def differences(first: dict, second: dict, limit: int = 20) -> list[str]:
    """Where two bundles' records differ, as ``label ref field``: readable where a diff is not."""
    found = []
    for label in sorted(set(first["records"]) | set(second["records"])):
        rows = [{r["ref"]: r for r in b["records"].get(label, [])} for b in (first, second)]
        for ref in sorted(set(rows[0]) ^ set(rows[1])):
            found.append(f"{label} {ref}: in one bundle only")
        for ref in sorted(set(rows[0]) & set(rows[1])):
            one, other = rows[0][ref], rows[1][ref]
            for name in sorted(set(one) | set(other)):
                if one.get(name, "(absent)") != other.get(name, "(absent)"):
                    found.append(f"{label} {ref} {name}: {one.get(name)!r} != {other.get(name)!r}")
    return found[:limit]
