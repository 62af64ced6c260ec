"""The evidence ledger: append-only, hash-chained history per organisation.

Each entry's hash covers the previous entry's hash and the canonical JSON of
every column of the entry (scheme 2), the actor's id included. With a ledger
key configured (``core.ledger_key``) the hash is an HMAC-SHA256 under that key,
so an entry written or rewritten without the key fails verification; without a
key it is plain SHA-256. Entries written before scheme 2 keep their first-scheme
hash (the content without the actor's id) and are verified by it.

Appending locks the organisation row so that, on PostgreSQL, concurrent writers
queue up instead of forking the chain; on SQLite the database-wide write lock
does the same, and the unique ``(organisation, seq)`` constraint turns any race
into an error instead of a silent fork. Checkpoints that anchor the chain
outside the database are in ``core.ledger_anchor``; the comparison of live
records with their last ledger picture in ``core.ledger_records``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import ledger_key
from .bulk import insert_objects
from .context import current
from .models import HistoryEntry, Organisation

GENESIS = "0" * 64
SCHEME = 2


@dataclass(frozen=True)
class Change:
    """What happened to one record, ready to be appended.

    ``event`` names the domain event of this change when it differs from the
    one the write context carries (one verb call may record several events).
    """

    action: str
    model: str
    object_id: int
    object_ref: str
    before: dict | None
    after: dict | None
    row_detail: dict | None = None
    event: str = ""


def canonical(entry: HistoryEntry) -> str:
    """Every column of an entry but its id and the two hashes, as canonical JSON (scheme 2)."""
    fields = {
        **hashed_fields(entry),
        "organisation_id": entry.organisation_id,
        "actor_id": entry.actor_id,
        "event": entry.event,
        "operation": entry.operation,
        "scheme": entry.scheme,
        "key_id": entry.key_id,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)


def chain_hash(prev_hash: str, entry: HistoryEntry, key: ledger_key.LedgerKey | None) -> str:
    """The scheme-2 hash: keyed when ``key`` is given, plain SHA-256 otherwise."""
    message = (prev_hash + canonical(entry)).encode()
    return key.mac(message) if key else hashlib.sha256(message).hexdigest()


def entry_digest(prev_hash: str, fields: dict) -> str:
    """The scheme-1 hash, kept to verify the entries written with it."""
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def hashed_fields(entry: HistoryEntry) -> dict:
    """What the scheme-1 hash covers: the content without the actor's id."""
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
    key = ledger_key.configured()
    key_id = key.key_id if key else ""
    # Entries appended together belong to one operation even outside a verb.
    operation = ctx.operation or uuid.uuid4().hex
    actor_id = getattr(ctx.user, "pk", None)
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
            entry = HistoryEntry(
                organisation=organisation,
                seq=seq,
                at=now,
                actor_id=actor_id,
                actor_name=ctx.actor_name,
                source=ctx.source,
                source_detail={**ctx.detail, **(change.row_detail or {})},
                action=change.action,
                model=change.model,
                object_id=change.object_id,
                object_ref=change.object_ref,
                before=change.before,
                after=change.after,
                event=change.event or ctx.event,
                operation=operation,
                scheme=SCHEME,
                key_id=key_id,
                prev_hash=prev,
            )
            entry.hash = prev = chain_hash(prev, entry, key)
            entries.append(entry)
        insert_objects(entries)
    return entries


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    first_broken_seq: int | None = None
    reason: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS
    # Entries hashed without a key: written before one was configured, or with none.
    unkeyed: int = 0


class _Walk:
    """The chain read in order: what must hold at each entry, given those before it."""

    def __init__(self, key: ledger_key.LedgerKey | None):
        self.key = key
        self.prev = GENESIS
        self.seq = 0
        self.count = 0
        self.unkeyed = 0
        self.scheme2_seen = False
        self.keyed_seen = False

    def step(self, entry: HistoryEntry) -> tuple[int, str] | None:
        """Where and why ``entry`` breaks the chain; None when it holds."""
        self.count += 1
        if entry.seq != self.seq + 1:
            return self.seq + 1, f"entry #{self.seq + 1} is missing"
        if entry.prev_hash != self.prev:
            return entry.seq, "link to the previous entry is broken"
        problem = self._hash_problem(entry)
        if problem:
            return entry.seq, problem
        self.prev, self.seq = entry.hash, entry.seq
        return None

    def _hash_problem(self, entry: HistoryEntry) -> str:
        if entry.scheme == 1:
            if self.scheme2_seen:
                return "hashed by the old scheme after entries of the current one"
            if entry_digest(self.prev, hashed_fields(entry)) != entry.hash:
                return "content does not match its hash"
            return ""
        if entry.scheme != SCHEME:
            return f"unknown hash scheme {entry.scheme}"
        self.scheme2_seen = True
        if entry.key_id:
            return self._keyed_problem(entry)
        if self.keyed_seen:
            return "unkeyed: written without the ledger key after keyed entries"
        self.unkeyed += 1
        if chain_hash(self.prev, entry, None) != entry.hash:
            return "content does not match its hash"
        return ""

    def _keyed_problem(self, entry: HistoryEntry) -> str:
        if self.key is None:
            return f"keyed (key id {entry.key_id}) but no ledger key is configured to check it"
        if entry.key_id != self.key.key_id:
            return (
                f"signed with another key (key id {entry.key_id}; "
                f"the configured key is {self.key.key_id})"
            )
        self.keyed_seen = True
        message = (self.prev + canonical(entry)).encode()
        if not self.key.holds(message, entry.hash):
            return "forged: its keyed hash does not hold (edited, or written without the key)"
        return ""

    def result(self, broken_at: int | None = None, reason: str = "") -> VerifyResult:
        return VerifyResult(
            ok=broken_at is None,
            entries=self.count,
            first_broken_seq=broken_at,
            reason=reason,
            head_seq=self.seq,
            head_hash=self.prev,
            unkeyed=self.unkeyed,
        )


def verify(organisation: Organisation) -> VerifyResult:
    """Recompute the chain; name the first entry whose hash, link or key does not hold."""
    walk = _Walk(ledger_key.configured())
    entries = HistoryEntry.objects.filter(organisation=organisation).order_by("seq")
    for entry in entries.iterator(chunk_size=5000):
        broken = walk.step(entry)
        if broken:
            return walk.result(*broken)
    return walk.result()
