"""Recurring incidents that no problem explains yet, and opening a problem for a group (8.6.3).

The groups come from ``operations.recurrence`` (the rule the engine's 8.6.3 check
uses), over the days chosen on the page: by default the twelve months up to today.
A writer can open a problem for a group; the page finds the group again from the
records rather than trusting the incidents the form names, so a group that has
changed or been explained meanwhile is refused with a message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.views.generic import TemplateView

from evident.catalogue.models import Service
from evident.core.context import acting
from evident.core.tenancy import scoped
from evident.operations.models import Incident
from evident.operations.recurrence import MIN_INCIDENTS, WINDOW, RecurringGroup, recurring_groups
from evident.operations.resolution_services import raise_problem

from ..record_types import registry
from .base import OrgPageMixin

DEFAULT_DAYS = 365
LONGEST_DAYS = 2 * 366  # as the API allows: a longer search is not a recurrence question
KIND_LABELS = {"category": "Category", "configuration_item": "Configuration item"}


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def group_token(group: RecurringGroup) -> str:
    """Names a group across a page load: its service, key and first incident."""
    return f"{group.service_id}|{group.kind}|{group.key}|{group.incidents[0].ref}"


@dataclass(frozen=True)
class Days:
    """The days searched, or the reason the asked-for days cannot be searched."""

    first: dt.date
    last: dt.date
    error: str = ""


def days_from(params) -> Days:
    last = today()
    default = Days(last - dt.timedelta(days=DEFAULT_DAYS - 1), last)
    raw_first, raw_last = params.get("from", ""), params.get("to", "")
    if not raw_first and not raw_last:
        return default
    try:
        first = parse_date(raw_first) if raw_first else default.first
        last = parse_date(raw_last) if raw_last else default.last
    except ValueError:
        first = last = None
    if first is None or last is None:
        return Days(default.first, default.last, "Give the days as YYYY-MM-DD.")
    if last < first:
        return Days(default.first, default.last, "The days searched end before they start.")
    if (last - first).days >= LONGEST_DAYS:
        return Days(default.first, default.last, f"Search at most {LONGEST_DAYS} days at once.")
    return Days(first, last)


def groups_for(organisation, days: Days) -> list[RecurringGroup]:
    return recurring_groups(
        organisation, midnight(days.first), midnight(days.last + dt.timedelta(days=1))
    )


class RecurringIncidentsView(OrgPageMixin, TemplateView):
    """GET: the recurring groups of the chosen days. POST: open a problem for one group."""

    template_name = "web/incidents/recurring.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = days_from(self.request.GET)
        groups = groups_for(self.organisation, days)
        services = scoped(Service, self.organisation).in_bulk({g.service_id for g in groups})
        rows = [
            {
                "group": group,
                "service": services[group.service_id],
                "kind": KIND_LABELS[group.kind],
                "token": group_token(group),
                "title": f"Recurring {group.key} on {services[group.service_id].name}",
            }
            for group in groups
        ]
        context.update(
            rows=rows,
            days=days,
            incident_count=sum(len(g.incidents) for g in groups),
            min_incidents=MIN_INCIDENTS,
            window_days=WINDOW.days,
            record_type=registry.for_model(Incident),
            current_type="recurring-incidents",
        )
        return context

    def post(self, request, *args, **kwargs):
        self.require_writer()
        days = days_from(request.POST)
        back = reverse("web:recurring-incidents", kwargs={"org_slug": self.org_slug})
        back += f"?from={days.first:%Y-%m-%d}&to={days.last:%Y-%m-%d}"
        if days.error:
            messages.error(request, days.error)
            return redirect(back)
        token = request.POST.get("group", "")
        group = next(
            (g for g in groups_for(self.organisation, days) if group_token(g) == token), None
        )
        if group is None:
            messages.error(
                request,
                "That group no longer recurs unexplained in these days: a problem may have "
                "been opened for it meanwhile. The page shows the groups as they are now.",
            )
            return redirect(back)
        service = scoped(Service, self.organisation).get(pk=group.service_id)
        title = request.POST.get("title", "").strip() or f"Recurring {group.key} on {service.name}"
        try:
            with acting(source="web", user=request.user):
                problem = raise_problem(
                    service, title[:200], dt.datetime.now(dt.UTC), group.incidents
                )
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
            return redirect(back)
        messages.success(
            request,
            f"Opened problem {problem.ref} and linked {len(group.incidents)} incidents to it.",
        )
        return redirect(
            "web:record-detail", org_slug=self.org_slug, record_type="problems", pk=problem.pk
        )
