"""Measuring SLAs from incident records, in business time, for whole periods at once.

For one SLA and a period of local days (in the SLA calendar's time zone), two queries
read the incidents of the SLA's service opened in the period and their status
histories. Array arithmetic then derives, per incident:

* the response end: the first status change away from "new" (else the resolution);
* the resolution end: ``resolved_at`` (else the first change to resolved or closed);
* the paused spans: from each change to "on hold" until the next change.

Each incident is judged by the response and resolution targets in force on the local
day it was opened (a priority-specific target before one for all priorities, then the
latest ``effective_from``). The business-time engine gives elapsed business seconds,
less paused time, breach flags and breach instants for all incidents in one call per
kind. An incident still open is judged only once it has breached; until then it is
pending and left out of the shares.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models.functions import TruncDate
from django.utils import timezone

from evident.agreements.business_time import Pauses, breaches
from evident.core.tenancy import scoped
from evident.core.verbs import verb
from evident.operations.models import Incident, IncidentStatusChange

from .models import SLA, SlaTarget
from .services import TIMED_KINDS, as_calendar, record_sla_measurement

Status = Incident.Status
_NEVER = np.iinfo(np.int64).max
_FIRST_DAY, _LAST_DAY = np.datetime64("0001-01-01", "D"), np.datetime64("9999-12-31", "D")


@dataclass(frozen=True, eq=False)
class Tickets:
    """The incidents of one SLA opened in a period, as arrays (instants in epoch seconds)."""

    ids: np.ndarray
    refs: np.ndarray
    priority: np.ndarray
    opened: np.ndarray
    opened_day: np.ndarray
    responded: np.ndarray
    resolved: np.ndarray
    pauses: Pauses

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, eq=False)
class KindResults:
    """How the incidents judged by one kind of target (response or resolution) fared.

    ``ticket`` indexes ``Tickets``; ``target`` holds the judging target's id. ``judged``
    is false for an open incident that has not yet breached (its elapsed time so far is
    kept).
    """

    kind: str
    ticket: np.ndarray
    target: np.ndarray
    limit_minutes: np.ndarray
    elapsed_minutes: np.ndarray
    within: np.ndarray
    judged: np.ndarray
    breach_at: np.ndarray


@dataclass(frozen=True, eq=False)
class SlaResults:
    """Per-incident results of one SLA over a period, for every timed kind of target."""

    sla: SLA
    tickets: Tickets
    kinds: tuple[KindResults, ...]

    def incident_rows(self) -> list[dict]:
        """One row per incident and kind: elapsed business minutes, verdict, breach time."""
        rows = []
        for kinds in self.kinds:
            breach_at = kinds.breach_at.astype(object)
            for k, position in enumerate(kinds.ticket):
                rows.append(
                    {
                        "incident": str(self.tickets.refs[position]),
                        "kind": kinds.kind,
                        "target": int(kinds.target[k]),
                        "limit_minutes": int(kinds.limit_minutes[k]),
                        "elapsed_minutes": float(kinds.elapsed_minutes[k]),
                        "judged": bool(kinds.judged[k]),
                        "within_target": bool(kinds.within[k]),
                        "breach_at": _aware(breach_at[k]),
                    }
                )
        return rows

    def attainment_rows(self) -> list[dict]:
        """Share of judged incidents within target per kind, priority and opening month."""
        rows = []
        for kinds in self.kinds:
            judged = kinds.ticket[kinds.judged]
            if len(judged) == 0:
                continue
            months = self.tickets.opened_day[judged].astype("datetime64[M]").astype(np.int64)
            keys = months * 16 + self.tickets.priority[judged]
            unique, group = np.unique(keys, return_inverse=True)
            tickets = np.bincount(group, minlength=len(unique))
            within = np.bincount(group, weights=kinds.within[kinds.judged], minlength=len(unique))
            for key, count, met in zip(unique, tickets, within, strict=True):
                month = np.datetime64(int(key // 16), "M").astype("datetime64[D]").item()
                rows.append(
                    {
                        "service": self.sla.service.ref,
                        "kind": kinds.kind,
                        "priority": int(key % 16),
                        "month": month,
                        "tickets": int(count),
                        "within_target": int(met),
                        "attainment_percent": round(100 * float(met) / int(count), 3),
                    }
                )
        return rows


def measure_sla(sla: SLA, first_day: dt.date, last_day: dt.date, *, as_of=None) -> SlaResults:
    """Judge the incidents of ``sla``'s service opened from ``first_day`` to ``last_day``.

    Days are local to the SLA's calendar. Open incidents are measured up to ``as_of``
    (default: now).
    """
    calendar = as_calendar(sla.calendar)
    as_of = int((as_of or timezone.now()).timestamp())
    tickets = load_tickets(sla, first_day, last_day, calendar.zone, as_of)
    targets = _timed_targets(sla)
    kinds = tuple(
        _judge(kind, tickets, targets, calendar, as_of)
        for kind in TIMED_KINDS
        if (targets["kind"] == kind).any()
    )
    return SlaResults(sla, tickets, kinds)


@verb("sla.measured")
def measure_sla_month(sla: SLA, month: dt.date, *, as_of=None) -> list:
    """Write the month's measurement of each response and resolution target of ``sla``.

    Every timed target in force on some day of the month gets one: the share (%) of the
    judged incidents it judged that were within its limit; a month without such incidents
    breached nothing and measures 100 %. Re-running it rewrites only what changed.
    """
    first = month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    results = measure_sla(sla, first, last, as_of=as_of)
    in_force = (
        scoped(SlaTarget, sla.organisation)
        .filter(sla=sla, kind__in=TIMED_KINDS, time_limit_minutes__isnull=False)
        .exclude(effective_from__gt=last)
        .exclude(effective_to__lt=first)
        .order_by("pk")
    )
    measurements = []
    for target in in_force:
        judged, within = _counts_for(results, target.pk)
        value = Decimal(100) if judged == 0 else Decimal(100 * within) / Decimal(judged)
        measurements.append(record_sla_measurement(target, first, value))
    return measurements


def load_tickets(sla: SLA, first_day, last_day, zone: ZoneInfo, as_of: int) -> Tickets:
    """Read the incidents and their status histories (two queries) into arrays."""
    start = dt.datetime.combine(first_day, dt.time(), zone)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), zone)
    incidents = scoped(Incident, sla.organisation).filter(
        service_id=sla.service_id, opened_at__gte=start, opened_at__lt=end
    )
    rows = list(
        incidents.annotate(day=TruncDate("opened_at", tzinfo=zone))
        .order_by("pk")
        .values_list("pk", "ref", "priority", "opened_at", "resolved_at", "day")
    )
    history = list(
        scoped(IncidentStatusChange, sla.organisation)
        .filter(incident__in=incidents.values("pk"))
        .order_by("incident_id", "changed_at", "pk")
        .values_list("incident_id", "status", "changed_at")
    )
    ids, refs, priority, opened, resolved, days = _columns(rows, 6)
    opened, resolved = _epoch(opened), _epoch(resolved)
    changed_of, status, changed_at = _columns(history, 3)
    position = np.searchsorted(np.asarray(ids, np.int64), np.asarray(changed_of, np.int64))
    status, changed_at = np.asarray(status, dtype=object), _epoch(changed_at)
    responded = _first_at(len(ids), position, changed_at, status != Status.NEW)
    closing = np.isin(status, [Status.RESOLVED, Status.CLOSED])
    resolved = np.where(
        resolved < _NEVER, resolved, _first_at(len(ids), position, changed_at, closing)
    )
    return Tickets(
        ids=np.asarray(ids, np.int64),
        refs=np.asarray(refs, dtype=object),
        priority=np.asarray(priority, np.int64),
        opened=opened,
        opened_day=np.asarray(days, dtype="datetime64[D]"),
        responded=np.maximum(np.minimum(responded, resolved), opened),
        resolved=np.maximum(resolved, opened),
        pauses=_on_hold(position, status, changed_at, as_of),
    )


def _judge(kind, tickets: Tickets, targets: dict, calendar, as_of: int) -> KindResults:
    """Pick each incident's target of this kind and run the engine on those it has."""
    chosen = _chosen_targets(tickets, targets, targets["kind"] == kind)
    ticket = np.flatnonzero(chosen >= 0)
    target = chosen[ticket]
    limit = targets["limit"][target]
    ends = (tickets.responded if kind == SlaTarget.Kind.RESPONSE else tickets.resolved)[ticket]
    open_ = ends == _NEVER
    starts = tickets.opened[ticket]
    ends = np.where(open_, np.maximum(as_of, starts), ends)
    selected = np.zeros(len(tickets), bool)
    selected[ticket] = True
    result = breaches(calendar, starts, ends, limit * 60, tickets.pauses.of_tickets(selected))
    return KindResults(
        kind=str(kind),
        ticket=ticket,
        target=targets["id"][target],
        limit_minutes=limit,
        elapsed_minutes=result.elapsed / 60,
        within=result.within,
        judged=~open_ | result.breached,
        breach_at=result.breach_at,
    )


