"""The record types a user's own file may become, as the pages declare them.

A record type people keep by hand is an editable entry of the web registry, and
its importable fields are the fields of that entry's form. The web app sits above
interop, so interop does not import the registry: the web app hands over a
provider in its ``AppConfig.ready``. Interop reads only each entry's ``model``,
``slug``, ``label`` and ``form_fields``; the entries themselves are returned as
given, so the pages get their own registry entries back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from django.db import models


class ImportableType(Protocol):
    model: type[models.Model]
    slug: str
    form_fields: tuple[str, ...]

    @property
    def label(self) -> str: ...


_provider: Callable[[], Iterable[ImportableType]] | None = None


def provide_record_types(provider: Callable[[], Iterable[ImportableType]]) -> None:
    """Install the source of importable record types (called by the web app)."""
    global _provider
    _provider = provider


def importable_types() -> dict[str, ImportableType]:
    """Record types people keep by hand, by model label (``operations.incident``)."""
    # Asked on each call, as the provider may import its registry lazily.
    if _provider is None:
        return {}
    return {t.label: t for t in _provider()}
