"""The forward schedule of changes, with clashes on shared configuration items marked."""

from __future__ import annotations

import datetime as dt

from django.utils.dateparse import parse_date
from django.views.generic import TemplateView

from evident.core.tenancy import scoped
from evident.operations.change_schedule import conflicts, forward_schedule
from evident.operations.models import Change

from ..record_types import registry
from .base import OrgPageMixin

SHOWN = 200


class ChangeScheduleView(OrgPageMixin, TemplateView):
    """Changes planned to end after the chosen day (today by default), by planned start."""

    template_name = "web/changes/schedule.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = parse_date(self.request.GET.get("from", "") or "") or dt.datetime.now(dt.UTC).date()
        starting_from = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
        changes = list(
            forward_schedule(self.organisation, starting_from=starting_from, limit=SHOWN)
        )
        clashes = self._clashes_by_change(starting_from)
        rows = [{"change": change, "clashes": clashes.get(change.pk, [])} for change in changes]
        total = (
            scoped(Change, self.organisation)
            .filter(planned_end__gt=starting_from, planned_start__isnull=False)
            .exclude(status__in=[Change.Status.REJECTED, Change.Status.CANCELLED])
            .count()
        )
        context.update(
            rows=rows,
            day=day,
            total=total,
            conflict_count=sum(1 for row in rows if row["clashes"]),
            record_type=registry.for_model(Change),
            current_type="changes",
        )
        return context

    def _clashes_by_change(self, starting_from) -> dict[int, list[dict]]:
        """For each change, the changes it clashes with and the items they share."""
        by_change: dict[int, list[dict]] = {}
        for conflict in conflicts(self.organisation, starting_from=starting_from):
            items = ", ".join(ci["ref"] for ci in conflict.configuration_items)
            for mine, theirs in (
                (conflict.change, conflict.other),
                (conflict.other, conflict.change),
            ):
                by_change.setdefault(mine.id, []).append({"change": theirs, "items": items})
        return by_change
