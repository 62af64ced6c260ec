"""SLA clocks over arrays of tickets: elapsed business time, breaches and deadlines.

Each function takes a calendar and equally long arrays (int64 UTC epoch seconds or
``datetime64``), builds the calendar's timeline once over the tickets' horizon and then
works on whole arrays: no Python loop runs per ticket or per pause.

* elapsed = F(end) - F(start) - business time inside the ticket's (disjoint) pauses;
* a ticket breaches when its elapsed business time exceeds its target;
* its deadline is the earliest instant its paused-aware clock reaches the target.

Deadlines with pauses, in business coordinates (u = F(t)): the clock starts at
u0 = F(start); a pause k of the ticket spans [a_k, b_k). The clock reads
c_k = a_k - u0 - (lengths of the ticket's earlier pauses) when pause k begins, and c_k never
decreases along the sorted pauses. The pauses that begin before the clock reaches the
target are those with c_k < target, so the target is reached at
u* = u0 + target + (their total length), and the deadline is F^-1(u*), computed for all
tickets with one cumulative sum over the sorted pauses and one ``np.bincount``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evident.agreements.business_time.calendar import BusinessCalendar
from evident.agreements.business_time.pauses import (
    Pauses,
    as_instants,
    as_seconds,
    running_totals_before,
    ticket_sums,
)
from evident.agreements.business_time.timeline import DAY, Timeline

# How far past the last known instant a deadline is looked for before giving up.
_LONGEST_SEARCH = 100 * 366 * DAY


@dataclass(frozen=True, eq=False)
class Breaches:
    """Per ticket: business seconds elapsed, whether the target was exceeded, and when.

    ``breach_at`` is the instant the clock passed the target (``NaT`` when met).
    """

    elapsed: np.ndarray
    breached: np.ndarray
    breach_at: np.ndarray

    @property
    def within(self) -> np.ndarray:
        return ~self.breached


def business_seconds(calendar: BusinessCalendar, starts, ends, pauses: Pauses | None = None):
    """Business seconds from each start to its end, less the business time paused."""
    starts, ends = _ticket_span(starts, ends)
    if len(starts) == 0:
        return np.empty(0, np.int64)
    timeline = Timeline.build(calendar, starts.min(), ends.max())
    return _elapsed(timeline, starts, ends, pauses or Pauses.none())


def deadlines(calendar: BusinessCalendar, starts, targets, pauses: Pauses | None = None, ends=None):
    """The instant each ticket's clock reaches its target (``datetime64[s]``).

    Pauses after a ticket's end are ignored when ``ends`` is given. A target of zero is
    due at the start itself.
    """
    starts = as_instants(starts, "starts")
    targets = as_seconds(targets, len(starts), "targets")
    if ends is not None:
        starts, ends = _ticket_span(starts, ends)
    if len(starts) == 0:
        return np.empty(0, "datetime64[s]")
    pauses = pauses or Pauses.none()
    ticket, pause_starts, pause_ends = pauses.disjoint(starts, ends)
    known = max(int(starts.max()), int(pause_ends.max(initial=starts.max())))
    reach = _first_reach(calendar, targets)
    while True:
        timeline = Timeline.build(calendar, starts.min(), known + reach)
        due = _due_seconds(timeline, starts, targets, ticket, pause_starts, pause_ends)
        if due.max() <= timeline.total:
            instants = np.maximum(timeline.instant_at(due), starts)
            return instants.astype("datetime64[s]")
        if reach >= _LONGEST_SEARCH:
            raise ValueError("targets: not reachable within 100 years on this calendar")
        reach = min(reach * 2, _LONGEST_SEARCH)


def breaches(
    calendar: BusinessCalendar, starts, ends, targets, pauses: Pauses | None = None
) -> Breaches:
    """Elapsed business time, breach flags and breach instants against per-ticket targets."""
    starts, ends = _ticket_span(starts, ends)
    targets = as_seconds(targets, len(starts), "targets")
    pauses = pauses or Pauses.none()
    elapsed = business_seconds(calendar, starts, ends, pauses)
    breached = elapsed > targets
    breach_at = np.full(len(starts), np.datetime64("NaT"), dtype="datetime64[s]")
    if breached.any():
        breach_at[breached] = deadlines(
            calendar,
            starts[breached],
            targets[breached],
            pauses.of_tickets(breached),
            ends=ends[breached],
        )
    return Breaches(elapsed, breached, breach_at)


def attainment(within, keys, minlength: int = 0) -> np.ndarray:
    """Share of tickets within target per integer key (``NaN`` for a key with no tickets).

    ``keys`` groups the tickets, e.g. by SLA, priority or month; the result is indexed by
    key, so ``attainment(b.within, sla_ids)[7]`` is the share met for SLA 7.
    """
    within = np.asarray(within, dtype=bool).reshape(-1)
    keys = np.asarray(keys).reshape(-1)
    if len(keys) != len(within):
        raise ValueError("keys: must have one key per ticket")
    if len(keys) and (not np.issubdtype(keys.dtype, np.integer) or keys.min() < 0):
        raise ValueError("keys: give non-negative integers")
    keys = keys.astype(np.int64)
    counts = np.bincount(keys, minlength=minlength)
    met = np.bincount(keys, weights=within, minlength=minlength)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, met / np.maximum(counts, 1), np.nan)


def _ticket_span(starts, ends) -> tuple[np.ndarray, np.ndarray]:
    starts, ends = as_instants(starts, "starts"), as_instants(ends, "ends")
    if len(starts) != len(ends):
        raise ValueError("ends: must have one end per start")
    if (ends < starts).any():
        raise ValueError("ends: a ticket ends before it starts")
    return starts, ends


def _elapsed(timeline: Timeline, starts, ends, pauses: Pauses) -> np.ndarray:
    elapsed = timeline.seconds_at(ends) - timeline.seconds_at(starts)
    ticket, pause_starts, pause_ends = pauses.disjoint(starts, ends)
    paused = timeline.seconds_at(pause_ends) - timeline.seconds_at(pause_starts)
    return elapsed - ticket_sums(ticket, paused, len(starts))


def _due_seconds(timeline: Timeline, starts, targets, ticket, pause_starts, pause_ends):
    """u* per ticket: F(start) + target + the business length of the pauses that count."""
    origin = timeline.seconds_at(starts)
    pause_from = timeline.seconds_at(pause_starts)
    lengths = timeline.seconds_at(pause_ends) - pause_from
    clock_at_pause = pause_from - origin[ticket] - running_totals_before(ticket, lengths)
    counted = clock_at_pause < targets[ticket]
    return origin + targets + ticket_sums(ticket, lengths * counted, len(starts))


def _first_reach(calendar: BusinessCalendar, targets: np.ndarray) -> int:
    """A first guess at how far past the known instants the deadlines lie."""
    weeks = int(targets.max()) / calendar.weekly_seconds()
    return int((weeks * 1.5 + 3) * 7 * DAY)
