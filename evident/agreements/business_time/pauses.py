"""Instants as arrays, and the pauses of many tickets as three flat arrays.

A pause stops a ticket's clock (for example while it waits on the customer). Pauses
arrive as flat arrays: the ticket's position in the ticket arrays, the pause start and
the pause end. Before any business time is subtracted they are clipped to their ticket
and made disjoint, so overlapping pauses of one ticket never count twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def as_instants(values, name: str) -> np.ndarray:
    """UTC epoch seconds (int64) from integers or ``datetime64`` values of any unit."""
    array = np.asarray(values)
    if array.ndim != 1:
        array = array.reshape(-1)
    if np.issubdtype(array.dtype, np.datetime64):
        if np.isnat(array).any():
            raise ValueError(f"{name}: contains NaT; every instant must be known")
        return array.astype("datetime64[s]").astype(np.int64)
    if array.size == 0:
        return array.astype(np.int64)
    if not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name}: give integer epoch seconds or datetime64 values")
    return array.astype(np.int64)


def as_seconds(values, count: int, name: str) -> np.ndarray:
    """Business-second amounts (targets) as int64, a scalar standing for every ticket."""
    array = np.asarray(values)
    if not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name}: give whole business seconds as integers")
    array = np.broadcast_to(array.astype(np.int64), (count,))
    if (array < 0).any():
        raise ValueError(f"{name}: business seconds cannot be negative")
    return array


@dataclass(frozen=True, eq=False)
class Pauses:
    """Pauses of many tickets: ``ticket[k]`` was paused from ``starts[k]`` to ``ends[k]``."""

    ticket: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def of(cls, ticket, starts, ends) -> Pauses:
        """Validate and convert three equally long arrays."""
        ticket = np.asarray(ticket)
        if ticket.size and not np.issubdtype(ticket.dtype, np.integer):
            raise ValueError("ticket: give integer positions in the ticket arrays")
        ticket = ticket.astype(np.int64).reshape(-1)
        starts, ends = as_instants(starts, "pause starts"), as_instants(ends, "pause ends")
        if not len(ticket) == len(starts) == len(ends):
            raise ValueError("pauses: ticket, starts and ends must have the same length")
        if (ends < starts).any():
            raise ValueError("pause ends: a pause ends before it starts")
        if (ticket < 0).any():
            raise ValueError("ticket: positions cannot be negative")
        return cls(ticket, starts, ends)

    @classmethod
    def none(cls) -> Pauses:
        empty = np.empty(0, np.int64)
        return cls(empty, empty, empty)

    def __len__(self) -> int:
        return len(self.ticket)

    def of_tickets(self, chosen: np.ndarray) -> Pauses:
        """The pauses of the tickets selected by a boolean mask, renumbered to match."""
        position = np.cumsum(chosen) - 1
        kept = chosen[self.ticket]
        return Pauses(position[self.ticket[kept]], self.starts[kept], self.ends[kept])

    def disjoint(self, ticket_starts: np.ndarray, ticket_ends: np.ndarray | None = None):
        """Clip to each ticket's [start, end] and remove overlaps, in O(p log p).

        Returns (ticket, starts, ends) sorted by ticket then start, with no two pauses of
        a ticket overlapping. Sorting by (ticket, start) and trimming each pause to begin
        no earlier than the latest end seen so far in its ticket keeps exactly the union.
        """
        if len(self) and self.ticket.max() >= len(ticket_starts):
            raise ValueError("ticket: a pause names a ticket position that does not exist")
        ticket = self.ticket
        starts = np.maximum(self.starts, ticket_starts[ticket])
        ends = self.ends if ticket_ends is None else np.minimum(self.ends, ticket_ends[ticket])
        kept = ends > starts
        ticket, starts, ends = ticket[kept], starts[kept], ends[kept]
        if len(ticket) == 0:
            return ticket, starts, ends
        order = np.lexsort((starts, ticket))
        ticket, starts, ends = ticket[order], starts[order], ends[order]
        latest = _latest_end_before(ticket, starts, ends)
        starts, ends = np.maximum(starts, latest), np.maximum(ends, latest)
        kept = ends > starts
        return ticket[kept], starts[kept], ends[kept]


def _latest_end_before(ticket: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Per pause, the latest end among the earlier pauses of its ticket (else its start).

    A running maximum restarted per ticket, done in one ``np.maximum.accumulate`` by
    lifting each ticket's ends above every end of the tickets sorted before it.
    """
    new_ticket = np.concatenate(([True], ticket[1:] != ticket[:-1]))
    rank = np.cumsum(new_ticket) - 1
    base = int(starts.min())
    span = int(ends.max()) - base + 1
    if int(rank[-1]) * span >= 2**62:
        raise ValueError("pauses: too many tickets over too long a span to merge in int64")
    running = np.maximum.accumulate((ends - base) + rank * span)
    previous = np.concatenate(([0], running[:-1])) - rank * span + base
    return np.where(new_ticket, starts, previous)


def ticket_sums(ticket: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """Sum integer values per ticket (exact while sums stay below 2**53 seconds)."""
    summed = np.bincount(ticket, weights=values, minlength=count)
    return np.rint(summed).astype(np.int64)


def running_totals_before(ticket: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per row (sorted by ticket), the sum of the earlier rows' values of its ticket."""
    if len(values) == 0:
        return values.astype(np.int64)
    inclusive = np.cumsum(values)
    exclusive = inclusive - values
    new_ticket = np.concatenate(([True], ticket[1:] != ticket[:-1]))
    group_start = np.maximum.accumulate(np.where(new_ticket, np.arange(len(values)), 0))
    return exclusive - exclusive[group_start]
