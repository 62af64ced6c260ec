"""How people enter and edit operational records in the API and the pages.

A change is written through the change verbs (a standard change names an
approved template). An incident entered or edited with a new status gets the
step in its status history, as the verbs would record it, so response and
resolution times never rest on a status nobody dated. Problems and requests are
held to the rules their verbs keep. Imports and bundles write history of their
own and do not pass here (see ``evident.core.writers``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from evident.core import services
from evident.core.writers import register_rules, register_writer

from .models import Incident, Problem, ServiceRequest
from .resolution_services import _append_status, change_incident_status

Status = Incident.Status


def record_incident(organisation, **fields) -> Incident:
    """Create an incident as entered and date each status it has reached since it opened.

    A resolution or closure entered without its time is dated now, on the
    incident as in its history.
    """
    opened = fields.get("opened_at")
    steps = _steps(Status.NEW, fields.get("status", Status.NEW), fields) if opened else []
    dated = []
    for step, at in steps:
        at = max([at, opened, *(when for _, when in dated)])
        dated.append((step, at))
        moment = {Status.RESOLVED: "resolved_at", Status.CLOSED: "closed_at"}.get(step)
        if moment and not fields.get(moment):
            fields[moment] = at
    with transaction.atomic():
        incident = services.create_record(Incident, organisation, **fields)
        _append_status(incident, Status.NEW, incident.opened_at)
        for step, at in dated:
            _append_status(incident, step, at)
    return incident


def revise_incident(incident: Incident, **changes) -> Incident:
    """Edit an incident; a new status is a dated step of its history, checked as the verbs do.

    The other edits go into the ledger entry of the first step, so one edit reads as one.
    """
    status = changes.pop("status", incident.status)
    known = {"resolved_at": incident.resolved_at, "closed_at": incident.closed_at, **changes}
    steps = _steps(incident.status, status, known)
    with transaction.atomic():
        if not steps:
            return services.update_record(incident, **changes) if changes else incident
        for step, at in steps:
            opened = changes.get("opened_at", incident.opened_at)
            change_incident_status(incident, step, max(at, opened), **changes)
            changes = {}
    return incident


def _steps(current: str, wanted: str, known: dict) -> list[tuple[str, dt.datetime]]:
    """The status steps from ``current`` to ``wanted``, each at its entered time, else now.

    Closing passes through resolution, as the verbs require; an unknown time is
    the moment of entry, never a guess earlier than what was recorded.
    """
    if current == wanted:
        return []
    now = timezone.now()
    if wanted == Status.CLOSED:
        resolving = [] if current == Status.RESOLVED else _steps(current, Status.RESOLVED, known)
        return [*resolving, (Status.CLOSED, known.get("closed_at") or now)]
    if wanted == Status.RESOLVED:
        return [(Status.RESOLVED, known.get("resolved_at") or now)]
    return [(wanted, now)]


def problem_keeps_its_rules(values: dict) -> dict[str, str]:
    status, problems = values.get("status", Problem.Status.OPEN), {}
    if status == Problem.Status.KNOWN_ERROR and not values.get("workaround", "").strip():
        problems["workaround"] = "A known error is published with its workaround."
    # As ``resolve_problem``: resolving needs the cause; a problem may be closed without
    # one (withdrawn, a duplicate, not reproducible).
    if status == Problem.Status.RESOLVED and not values.get("root_cause", "").strip():
        problems["root_cause"] = "A problem is resolved once its cause is known."
    opened, resolved = values.get("opened_at"), values.get("resolved_at")
    if opened and resolved and resolved < opened:
        problems["resolved_at"] = "A problem cannot be resolved before it opened."
    return problems


def request_keeps_its_rules(values: dict) -> dict[str, str]:
    problems = {}
    fulfilled = values.get("status") == ServiceRequest.Status.FULFILLED
    fulfilled_at, approved_at = values.get("fulfilled_at"), values.get("approved_at")
    unapproved = approved_at is None or (fulfilled_at and approved_at > fulfilled_at)
    if fulfilled and values.get("needs_approval") and unapproved:
        problems["approved_at"] = "The request needs approval before fulfilment."
    opened = values.get("opened_at")
    if opened and fulfilled_at and fulfilled_at < opened:
        problems["fulfilled_at"] = "A request cannot be fulfilled before it opened."
    return problems


def register() -> None:
    register_writer(Incident, create=record_incident, update=revise_incident)
    register_rules(Problem, problem_keeps_its_rules)
    register_rules(ServiceRequest, request_keeps_its_rules)
