"""Checkpoints: the ledger's head, signed, to be kept where the database cannot reach.

A hash chain shows an edit in the middle, but not an entry cut off the end nor
a chain rewritten whole and recomputed: the database alone cannot tell what it
used to hold. A checkpoint remembers: the organisation, the sequence number and
hash of the last entry, the number of entries and when it was taken, signed by
an HMAC under the ledger key (``core.ledger_key``). Kept outside the database
(with the backups, in an evidence pack), it lets ``check`` find entries cut off
or rewritten since it was taken.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from django.utils import timezone

from . import ledger_key
from .ledger import GENESIS
from .models import HistoryEntry, Organisation

FIELDS = ("organisation", "seq", "hash", "count", "at", "key_id")


def _signed_part(data: dict) -> bytes:
    body = {name: data.get(name) for name in FIELDS}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def checkpoint(organisation: Organisation) -> dict:
    """The organisation's ledger head now, signed when a ledger key is configured."""
    head = (
        HistoryEntry.objects.filter(organisation=organisation)
        .order_by("-seq")
        .values_list("seq", "hash")
        .first()
    )
    seq, hash_ = head if head else (0, GENESIS)
    # Counted up to the head read, so an entry appended meanwhile is not half in it.
    count = HistoryEntry.objects.filter(organisation=organisation, seq__lte=seq).count()
    key = ledger_key.configured()
    data = {
        "organisation": organisation.slug,
        "seq": seq,
        "hash": hash_,
        "count": count,
        "at": timezone.now().isoformat(),
        "key_id": key.key_id if key else "",
    }
    data["signature"] = key.mac(_signed_part(data)) if key else ""
    return data


def check(organisation: Organisation, data: dict) -> list[str]:
    """Every way the ledger no longer matches checkpoint ``data``; empty when it holds."""
    problems = _malformed(data)
    if problems:
        return problems
    if data["organisation"] != organisation.slug:
        return [
            f"the checkpoint is of organisation {data['organisation']!r}, not {organisation.slug!r}"
        ]
    return _signature_problems(data) + _head_problems(organisation, data)


def _malformed(data) -> list[str]:
    if not isinstance(data, dict):
        return ["the checkpoint is malformed: not a JSON object"]
    types = {"organisation": str, "seq": int, "hash": str, "count": int, "at": str, "key_id": str}
    wrong = [
        name
        for name, kind in types.items()
        if not isinstance(data.get(name), kind) or isinstance(data.get(name), bool)
    ]
    if not isinstance(data.get("signature", ""), str):
        wrong.append("signature")
    if wrong:
        return [f"the checkpoint is malformed: {', '.join(wrong)} missing or of the wrong type"]
    return []


def _signature_problems(data: dict) -> list[str]:
    key = ledger_key.configured()
    signature = data.get("signature", "")
    if not signature:
        if key is None:
            return []
        return ["the checkpoint is unsigned though a ledger key is configured: it proves nothing"]
    if key is None:
        return [
            f"the checkpoint is signed (key id {data['key_id']}) but no ledger key is "
            "configured to check it"
        ]
    if data["key_id"] != key.key_id:
        return [
            f"the checkpoint is signed with another key (key id {data['key_id']}; "
            f"the configured key is {key.key_id})"
        ]
    if not key.holds(_signed_part(data), signature):
        return ["the checkpoint's signature does not hold: the checkpoint was edited or forged"]
    return []


def _head_problems(organisation: Organisation, data: dict) -> list[str]:
    entries = HistoryEntry.objects.filter(organisation=organisation)
    seq, problems = data["seq"], []
    last = entries.order_by("-seq").values_list("seq", flat=True).first() or 0
    held = entries.filter(seq=seq).values_list("hash", flat=True).first() if seq else GENESIS
    if held is None:
        end = f"the ledger now ends at #{last}" if last else "the ledger is now empty"
        problems.append(f"truncated: entry #{seq}, the checkpoint's head, is missing; {end}")
    elif held != data["hash"]:
        problems.append(
            f"rewritten since the checkpoint: entry #{seq} has hash {held}, "
            f"the checkpoint says {data['hash']}"
        )
    count = entries.count()
    if count < data["count"]:
        problems.append(
            f"truncated: {count} entries, the checkpoint counted {data['count']} "
            f"({data['count'] - count} gone)"
        )
    return problems


def describe(data: dict) -> str:
    """One line naming a checkpoint, for reports and command output."""
    signed = f"signed with key {data['key_id']}" if data.get("signature") else "unsigned"
    return f"#{data['seq']} {data['hash']} ({data['count']} entries, {data['at']}, {signed})"


# The member of an evidence pack (``reports.pack``) that carries its checkpoint.
PACK_MEMBER = "ledger-checkpoint.json"


def load(path) -> dict:
    """A checkpoint read from its JSON file, or from an evidence pack that carries one."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                if PACK_MEMBER not in archive.namelist():
                    raise ValueError(f"{path} is a ZIP archive without {PACK_MEMBER}")
                data = archive.read(PACK_MEMBER)
        else:
            data = Path(path).read_bytes()
        return json.loads(data)
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read the checkpoint {path}: {error}") from error
