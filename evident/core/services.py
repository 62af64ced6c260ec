"""The one path by which domain records are written.

``create_record``, ``update_record``, ``delete_record`` and ``bulk_create_records``
validate the record (including that it points only at its own organisation's
records), write it, and append the change to the evidence ledger in the same
transaction. Domain verbs in each app's ``services`` module build on them.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable

from django.db import models, transaction
from django.db.models import F

from . import ledger
from .bulk import insert_objects
from .models import Counter, Organisation, OrgRecord

SKIPPED_IN_SNAPSHOT = {"organisation", "created_at", "updated_at"}


def _json_value(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, *, with_m2m: bool = True) -> dict:
    """A JSON-safe picture of a record's own fields (foreign keys as ids)."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_IN_SNAPSHOT:
            continue
        data[field.attname] = _json_value(getattr(obj, field.attname))
    if with_m2m and obj.pk is not None:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def model_label(model) -> str:
    return model._meta.label_lower


def reserve_refs(organisation: Organisation, prefix: str, count: int) -> list[str]:
    """Hand out ``count`` fresh refs with ``prefix``; numbers are never reused."""
    counter, _ = Counter.objects.get_or_create(organisation=organisation, prefix=prefix)
    Counter.objects.filter(pk=counter.pk).update(value=F("value") + count)
    counter.refresh_from_db()
    first = counter.value - count + 1
    return [f"{prefix}{n:06d}" for n in range(first, counter.value + 1)]


def advance_counter(organisation: Organisation, prefix: str, at_least: int) -> None:
    """Make sure refs issued later with ``prefix`` are numbered above ``at_least``.

    For loaders that bring records with their refs (bundle import): the counter
    moves past the highest number they brought and never moves back.
    """
    counter, _ = Counter.objects.get_or_create(organisation=organisation, prefix=prefix)
    Counter.objects.filter(pk=counter.pk, value__lt=at_least).update(value=at_least)


def _split_m2m(model, fields: dict) -> tuple[dict, dict]:
    m2m_names = {f.name for f in model._meta.many_to_many}
    m2m = {k: v for k, v in fields.items() if k in m2m_names}
    own = {k: v for k, v in fields.items() if k not in m2m_names}
    return own, m2m


def create_record(model: type[OrgRecord], organisation: Organisation, **fields) -> OrgRecord:
    """Validate and create one record, leaving a ``create`` entry in the ledger."""
    own, m2m = _split_m2m(model, fields)
    with transaction.atomic():
        obj = model(organisation=organisation, **own)
        if not obj.ref:
            obj.ref = reserve_refs(organisation, model.REF_PREFIX, 1)[0]
        obj.full_clean()
        obj.save()
        for name, values in m2m.items():
            getattr(obj, name).set(values)
        ledger.append(organisation, [_change("create", obj, None, snapshot(obj))])
    return obj


def update_record(obj: OrgRecord, **changes) -> OrgRecord:
    """Validate and apply ``changes``; the ledger keeps the before and after pictures."""
    own, m2m = _split_m2m(type(obj), changes)
    with transaction.atomic():
        before = snapshot(obj)
        for name, value in own.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        for name, values in m2m.items():
            getattr(obj, name).set(values)
        after = snapshot(obj)
        if after != before:
            ledger.append(obj.organisation, [_change("update", obj, before, after)])
    return obj


def delete_record(obj: OrgRecord) -> None:
    """Delete one record; the ledger keeps what it was, and what was deleted with it."""
    with transaction.atomic():
        changes = [_change("delete", obj, snapshot(obj), None)]
        changes += _cascaded_changes(type(obj), [obj.pk])
        obj.delete()
        ledger.append(obj.organisation, changes)


def bulk_create_records(
    model: type[OrgRecord],
    organisation: Organisation,
    objs: Iterable[OrgRecord],
    *,
    validate: bool = False,
    row_details: list[dict] | None = None,
) -> list[OrgRecord]:
    """Create many records of one model with one ledger entry each.

    For generators and importers: ``validate`` runs full model validation per
    record (slower); ``row_details`` attributes each entry to its source row.
    Many-to-many values are not handled here; set them with ``update_record``.
    """
    objs = list(objs)
    if not objs:
        return []
    with transaction.atomic():
        missing = [o for o in objs if not o.ref]
        for obj, ref in zip(
            missing, reserve_refs(organisation, model.REF_PREFIX, len(missing)), strict=True
        ):
            obj.ref = ref
        for obj in objs:
            obj.organisation = organisation
            if validate:
                obj.full_clean()
        insert_objects(objs)
        details = row_details or [None] * len(objs)
        ledger.append(
            organisation,
            [
                _change("create", obj, None, snapshot(obj, with_m2m=False), detail)
                for obj, detail in zip(objs, details, strict=True)
            ],
        )
    return objs


def bulk_delete_records(queryset) -> int:
    """Delete every record in ``queryset`` (one organisation's), one ledger entry each.

    Rows are read once for their ledger pictures and deleted in one statement;
    records that cascade from them are deleted by the database and recorded too.
    """
    model = queryset.model
    with transaction.atomic():
        objs = list(queryset.select_for_update() if _locks_rows() else queryset)
        if not objs:
            return 0
        organisations = {o.organisation_id for o in objs}
        if len(organisations) != 1:
            raise ValueError("bulk_delete_records works on one organisation's records at a time")
        organisation = objs[0].organisation
        changes = [_change("delete", o, snapshot(o, with_m2m=False), None) for o in objs]
        changes += _cascaded_changes(model, [o.pk for o in objs])
        model.objects.filter(pk__in=[o.pk for o in objs]).delete()
        ledger.append(organisation, changes)
    return len(objs)


def _cascaded_changes(model, pks) -> list[ledger.Change]:
    """Ledger pictures of the records that deleting ``pks`` will cascade to."""
    from django.db.models.deletion import Collector

    collector = Collector(using="default")
    collector.collect(list(model.objects.filter(pk__in=pks)))
    changes = []
    for related_model, instances in collector.data.items():
        if related_model is model or not issubclass(related_model, OrgRecord):
            continue
        changes += [_change("delete", o, snapshot(o, with_m2m=False), None) for o in instances]
    return changes


def _locks_rows() -> bool:
    from django.db import connection

    return connection.features.has_select_for_update


def _change(action, obj, before, after, row_detail=None) -> ledger.Change:
    return ledger.Change(
        action=action,
        model=model_label(type(obj)),
        object_id=obj.pk,
        object_ref=obj.ref,
        before=before,
        after=after,
        row_detail=row_detail,
    )
