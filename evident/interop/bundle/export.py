"""Export: one organisation's records as a bundle, the same bytes every time for the same data.

Models come in dependency order, records sorted by ref, keys sorted; links are
written as the target's ref and many-to-many links as sorted lists of refs, and
records named inside JSON values by type and ref, their database id null.
"""

from __future__ import annotations

import json

from django.utils import timezone

from evident.core.models import Organisation
from evident.core.tenancy import scoped

from .codecs import without_ids, write_datetime
from .spec import FORMAT, VERSION, ModelSpec, record_specs


def _refs_by_pk(organisation: Organisation) -> dict[str, dict[int, str]]:
    return {
        spec.label: dict(scoped(spec.model, organisation).values_list("pk", "ref"))
        for spec in record_specs()
    }


def _many_refs(spec: ModelSpec, organisation, refs) -> dict[str, dict[int, list[str]]]:
    """For each many-to-many field: record pk -> sorted refs of the records it links to."""
    links = {}
    for field_spec in spec.fields:
        if not field_spec.is_refs:
            continue
        targets = refs[field_spec.target]
        pairs = (
            scoped(spec.model, organisation)
            .filter(**{f"{field_spec.name}__isnull": False})
            .values_list("pk", field_spec.name)
        )
        by_record: dict[int, list[str]] = {}
        for pk, target_pk in pairs:
            by_record.setdefault(pk, []).append(targets[target_pk])
        links[field_spec.name] = {pk: sorted(found) for pk, found in by_record.items()}
    return links


def _records(spec: ModelSpec, organisation, refs) -> list[dict]:
    columns = [f.attname for f in spec.fields if not f.is_refs]
    rows = scoped(spec.model, organisation).values("pk", "ref", *columns)
    many = _many_refs(spec, organisation, refs)
    records = []
    for row in rows:
        record = {"ref": row["ref"]}
        for field_spec in spec.fields:
            if field_spec.is_refs:
                value = many[field_spec.name].get(row["pk"], [])
            elif field_spec.is_ref:
                target_pk = row[field_spec.attname]
                value = None if target_pk is None else refs[field_spec.target][target_pk]
            elif field_spec.kind == "json":
                value = field_spec.write(without_ids(row[field_spec.attname]))
            else:
                value = field_spec.write(row[field_spec.attname])
            record[field_spec.name] = value
        records.append(dict(sorted(record.items())))
    return sorted(records, key=lambda record: record["ref"])


def export_bundle(organisation: Organisation) -> dict:
    """The organisation's bundle: every carried record, read through ``scoped``."""
    refs = _refs_by_pk(organisation)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": write_datetime(timezone.now()),
        "organisation": {"name": organisation.name, "slug": organisation.slug},
        "records": {spec.label: _records(spec, organisation, refs) for spec in record_specs()},
    }


def bundle_json(bundle: dict) -> str:
    """The bundle as text: indented, UTF-8, in the order it was built."""
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
