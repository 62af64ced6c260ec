"""Service reports (9.4): one service, one period, generated from the records.

``report_content`` reads the service's records for the period and returns a
JSON-ready snapshot; the verb ``services.generate_service_report`` stores it
(regenerating a period replaces the earlier snapshot of the same report).
Availability measurements and complaints are reported when those record types
exist in this installation.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Count, Q

from evident.agreements.models import SlaMeasurement
from evident.catalogue.models import Service
from evident.operations.models import Change, Incident, Problem, ServiceRequest

from .engine.evidence import record_ref
from .engine.scope import live, midnight

MAJOR_NAMED = 20


def _instants(name: str, start: dt.date, end: dt.date) -> Q:
    after = midnight(end + dt.timedelta(days=1))
    return Q(**{f"{name}__gte": midnight(start), f"{name}__lt": after})


def _days(name: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lte": end})


def _optional(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def report_content(service: Service, start: dt.date, end: dt.date) -> dict:
    """What happened to ``service`` from ``start`` to ``end`` (both included)."""
    content = {
        "service": {"ref": service.ref, "name": service.name, "status": service.status},
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "service_levels": _service_levels(service, start, end),
        "incidents": _incidents(service, start, end),
        "requests": _requests(service, start, end),
        "changes": _changes(service, start, end),
        "problems": _problems(service, start, end),
    }
    availability = _availability(service, start, end)
    if availability is not None:
        content["availability"] = availability
    complaints = _complaints(service, start, end)
    if complaints is not None:
        content["complaints"] = complaints
    return content


def _service_levels(service, start, end) -> dict:
    rows = (
        live(SlaMeasurement.objects.filter(target__sla__service=service))
        .filter(_days("month", start, end))
        .select_related("target__sla")
        .order_by("target__sla__ref", "target__metric", "month")
    )
    measurements = [
        {
            "sla": row.target.sla.ref,
            "metric": row.target.metric,
            "month": row.month.isoformat(),
            "value": str(row.value),
            "target": str(row.target.target_value),
            "met": row.met,
        }
        for row in rows
    ]
    met = sum(1 for m in measurements if m["met"])
    return {
        "measurements": measurements,
        "met": met,
        "attainment_percent": _percent(met, len(measurements)),
    }


def _incidents(service, start, end) -> dict:
    opened = live(Incident.objects.filter(service=service)).filter(
        _instants("opened_at", start, end)
    )
    resolved = live(Incident.objects.filter(service=service)).filter(
        _instants("resolved_at", start, end)
    )
    by_priority = dict(opened.values_list("priority").annotate(n=Count("pk")).order_by("priority"))
    majors = opened.filter(major=True).order_by("ref")
    judged = resolved.exclude(made_sla__isnull=True)
    return {
        "opened": opened.count(),
        "resolved": resolved.count(),
        "by_priority": {str(priority): n for priority, n in by_priority.items()},
        "major": [record_ref(i) for i in majors[:MAJOR_NAMED]],
        "major_count": majors.count(),
        "resolved_within_sla_percent": _percent(
            judged.filter(made_sla=True).count(), judged.count()
        ),
    }


def _requests(service, start, end) -> dict:
    rows = live(ServiceRequest.objects.filter(service=service))
    return {
        "opened": rows.filter(_instants("opened_at", start, end)).count(),
        "fulfilled": rows.filter(_instants("fulfilled_at", start, end)).count(),
    }


def _changes(service, start, end) -> dict:
    done = live(Change.objects.filter(service=service)).filter(_instants("actual_end", start, end))
    outcomes = dict(done.values_list("outcome").annotate(n=Count("pk")).order_by("outcome"))
    successful = outcomes.get(Change.Outcome.SUCCESSFUL, 0)
    judged = sum(n for outcome, n in outcomes.items() if outcome)
    return {
        "completed": done.count(),
        "successful": successful,
        "failed": outcomes.get(Change.Outcome.FAILED, 0),
        "backed_out": outcomes.get(Change.Outcome.BACKED_OUT, 0),
        "emergency": done.filter(change_type=Change.Type.EMERGENCY).count(),
        "success_percent": _percent(successful, judged),
    }


def _problems(service, start, end) -> dict:
    rows = live(Problem.objects.filter(service=service))
    return {
        "opened": rows.filter(_instants("opened_at", start, end)).count(),
        "resolved": rows.filter(_instants("resolved_at", start, end)).count(),
        "open_at_end": rows.filter(opened_at__lt=midnight(end + dt.timedelta(days=1)))
        .filter(
            Q(resolved_at__isnull=True) | Q(resolved_at__gte=midnight(end + dt.timedelta(days=1)))
        )
        .count(),
    }


def _availability(service, start, end) -> list | None:
    model = _optional("assurance.AvailabilityMeasurement")
    if model is None:
        return None
    rows = live(model.objects.filter(service=service)).filter(_days("month", start, end))
    return [
        {
            "month": row.month.isoformat(),
            "measured_percent": str(row.measured_percent),
            "target_percent": None if row.target_percent is None else str(row.target_percent),
            "met": row.met,
        }
        for row in rows.order_by("month")
    ]


def _complaints(service, start, end) -> dict | None:
    model = _optional("agreements.Complaint")
    if model is None:
        return None
    rows = live(model.objects.filter(service=service))
    return {
        "received": rows.filter(_days("received_on", start, end)).count(),
        "resolved": rows.filter(_days("resolved_on", start, end)).count(),
    }
