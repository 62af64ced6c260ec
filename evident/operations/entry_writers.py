"""How people enter and edit operational records in the API and the pages.

An incident is entered new, with the first step of its status history at the
moment it opened; its later statuses, and the times of its resolution and
closure, come from its transitions, each a dated step of that history, so
response and resolution times never rest on a time nobody stepped through.
Problems, requests and reviews are held to the rules their verbs keep. Imports
and bundles write history of their own and do not pass here (see
``evident.core.writers``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.verbs import verb

from .models import Incident, IncidentReview, Problem, ServiceRequest
from .resolution_services import _append_status

Status = Incident.Status
# Written by the resolve and close transitions, with their step in the status history.
STEP_TIMES = {"resolved_at": "resolve", "closed_at": "close"}


@verb("incident.recorded")
def record_incident(organisation, **fields) -> Incident:
    """Create an incident as entered (new) and open its status history when it opened."""
    _refuse_step_times({k: v for k, v in fields.items() if v is not None})
    incident = services.create_record(Incident, organisation, **fields)
    _append_status(incident, Status.NEW, incident.opened_at)
    return incident


@verb("incident.revised")
def revise_incident(incident: Incident, **changes) -> Incident:
    """Edit an incident; its resolution and closure times move only with their steps."""
    _refuse_step_times(
        {k: v for k, v in changes.items() if k in STEP_TIMES and v != getattr(incident, k)}
    )
    return services.update_record(incident, **changes) if changes else incident


def _refuse_step_times(values: dict) -> None:
    problems = {
        name: f"Set by the {transition} transition, with its step in the status history."
        for name, transition in STEP_TIMES.items()
        if name in values
    }
    if problems:
        raise ValidationError(problems)


def problem_keeps_its_rules(values: dict) -> dict[str, str]:
    """What ``publish_known_error`` and ``resolve_problem`` require stays true under edits."""
    status, problems = values.get("status", Problem.Status.OPEN), {}
    if status == Problem.Status.KNOWN_ERROR and not values.get("workaround", "").strip():
        problems["workaround"] = "A known error is published with its workaround."
    # As ``resolve_problem``: resolving needs the cause; a problem may be closed without
    # one (withdrawn, a duplicate, not reproducible).
    if status == Problem.Status.RESOLVED and not values.get("root_cause", "").strip():
        problems["root_cause"] = "A problem is resolved once its cause is known."
    opened, resolved = values.get("opened_at"), values.get("resolved_at")
    if resolved and status in (Problem.Status.OPEN, Problem.Status.KNOWN_ERROR):
        problems["resolved_at"] = "Set by the resolve transition."
    elif opened and resolved and resolved < opened:
        problems["resolved_at"] = "A problem cannot be resolved before it opened."
    return problems


def request_keeps_its_rules(values: dict) -> dict[str, str]:
    """What ``approve_request`` and ``fulfil_request`` require stays true under edits."""
    problems = {}
    status = values.get("status", ServiceRequest.Status.OPEN)
    fulfilled_at, approved_at = values.get("fulfilled_at"), values.get("approved_at")
    unapproved = approved_at is None or (fulfilled_at and approved_at > fulfilled_at)
    if status == ServiceRequest.Status.FULFILLED and values.get("needs_approval") and unapproved:
        problems["approved_at"] = "The request needs approval before fulfilment."
    opened = values.get("opened_at")
    if fulfilled_at and status in (ServiceRequest.Status.OPEN, ServiceRequest.Status.CANCELLED):
        problems["fulfilled_at"] = "Set by the fulfil transition."
    elif opened and fulfilled_at and fulfilled_at < opened:
        problems["fulfilled_at"] = "A request cannot be fulfilled before it opened."
    return problems


def review_keeps_its_rules(values: dict) -> dict[str, str]:
    """As ``review_major_incident`` and ``review_security_incident``."""
    incident, kind = values.get("incident"), values.get("kind", IncidentReview.Kind.MAJOR)
    if incident is None:
        return {}
    if kind == IncidentReview.Kind.MAJOR and not incident.major:
        return {"incident": f"Incident {incident.ref} is not a major incident."}
    if kind == IncidentReview.Kind.SECURITY and not incident.security:
        return {"incident": f"Incident {incident.ref} is not a security incident."}
    held_on = values.get("held_on")
    if held_on and held_on < incident.opened_at.date():
        return {"held_on": "A review cannot be held before the incident opened."}
    return {}
