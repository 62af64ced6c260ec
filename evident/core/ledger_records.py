"""Live records against the ledger: what was written to the record tables outside Evident.

Every write through the services leaves a ledger entry with the record's
picture after it, so each live record should look as its last entry says. A
row with no entry was inserted outside Evident; a row that differs from its
last picture (or that exists though its last entry deleted it) was changed
outside Evident; a record whose last entry is not a deletion but whose row is
gone was deleted outside Evident. The ledger is read once, in sequence order,
keeping the last entry of each record; the pictures are then fetched only for
the records alive, a batch at a time, so memory stays proportional to the
number of records rather than to the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import HistoryEntry, Organisation, OrgRecord
from .services import model_label, snapshot

BATCH = 900  # records compared per query for their pictures (within SQLite's parameter limit)


@dataclass(frozen=True)
class RecordProblem:
    kind: str  # "inserted", "changed" or "deleted"
    model: str
    object_id: int
    ref: str
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.kind} outside Evident: {self.model} {self.ref or '-'} (id {self.object_id})"
        return f"{text}: {self.detail}" if self.detail else text


@dataclass(frozen=True)
class _Last:
    seq: int
    action: str
    ref: str


def record_models() -> list[type[OrgRecord]]:
    """Every concrete record type, in label order."""
    found = [
        m
        for m in apps.get_models()
        if issubclass(m, OrgRecord) and not m._meta.abstract and not m._meta.proxy
    ]
    return sorted(found, key=model_label)


def check_records(organisation: Organisation) -> tuple[int, list[RecordProblem]]:
    """How many live records were compared, and every one that differs from the ledger."""
    last = _last_entries(organisation)
    compared, problems = 0, []
    for model in record_models():
        label = model_label(model)
        entries = last.pop(label, {})
        count, found = _compare_model(organisation, model, entries)
        compared += count
        problems += found
    return compared, problems


def _last_entries(organisation: Organisation) -> dict[str, dict[int, _Last]]:
    last: dict[str, dict[int, _Last]] = defaultdict(dict)
    rows = (
        HistoryEntry.objects.filter(organisation=organisation)
        .order_by("seq")
        .values_list("model", "object_id", "seq", "action", "object_ref")
    )
    for model, object_id, seq, action, ref in rows.iterator(chunk_size=10_000):
        last[model][object_id] = _Last(seq, action, ref)
    return last


def _compare_model(organisation, model, entries: dict[int, _Last]):
    """Compare one record type's live rows with their last entries; (rows, problems)."""
    label = model_label(model)
    problems: list[RecordProblem] = []
    pending: dict[int, tuple[int, str, dict]] = {}  # by the seq of the last entry
    alive: set[int] = set()
    # The base manager: a default manager that hides rows (voided ones) must not hide them here.
    rows = model._base_manager.filter(organisation=organisation).order_by("pk")
    for obj in rows.iterator(chunk_size=2000):
        alive.add(obj.pk)
        entry = entries.get(obj.pk)
        if entry is None:
            problems.append(RecordProblem("inserted", label, obj.pk, obj.ref, "no ledger entry"))
        elif entry.action == HistoryEntry.Action.DELETE:
            detail = f"present though entry #{entry.seq} deleted it"
            problems.append(RecordProblem("changed", label, obj.pk, obj.ref, detail))
        else:
            pending[entry.seq] = (obj.pk, obj.ref, snapshot(obj, with_m2m=False))
            if len(pending) >= BATCH:
                problems += _compare_pictures(organisation, model, pending)
                pending = {}
    problems += _compare_pictures(organisation, model, pending)
    for object_id, entry in sorted(entries.items()):
        if object_id not in alive and entry.action != HistoryEntry.Action.DELETE:
            detail = f"entry #{entry.seq} ({entry.action}) is its last"
            problems.append(RecordProblem("deleted", label, object_id, entry.ref, detail))
    return len(alive), problems


def _compare_pictures(organisation, model, pending: dict) -> list[RecordProblem]:
    if not pending:
        return []
    pictures = dict(
        HistoryEntry.objects.filter(organisation=organisation, seq__in=list(pending)).values_list(
            "seq", "after"
        )
    )
    fields = {f.attname: f for f in model._meta.concrete_fields}
    problems = []
    for seq, (pk, ref, live) in sorted(pending.items(), key=lambda item: item[1][0]):
        changed = _differences(fields, live, pictures.get(seq) or {})
        if changed:
            detail = f"{', '.join(changed)} differ from entry #{seq}"
            problems.append(RecordProblem("changed", model_label(model), pk, ref, detail))
    return problems


def _differences(fields: dict, live: dict, picture: dict) -> list[str]:
    """Fields whose live value is not the picture's; fields the picture lacks are not judged
    (a field added after the entry was written)."""
    return [
        name
        for name, value in live.items()
        if name in picture
        and value != picture[name]
        and not _same(fields.get(name), value, picture[name])
    ]


def _same(field, live, pictured) -> bool:
    """Equal once both are read as the field reads them: ``"99.5"`` is ``"99.500"``, and an
    instant is the same in any offset."""
    if field is None:
        return False
    try:
        return _aware(field.to_python(live)) == _aware(field.to_python(pictured))
    except (ValidationError, TypeError, ValueError):
        return False


def _aware(value):
    # A naive instant in a picture was stored as Django stores one: in the default time zone.
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value
