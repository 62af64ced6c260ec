"""The evidence ledger: append-only, hash-chained history per organisation.

Each entry's hash is SHA-256 over the previous hash and a canonical JSON form of
the entry. Appending locks the organisation row so that, on PostgreSQL,
concurrent writers queue up instead of forking the chain; on SQLite the
database-wide write lock does the same, and the unique ``(organisation, seq)``
constraint turns any race into an error instead of a silent fork.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .bulk import insert_objects
from .context import current
from .models import HistoryEntry, Organisation

GENESIS = "0" * 64


@dataclass(frozen=True)
class Change:
    """What happened to one record, ready to be appended."""

    action: str
    model: str
    object_id: int
    object_ref: str
    before: dict | None
    after: dict | None
    row_detail: dict | None = None


def entry_digest(prev_hash: str, fields: dict) -> str:
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def hashed_fields(entry: HistoryEntry) -> dict:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_name": entry.actor_name,
        "source": entry.source,
        "source_detail": entry.source_detail,
        "action": entry.action,
        "model": entry.model,
        "object_id": entry.object_id,
        "object_ref": entry.object_ref,
        "before": entry.before,
        "after": entry.after,
    }


def append(organisation: Organisation, changes: list[Change]) -> list[HistoryEntry]:
    """Append ``changes`` to the organisation's chain, attributed to the current context."""
    if not changes:
        return []
    ctx = current()
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        last = (
            HistoryEntry.objects.filter(organisation=organisation)
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        seq, prev = last if last else (0, GENESIS)
        now = timezone.now()
        entries = []
        for change in changes:
            seq += 1
            detail = {**ctx.detail, **(change.row_detail or {})}
            entry = HistoryEntry(
                organisation=organisation,
                seq=seq,
                at=now,
                actor=ctx.user if getattr(ctx.user, "pk", None) else None,
                actor_name=ctx.actor_name,
                source=ctx.source,
                source_detail=detail,
                action=change.action,
                model=change.model,
                object_id=change.object_id,
                object_ref=change.object_ref,
                before=change.before,
                after=change.after,
                prev_hash=prev,
            )
            entry.hash = entry_digest(prev, hashed_fields(entry))
            prev = entry.hash
            entries.append(entry)
        insert_objects(entries)
    return entries


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify(organisation: Organisation) -> VerifyResult:
    """Recompute the chain; name the first entry whose hash or link does not hold."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    entries = HistoryEntry.objects.filter(organisation=organisation).order_by("seq")
    for entry in entries.iterator(chunk_size=5000):
        count += 1
        if entry.seq != expected_seq:
            return VerifyResult(False, count, expected_seq, f"entry #{expected_seq} is missing")
        if entry.prev_hash != prev:
            return VerifyResult(False, count, entry.seq, "link to the previous entry is broken")
        if entry_digest(prev, hashed_fields(entry)) != entry.hash:
            return VerifyResult(False, count, entry.seq, "content does not match its hash")
        prev = entry.hash
        expected_seq += 1
    return VerifyResult(True, count)
