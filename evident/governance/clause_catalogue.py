"""Whether a clause number is one of the clause catalogue, for governance records that name one.

A milestone names the clause whose gap it closes. The catalogue belongs to audits,
which sits above governance and so may not be imported from here: audits hands
over its lookup in ``AppConfig.ready`` through ``recognise_clauses``.
"""

from __future__ import annotations

from collections.abc import Callable

_lookup: Callable[[str], bool] | None = None


def recognise_clauses(lookup: Callable[[str], bool]) -> None:
    """Install the catalogue's answer to "is this a clause?" (called by audits)."""
    global _lookup
    _lookup = lookup


def is_catalogue_clause(number: str) -> bool:
    # Without a catalogue installed there is nothing to hold a clause number to.
    return _lookup is None or _lookup(number)
