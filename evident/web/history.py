"""A record's history as the evidence ledger tells it: when, who, from where, what changed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_datetime

from evident.core.models import HistoryEntry, OrgRecord
from evident.core.services import model_label
from evident.core.tenancy import scoped

from .display import field_label, plain_value

# Snapshot keys that say nothing to a reader of the history.
# The version rises with every write: the entry itself says that much.
SKIPPED_KEYS = {"id", "ref", "record_version"}


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after an entry (``before`` is None on creation)."""

    label: str
    before: object
    after: object


@dataclass(frozen=True)
class HistoryLine:
    """One ledger entry about the record, ready to show."""

    entry: HistoryEntry
    changes: list[FieldChange]

    @property
    def origin(self) -> str:
        """Where the write came from beyond its source: the import file and row, the admin."""
        detail = self.entry.source_detail or {}
        return ", ".join(f"{key} {value}" for key, value in sorted(detail.items()))


def _field_for_key(model, key: str):
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if key in (field.attname, field.name):
            return field
    raise FieldDoesNotExist(key)


class _RefLookup:
    """Turns the ids kept in snapshots into refs, one query per related model."""

    def __init__(self, organisation, model, entries):
        self.organisation = organisation
        self.model = model
        wanted = defaultdict(set)
        for entry in entries:
            for snap in (entry.before or {}, entry.after or {}):
                for key, value in snap.items():
                    related = self._related_model(key)
                    if related is not None and value not in (None, []):
                        wanted[related].update(value if isinstance(value, list) else [value])
        self.refs = {
            related: dict(scoped(related, organisation).filter(pk__in=ids).values_list("pk", "ref"))
            for related, ids in wanted.items()
        }

    def _readable(self, key, value):
        """Snapshot values as the pages show them: choices in words, timestamps parsed."""
        try:
            field = _field_for_key(self.model, key)
        except FieldDoesNotExist:
            return value
        if value in (None, ""):
            return value
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            return parse_datetime(value) or value
        return value

    def _related_model(self, key):
        try:
            field = _field_for_key(self.model, key)
        except FieldDoesNotExist:
            return None
        related = field.related_model if field.is_relation else None
        if isinstance(related, type) and issubclass(related, OrgRecord):
            return related
        return None

    def show(self, key, value):
        related = self._related_model(key)
        if related is None or value in (None, []):
            return plain_value(self._readable(key, value))
        known = self.refs.get(related, {})
        values = value if isinstance(value, list) else [value]
        return ", ".join(known.get(v, f"#{v} (deleted)") for v in values)


def _field_order(model):
    """Sort key putting snapshot keys in the model's field order, unknown keys last."""
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    positions = {}
    for position, field in enumerate(fields):
        positions[field.attname] = positions[field.name] = position
    return lambda key: (positions.get(key, len(fields)), key)


def _label(model, key: str) -> str:
    try:
        return field_label(model, _field_for_key(model, key).name)
    except FieldDoesNotExist:
        return key.replace("_", " ")


def _changes(model, entry: HistoryEntry, refs: _RefLookup) -> list[FieldChange]:
    if entry.action == HistoryEntry.Action.DELETE:
        return []  # the entry itself says the record is gone; its last state is above
    before, after = entry.before or {}, entry.after or {}
    changes = []
    for key in sorted(set(before) | set(after), key=_field_order(model)):
        if key in SKIPPED_KEYS or before.get(key) == after.get(key):
            continue
        if entry.action == HistoryEntry.Action.CREATE and after.get(key) in (None, "", []):
            continue
        old = refs.show(key, before.get(key)) if entry.before is not None else None
        new = refs.show(key, after.get(key)) if entry.after is not None else None
        changes.append(FieldChange(_label(model, key), old, new))
    return changes


def record_history(obj: OrgRecord) -> list[HistoryLine]:
    """The ledger entries about ``obj``, newest first."""
    entries = list(
        scoped(HistoryEntry, obj.organisation)
        .filter(model=model_label(type(obj)), object_id=obj.pk)
        .order_by("-seq")
    )
    refs = _RefLookup(obj.organisation, type(obj), entries)
    return [HistoryLine(entry, _changes(type(obj), entry, refs)) for entry in entries]
