"""The ledger key: a secret held outside the database that makes the chain keyed.

Anyone who can write to the database can edit a ledger entry and recompute
every later SHA-256, and the chain still holds. With a key configured, each
entry's hash is an HMAC under that key, so an entry written without it shows.
The key comes from ``EVIDENT_LEDGER_KEY`` (the key itself) or
``EVIDENT_LEDGER_KEY_FILE`` (a file holding it), never from the database. It is
named in entries and checkpoints by its ``key_id``: the first 16 hex digits of
its SHA-256, which tells keys apart without revealing them.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Shorter secrets can be guessed offline from a single entry and its hash.
MIN_KEY_LENGTH = 16


@dataclass(frozen=True)
class LedgerKey:
    secret: bytes
    key_id: str
    # The HMAC with the key already absorbed: each entry copies it instead of keying anew.
    _keyed: hmac.HMAC = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_keyed", hmac.new(self.secret, digestmod=hashlib.sha256))

    def mac(self, message: bytes) -> str:
        keyed = self._keyed.copy()
        keyed.update(message)
        return keyed.hexdigest()

    def holds(self, message: bytes, mac: str) -> bool:
        return hmac.compare_digest(self.mac(message), mac)


def key_id_of(secret: bytes) -> str:
    return hashlib.sha256(secret).hexdigest()[:16]


def configured() -> LedgerKey | None:
    """The configured ledger key, or None when the chain is plain SHA-256."""
    return _load(
        getattr(settings, "EVIDENT_LEDGER_KEY", "") or "",
        str(getattr(settings, "EVIDENT_LEDGER_KEY_FILE", "") or ""),
    )


@lru_cache(maxsize=8)
def _load(value: str, path: str) -> LedgerKey | None:
    # Cached per setting: appending is on the import hot path, and a key file is
    # read once per process (restart after replacing it).
    if value and path:
        raise ImproperlyConfigured("set EVIDENT_LEDGER_KEY or EVIDENT_LEDGER_KEY_FILE, not both")
    if path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"cannot read EVIDENT_LEDGER_KEY_FILE: {error}") from error
        if not value:
            raise ImproperlyConfigured("EVIDENT_LEDGER_KEY_FILE names an empty file")
    if not value:
        return None
    if len(value) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"the ledger key must be at least {MIN_KEY_LENGTH} characters long"
        )
    secret = value.encode()
    return LedgerKey(secret=secret, key_id=key_id_of(secret))