def _timed_targets(sla: SLA) -> dict[str, np.ndarray]:
    rows = list(
        scoped(SlaTarget, sla.organisation)
        .filter(sla=sla, kind__in=TIMED_KINDS, time_limit_minutes__isnull=False)
        .order_by("pk")
        .values_list(
            "pk", "kind", "priority", "time_limit_minutes", "effective_from", "effective_to"
        )
    )
    ids, kinds, priority, limit, starts, ends = _columns(rows, 6)
    return {
        "id": np.asarray(ids, np.int64),
        "kind": np.asarray(kinds, dtype=object),
        "priority": np.asarray([-1 if p is None else p for p in priority], np.int64),
        "limit": np.asarray(limit, np.int64),
        "from": np.asarray([_FIRST_DAY if d is None else d for d in starts], "datetime64[D]"),
        "to": np.asarray([_LAST_DAY if d is None else d for d in ends], "datetime64[D]"),
    }


def _chosen_targets(tickets: Tickets, targets: dict, of_kind: np.ndarray) -> np.ndarray:
    """Per incident, the index of the target judging it (-1 when none applies).

    Incidents by targets: a target applies when its priority (or all) matches and the
    opening day lies in its effective dates. Among those that apply the most specific
    wins: a priority of its own first, then the latest ``effective_from``.
    """
    if len(tickets) == 0 or not of_kind.any():
        return np.full(len(tickets), -1, np.int64)
    day = tickets.opened_day[:, None]
    applies = (
        of_kind[None, :]
        & ((targets["priority"] < 0) | (targets["priority"] == tickets.priority[:, None]))
        & (targets["from"] <= day)
        & (day <= targets["to"])
    )
    preference = np.lexsort((targets["from"], targets["priority"] >= 0))
    rank = np.empty(len(preference), np.int64)
    rank[preference] = np.arange(1, len(preference) + 1)
    score = np.where(applies, rank[None, :], 0)
    return np.where(score.max(axis=1) > 0, score.argmax(axis=1), -1)


