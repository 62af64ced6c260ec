"""Recurring incidents: the same trouble on the same service, again and again, unexplained.

A recurring group is at least ``MIN_INCIDENTS`` incidents with no problem linked,
on one service and either one category or one configuration item, each within
``WINDOW`` of the incident two places before it in time. The runs are found in
the database with a window function (``LEAD`` over each service and category,
or service and CI); overlapping runs of one key are then merged into one group.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import Lead

from evident.core.models import Organisation
from evident.core.tenancy import scoped

from .models import Incident

MIN_INCIDENTS = 3
WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True)
class RecurringGroup:
    """Incidents of one service sharing a category or a configuration item, close in time."""

    service_id: int
    kind: str  # "category" or "configuration_item"
    key: str  # the category, or the CI's ref
    incidents: tuple[Incident, ...]

    @property
    def first_opened(self) -> dt.datetime:
        return self.incidents[0].opened_at

    @property
    def last_opened(self) -> dt.datetime:
        return self.incidents[-1].opened_at


def unexplained(organisation: Organisation, start: dt.datetime, end: dt.datetime):
    """Incidents opened in ``[start, end)`` with no problem linked."""
    return scoped(Incident, organisation).filter(
        opened_at__gte=start, opened_at__lt=end, problem__isnull=True
    )


def recurring_groups(
    organisation: Organisation,
    start: dt.datetime,
    end: dt.datetime,
    *,
    min_incidents: int = MIN_INCIDENTS,
    window: dt.timedelta = WINDOW,
) -> list[RecurringGroup]:
    """Every recurring group among the incidents opened in ``[start, end)``."""
    base = unexplained(organisation, start, end)
    by_category = Source(
        base.exclude(category=""), "category", ("pk", "service_id", "category", "opened_at")
    )
    by_ci = Source(
        Incident.configuration_items.through.objects.filter(incident__in=base),
        "configuration_item",
        ("incident_id", "incident__service_id", "configurationitem__ref", "incident__opened_at"),
    )
    groups = []
    for source in (by_category, by_ci):
        groups += _groups(base, source, min_incidents, window)
    return sorted(groups, key=lambda g: (g.first_opened, g.kind, g.key))


@dataclass(frozen=True)
class Source:
    """Rows to group: ``fields`` name the incident, its service, the key and when it opened."""

    rows: object
    kind: str
    fields: tuple[str, str, str, str]


def _groups(base, source: Source, min_incidents, window) -> list[RecurringGroup]:
    """Runs where the incident ``min_incidents - 1`` places on is within ``window``."""
    pk, service, key, at = source.fields
    reach = Window(
        Lead(at, offset=min_incidents - 1),
        partition_by=[F(service), F(key)],
        order_by=[F(at).asc(), F(pk).asc()],
    )
    starts = source.rows.annotate(reach=reach).filter(reach__lte=F(at) + window)
    runs = defaultdict(list)  # (service, key) -> [(from, to)]
    for service_id, key_value, opened, reach_at in starts.values_list(service, key, at, "reach"):
        runs[(service_id, key_value)].append((opened, reach_at))
    if not runs:
        return []
    members = defaultdict(list)
    candidates = source.rows.filter(**{f"{service}__in": {s for s, _ in runs}})
    for incident_id, service_id, key_value, opened in candidates.values_list(*source.fields):
        if (service_id, key_value) in runs:
            members[(service_id, key_value)].append((opened, incident_id))
    incidents = base.select_related("service").in_bulk(
        [i for rows in members.values() for _, i in rows]
    )
    groups = []
    for (service_id, key_value), intervals in runs.items():
        rows = sorted(members[(service_id, key_value)])
        for first, last in _merged(intervals):
            chosen = tuple(incidents[i] for opened, i in rows if first <= opened <= last)
            groups.append(RecurringGroup(service_id, source.kind, key_value, chosen))
    return groups


def _merged(intervals):
    """Overlapping (or touching) intervals merged, in order."""
    merged = []
    for first, last in sorted(intervals):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged
