"""The records a report cites: their titles for the pages, their contents for the evidence pack.

Findings and samples name records as ``{"type", "id", "ref"}``. Both readers
here group those by type and read each type with one query, always through
``scoped`` so a report never shows another organisation's record. The pack
writes a record the way the organisation bundle carries it (same keys, links
as refs), so an auditor reads one format everywhere.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps

from evident.core.models import OrgRecord
from evident.core.tenancy import scoped
from evident.interop.bundle.spec import specs_by_label

# The field that names a record for a reader, in order of preference.
TITLE_FIELDS = ("title", "name", "summary", "subject", "population", "description")
TITLE_LENGTH = 90


def _record_model(label: str):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if issubclass(model, OrgRecord) else None


def _ids_by_type(records) -> dict[str, set[int]]:
    ids: dict[str, set[int]] = defaultdict(set)
    for record in records:
        ids[record["type"]].add(record["id"])
    return ids


def _title_field(model) -> str | None:
    names = {f.name for f in model._meta.concrete_fields}
    return next((name for name in TITLE_FIELDS if name in names), None)


def _short(text) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1].rstrip() + "…"


def titles_of(organisation, records) -> dict[tuple[str, int], str]:
    """``{(type, id): title}`` for the cited records that have a title-like field."""
    titles = {}
    for label, ids in sorted(_ids_by_type(records).items()):
        model = _record_model(label)
        name = _title_field(model) if model else None
        if name is None:
            continue
        rows = scoped(model, organisation).filter(pk__in=ids).values_list("pk", name)
        titles.update({(label, pk): _short(title) for pk, title in rows})
    return titles


def serialise(organisation, records) -> dict[tuple[str, int], dict]:
    """``{(type, id): record}`` for the cited records, each as the bundle carries it.

    A record deleted since the evaluation is reported as missing; an engine
    result (not carried by the bundle) by its identity only.
    """
    specs = specs_by_label()
    found = {}
    for label, ids in sorted(_ids_by_type(records).items()):
        model, spec = _record_model(label), specs.get(label)
        if model is None or spec is None:
            continue
        found.update(_read(organisation, model, spec, ids))
    out = {}
    for record in records:
        key = (record["type"], record["id"])
        if key in found:
            out[key] = found[key]
        elif record["type"] in specs:
            out[key] = {**_identity(record), "missing": "no longer in the organisation's records"}
        else:
            out[key] = {**_identity(record), "note": "an engine result: not carried in bundles"}
    return out


def _identity(record: dict) -> dict:
    return {"type": record["type"], "id": record["id"], "ref": record["ref"]}


def _read(organisation, model, spec, ids) -> dict[tuple[str, int], dict]:
    records = scoped(model, organisation).filter(pk__in=ids)
    plain = [f for f in spec.fields if not (f.is_ref or f.is_refs)]
    links = [f for f in spec.fields if f.is_ref]
    rows = records.values(
        "pk", "ref", *(f.attname for f in plain), *(f"{f.name}__ref" for f in links)
    )
    many = {f.name: _many_refs(records, f.name) for f in spec.fields if f.is_refs}
    out = {}
    for row in rows:
        fields = {f.name: f.write(row[f.attname]) for f in plain}
        fields.update({f.name: row[f"{f.name}__ref"] for f in links})
        fields.update({name: sorted(by_pk.get(row["pk"], [])) for name, by_pk in many.items()})
        out[(spec.label, row["pk"])] = {
            "type": spec.label,
            "id": row["pk"],
            "ref": row["ref"],
            "fields": dict(sorted(fields.items())),
        }
    return out


def _many_refs(records, name: str) -> dict[int, list[str]]:
    by_pk: dict[int, list[str]] = defaultdict(list)
    pairs = records.filter(**{f"{name}__isnull": False}).values_list("pk", f"{name}__ref")
    for pk, ref in pairs:
        by_pk[pk].append(ref)
    return by_pk