def _on_hold(position, status, changed_at, as_of: int) -> Pauses:
    """Spans in "on hold": from the change into it until the incident's next change."""
    following = np.concatenate((changed_at[1:], [as_of]))
    same_incident = np.concatenate((position[1:] == position[:-1], [False]))
    ends = np.where(same_incident, following, np.maximum(as_of, changed_at))
    held = status == Status.ON_HOLD
    return Pauses.of(position[held], changed_at[held], ends[held])


def _first_at(count: int, position, changed_at, mask) -> np.ndarray:
    """Per incident, the earliest change instant among the masked changes (else never)."""
    first = np.full(count, _NEVER, np.int64)
    np.minimum.at(first, position[mask], changed_at[mask])
    return first


def _counts_for(results: SlaResults, target_id: int) -> tuple[int, int]:
    for kinds in results.kinds:
        mine = kinds.judged & (kinds.target == target_id)
        if mine.any():
            return int(mine.sum()), int(kinds.within[mine].sum())
    return 0, 0


def _columns(rows: list[tuple], width: int) -> list[tuple]:
    return list(zip(*rows, strict=True)) if rows else [()] * width


def _epoch(instants) -> np.ndarray:
    """Whole UTC epoch seconds; a missing instant becomes ``_NEVER``."""
    return np.asarray(
        [_NEVER if t is None else int(t.timestamp()) for t in instants], dtype=np.int64
    )


def _aware(value) -> dt.datetime | None:
    return None if value is None else value.replace(tzinfo=dt.UTC)
