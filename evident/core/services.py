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

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from . import ledger
from .bulk import insert_objects
from .context import current
from .models import Counter, Organisation, OrgRecord, refuse_unsafe_ref

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


class StaleRecord(Exception):
    """A write based on a version of the record that someone else has since changed."""

    def __init__(self, record: OrgRecord, read_version: int, fields: list[str]):
        self.record = record
        self.read_version = read_version
        self.current_version = record.record_version
        self.fields = fields
        named = ", ".join(fields) if fields else "its values"
        super().__init__(
            f"{record.ref} was changed by someone else since you read it "
            f"(version {read_version}, now {record.record_version}): {named}."
        )


class VoidedRecord(ValidationError):
    """A voided record is kept as evidence and not changed again."""


# How often an update re-reads a record that a concurrent writer changed between
# its read and its write (only where the database cannot lock the row first).
UPDATE_ATTEMPTS = 5


def update_record(obj: OrgRecord, *, expected_version: int | None = None, **changes) -> OrgRecord:
    """Validate and apply ``changes`` to the stored record; the ledger keeps before and after.

    Only the fields that change are written, conditional on the version read, so a
    concurrent writer's values are never put back. With ``expected_version`` (the
    version the caller based its changes on) a record changed since is refused
    with ``StaleRecord`` naming the fields changed meanwhile.
    """
    own, m2m = _split_m2m(type(obj), changes)
    for _attempt in range(UPDATE_ATTEMPTS):
        try:
            with transaction.atomic():
                stored = _apply(obj, own, m2m, expected_version)
        except _LostRace:
            continue
        _copy_values(stored, obj)
        return obj
    raise StaleRecord(obj, obj.record_version, [])


class _LostRace(Exception):
    """Another writer changed the row between this update's read and its write."""


def _apply(obj: OrgRecord, own: dict, m2m: dict, expected_version: int | None) -> OrgRecord:
    model = type(obj)
    rows = model._base_manager.filter(pk=obj.pk)
    stored = (rows.select_for_update() if _locks_rows() else rows).get()
    refuse_stale(stored, expected_version)
    if stored.is_voided and own.get("voided_at", stored.voided_at) is not None:
        raise VoidedRecord(f"{stored.ref} is voided and is kept as it was.")
    unknown = sorted(set(own) - _field_names(model))
    if unknown:
        raise ValidationError({name: "No such field on this record." for name in unknown})
    before = snapshot(stored)
    for name, value in own.items():
        setattr(stored, name, value)
    columns = [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED_IN_SNAPSHOT
        and _json_value(getattr(stored, f.attname)) != before.get(f.attname)
    ]
    if columns or m2m:
        stored.full_clean()
    if columns:
        version = stored.record_version
        stored.record_version = version + 1
        stored.updated_at = timezone.now()
        values = {f.attname: getattr(stored, f.attname) for f in columns}
        written = rows.filter(record_version=version).update(
            **values, record_version=version + 1, updated_at=stored.updated_at
        )
        if written != 1:
            raise _LostRace
    for name, values in m2m.items():
        getattr(stored, name).set(values)
    after = snapshot(stored)
    if after != before:
        ledger.append(stored.organisation, [_change("update", stored, before, after)])
    return stored


def _field_names(model) -> set[str]:
    return {n for f in model._meta.concrete_fields for n in (f.name, f.attname)}


def _copy_values(source: OrgRecord, target: OrgRecord) -> None:
    """The caller's instance shows what was written, relations reloaded on next access."""
    if source is target:
        return
    for field in source._meta.concrete_fields:
        value = getattr(source, field.attname)
        if (
            field.is_relation
            and getattr(target, field.attname) != value
            and field.is_cached(target)
        ):
            field.delete_cached_value(target)
        setattr(target, field.attname, value)


def refuse_stale(stored: OrgRecord, expected_version: int | None) -> None:
    """``StaleRecord`` when ``stored`` is no longer at the version the writer read."""
    if expected_version is not None and stored.record_version != expected_version:
        raise StaleRecord(stored, expected_version, changed_since(stored, expected_version))


def changed_since(record: OrgRecord, version: int) -> list[str]:
    """The fields of ``record`` its ledger shows changed after ``version`` was written."""
    from .models import HistoryEntry

    entries = HistoryEntry.objects.filter(
        organisation_id=record.organisation_id,
        model=model_label(type(record)),
        object_id=record.pk,
        action=HistoryEntry.Action.UPDATE,
    ).order_by("-seq")
    fields: set[str] = set()
    for before, after in entries.values_list("before", "after")[:200]:
        if (before or {}).get("record_version", 0) < version:
            break
        fields |= {k for k in (after or {}) if (before or {}).get(k) != after.get(k)}
    fields -= {"record_version"}
    return sorted(fields)


def void_record(obj: OrgRecord, *, reason: str, expected_version: int | None = None) -> OrgRecord:
    """Void a record: it stays, as evidence, with who voided it, when and why."""
    if not (reason or "").strip():
        raise ValidationError({"void_reason": "Say why the record is voided."})
    if obj.is_voided:
        raise VoidedRecord(f"{obj.ref} is already voided.")
    return update_record(
        obj,
        expected_version=expected_version,
        voided_at=timezone.now(),
        voided_by=current().actor_name,
        void_reason=reason.strip(),
    )


def delete_record(obj: OrgRecord) -> None:
    """Delete one record; the ledger keeps what it was, and what was deleted with it.

    For what no auditor samples (a draft entered by mistake, a saved mapping);
    evidence is voided instead (``void_record``).
    """
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
            else:
                refuse_unsafe_ref(obj.ref)
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
    collector.collect(list(model._base_manager.filter(pk__in=pks)))
    doomed = [(m, list(rows)) for m, rows in collector.data.items()]
    # Cascades the collector may delete in one statement, unseen by ``data``.
    doomed += [(qs.model, list(qs)) for qs in collector.fast_deletes if hasattr(qs, "model")]
    changes = []
    for related_model, instances in doomed:
        if not issubclass(related_model, OrgRecord):
            continue
        if related_model is model:
            instances = [o for o in instances if o.pk not in set(pks)]
        changes += [_change("delete", o, snapshot(o, with_m2m=False), None) for o in instances]
    gone = {(m, o.pk) for m, rows in doomed for o in rows}
    return changes + _blanked_links(collector, gone)


def _blanked_links(collector, gone: set) -> list[ledger.Change]:
    """Records that stay but lose their link to a deleted one (``SET_NULL``), as updates."""
    changes = []
    for (field, value), batches in collector.field_updates.items():
        for batch in batches:
            for obj in batch:
                if not isinstance(obj, OrgRecord) or (type(obj), obj.pk) in gone:
                    continue
                before = snapshot(obj, with_m2m=False)
                after = {**before, field.attname: _json_value(value)}
                changes.append(_change("update", obj, before, after))
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
        event="" if current().event else _plain_event(action, obj, before, after),
    )


PAST = {"create": "created", "update": "updated", "delete": "deleted"}


def _plain_event(action, obj, before, after) -> str:
    """The event of a write no verb named: ``change.created``, ``change.voided``."""
    voided = (
        action == "update"
        and (after or {}).get("voided_at")
        and not (before or {}).get("voided_at")
    )
    return f"{obj._meta.model_name}.{'voided' if voided else PAST[action]}"
