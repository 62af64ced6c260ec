"""The forward schedule of changes and its conflicts (8.5.1.3).

Two changes conflict when they name a shared configuration item and their
planned windows overlap (one starts before the other ends, both ways round).
Rejected and cancelled changes take no window. Conflicts are found in one query
that joins the change-to-CI link table to itself through the CI, so the cost
grows with the links involved rather than with the square of the changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q

from evident.catalogue.models import ConfigurationItem
from evident.core.models import Organisation
from evident.core.tenancy import scoped

from .models import Change

OTHER = "configuration_items__changes"
# Statuses of changes that no longer hold a window on the schedule.
WITHOUT_WINDOW = (Change.Status.REJECTED, Change.Status.CANCELLED)
HOLDING_WINDOW = tuple(s for s in Change.Status.values if s not in WITHOUT_WINDOW)


@dataclass(frozen=True)
class ScheduledChange:
    id: int
    ref: str
    title: str
    planned_start: dt.datetime
    planned_end: dt.datetime


@dataclass(frozen=True)
class Conflict:
    """Two changes planned in overlapping windows on the configuration items they share."""

    change: ScheduledChange
    other: ScheduledChange
    configuration_items: tuple[dict, ...]  # {"id", "ref", "name"}, in ref order


def scheduled(queryset):
    """Changes of ``queryset`` that hold a planned window."""
    return queryset.filter(
        planned_start__isnull=False, planned_end__isnull=False, status__in=HOLDING_WINDOW
    )


def clashing_links(queryset, *, both_ways: bool = False, other: dict | None = None):
    """``(change id, other change id, CI id)`` for each clash of a change in ``queryset``.

    All conditions sit in one ``filter`` call, so they apply to the same joined
    row of the other change. Each pair comes once (lower id first) unless
    ``both_ways``, for asking about particular changes. ``other`` adds lookups
    the other change must meet (``{"actual_start__isnull": False}``).
    """
    overlap = Q(
        **{
            f"{OTHER}__planned_start__lt": F("planned_end"),
            f"{OTHER}__planned_end__gt": F("planned_start"),
            f"{OTHER}__status__in": HOLDING_WINDOW,
            **{f"{OTHER}__{lookup}": value for lookup, value in (other or {}).items()},
        }
    )
    other_side = Q(**{f"{OTHER}__pk__gt": F("pk")})
    if both_ways:
        other_side |= Q(**{f"{OTHER}__pk__lt": F("pk")})
    return (
        scheduled(queryset)
        .filter(overlap & other_side)
        .values_list("pk", f"{OTHER}__pk", "configuration_items__pk")
        .order_by("pk", f"{OTHER}__pk", "configuration_items__pk")
    )


def conflicts(
    organisation: Organisation,
    *,
    starting_from: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> list[Conflict]:
    """Every conflict among the organisation's changes planned to end after ``starting_from``
    and to start before ``until`` (either bound may be left out)."""
    changes = scoped(Change, organisation)
    if starting_from is not None:
        changes = changes.filter(planned_end__gt=starting_from)
    if until is not None:
        changes = changes.filter(planned_start__lt=until)
    return _as_conflicts(organisation, clashing_links(changes))


def conflicts_for(change: Change) -> list[Conflict]:
    """The conflicts of one change with any other change of its organisation."""
    links = clashing_links(scoped(Change, change.organisation).filter(pk=change.pk), both_ways=True)
    return _as_conflicts(change.organisation, links)


def conflicting_change_ids(queryset, **other) -> set[int]:
    """Ids of changes in ``queryset`` that clash with any change meeting the ``other`` lookups."""
    return {pk for pk, _, _ in clashing_links(queryset, both_ways=True, other=other)}


def _as_conflicts(organisation: Organisation, links) -> list[Conflict]:
    pairs: dict[tuple[int, int], list[int]] = {}
    for change_id, other_id, ci_id in links:
        pairs.setdefault((change_id, other_id), []).append(ci_id)
    if not pairs:
        return []
    ids = {pk for pair in pairs for pk in pair}
    fields = ("id", "ref", "title", "planned_start", "planned_end")
    changes = {
        row["id"]: ScheduledChange(**row)
        for row in scoped(Change, organisation).filter(pk__in=ids).values(*fields)
    }
    ci_ids = {pk for cis in pairs.values() for pk in cis}
    items = {
        row["id"]: row
        for row in scoped(ConfigurationItem, organisation)
        .filter(pk__in=ci_ids)
        .values("id", "ref", "name")
    }
    found = [
        Conflict(
            changes[change_id],
            changes[other_id],
            tuple(sorted((items[pk] for pk in set(cis)), key=lambda ci: ci["ref"])),
        )
        for (change_id, other_id), cis in pairs.items()
    ]
    return sorted(found, key=lambda c: (c.change.planned_start, c.change.ref, c.other.ref))


def forward_schedule(organisation: Organisation, *, starting_from: dt.datetime, limit: int = 200):
    """Changes planned to end after ``starting_from``, by planned start, with their CIs."""
    return (
        scheduled(scoped(Change, organisation))
        .filter(planned_end__gt=starting_from)
        .select_related("service")
        .prefetch_related("configuration_items")
        .order_by("planned_start", "ref")[:limit]
    )
