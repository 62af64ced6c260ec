"""Domain verbs of resolution and fulfilment (8.6): incidents, majors, problems, requests.

Each verb writes through ``core.services`` so that validation, tenancy and the
evidence ledger apply; callers open the ``acting(...)`` block that says who writes.
An incident's priority comes from the organisation's priority matrix unless a
person sets it by hand, and then the override and its reason are recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from evident.core import services
from evident.core.models import Organisation, Person
from evident.core.tenancy import scoped
from evident.core.verbs import verb

from .models import (
    Incident,
    IncidentReview,
    IncidentStatusChange,
    PriorityMatrix,
    Problem,
    ServiceRequest,
)
from .models.priority import DEFAULT_CELLS

Status = Incident.Status
FINISHED = (Status.RESOLVED, Status.CLOSED)


# The priority matrix


def current_priority_matrix(organisation: Organisation) -> PriorityMatrix | None:
    """The matrix in force: the latest approved one, else the latest recorded."""
    matrices = scoped(PriorityMatrix, organisation)
    approved = matrices.filter(approved_at__isnull=False).order_by("-approved_at", "-ref")
    return approved.first() or matrices.order_by("-ref").first()


@verb("priority_matrix.seeded")
def priority_matrix(organisation: Organisation) -> PriorityMatrix:
    """The matrix in force, seeding the usual three-by-three matrix when there is none."""
    return current_priority_matrix(organisation) or services.create_record(
        PriorityMatrix, organisation, cells=dict(DEFAULT_CELLS)
    )


@verb("priority_matrix.defined")
def define_priority_matrix(
    organisation: Organisation,
    cells: dict,
    *,
    approved_by: Person | None = None,
    approved_at: dt.datetime | None = None,
    major_incident_procedure=None,
    name: str = "Incident priority matrix",
) -> PriorityMatrix:
    """Record a priority matrix; approved, it becomes the one in force."""
    return services.create_record(
        PriorityMatrix,
        organisation,
        name=name,
        cells=cells,
        approved_by=approved_by,
        approved_at=approved_at,
        major_incident_procedure=major_incident_procedure,
    )


@verb("incident.classified")
def classify_incident(
    incident: Incident,
    impact: int,
    urgency: int,
    *,
    priority: int | None = None,
    override_reason: str = "",
) -> Incident:
    """Set impact and urgency, and the priority the matrix gives them.

    A ``priority`` other than the matrix's is an override: it needs a reason,
    and the incident records both.
    """
    expected = priority_matrix(incident.organisation).priority_for(impact, urgency)
    chosen = expected if priority is None else priority
    overridden = chosen != expected
    if overridden and not override_reason.strip():
        raise ValidationError(
            {"override_reason": f"The matrix gives priority {expected}; say why {chosen}."}
        )
    return services.update_record(
        incident,
        impact=impact,
        urgency=urgency,
        priority=chosen,
        priority_overridden=overridden,
        override_reason=override_reason if overridden else "",
    )


# Incidents


@verb("incident.logged")
def log_incident(
    service,
    title: str,
    opened_at: dt.datetime,
    *,
    impact: int,
    urgency: int,
    category: str = "",
    assignment_group: str = "",
    configuration_items: Iterable = (),
    security: bool = False,
    priority: int | None = None,
    override_reason: str = "",
) -> Incident:
    """Log a new incident, classify it by the matrix and open its status history."""
    with transaction.atomic():
        incident = services.create_record(
            Incident,
            service.organisation,
            title=title,
            service=service,
            opened_at=opened_at,
            category=category,
            assignment_group=assignment_group,
            security=security,
            configuration_items=[ci.pk for ci in configuration_items],
        )
        classify_incident(
            incident, impact, urgency, priority=priority, override_reason=override_reason
        )
        _append_status(incident, Status.NEW, opened_at)
    return incident


def _append_status(incident: Incident, status: str, at: dt.datetime) -> IncidentStatusChange:
    return services.create_record(
        IncidentStatusChange, incident.organisation, incident=incident, status=status, changed_at=at
    )


@verb("incident.status_changed")
def change_incident_status(incident: Incident, status: str, at: dt.datetime, **also) -> Incident:
    """Move the incident to ``status`` at ``at``, appending the step to its history.

    ``also`` are other edits of the incident written in the same ledger entry.
    """
    if at < incident.opened_at:
        raise ValidationError({"changed_at": "A status cannot change before the incident opened."})
    if incident.status == Status.CLOSED:
        raise ValidationError({"status": f"Incident {incident.ref} is closed."})
    if status == Status.CLOSED and incident.status != Status.RESOLVED:
        raise ValidationError({"status": "Only a resolved incident can be closed."})
    changes = {**also, "status": status}
    if status == Status.RESOLVED:
        changes["resolved_at"] = at
    elif status == Status.CLOSED:
        changes["closed_at"] = at
    elif incident.status == Status.RESOLVED:
        changes["resolved_at"] = None  # reopened: it was not resolved after all
    # The step first: the incident's own entry closes the operation, as a transition's does.
    _append_status(incident, status, at)
    return services.update_record(incident, **changes)


@verb("incident.assigned")
def assign_incident(incident: Incident, assignment_group: str, at: dt.datetime) -> Incident:
    """Hand the incident to ``assignment_group``; a new incident goes into progress."""
    with transaction.atomic():
        services.update_record(incident, assignment_group=assignment_group)
        if incident.status == Status.NEW:
            change_incident_status(incident, Status.IN_PROGRESS, at)
    return incident


@verb("incident.resolved")
def resolve_incident(incident: Incident, at: dt.datetime) -> Incident:
    if incident.status in FINISHED:
        raise ValidationError({"status": f"Incident {incident.ref} is already {incident.status}."})
    return change_incident_status(incident, Status.RESOLVED, at)


@verb("incident.closed")
def close_incident(incident: Incident, at: dt.datetime) -> Incident:
    return change_incident_status(incident, Status.CLOSED, at)


@verb("incident.put_on_hold")
def hold_incident(incident: Incident, at: dt.datetime) -> Incident:
    """Pause the incident (waiting on the user or a supplier): the SLA clock stops meanwhile."""
    if incident.status not in (Status.NEW, Status.IN_PROGRESS):
        raise ValidationError({"status": f"Incident {incident.ref} is {incident.status}."})
    return change_incident_status(incident, Status.ON_HOLD, at)


@verb("incident.work_started")
def start_incident_work(incident: Incident, at: dt.datetime) -> Incident:
    """Start or resume work on a new or paused incident."""
    if incident.status not in (Status.NEW, Status.ON_HOLD):
        raise ValidationError({"status": f"Incident {incident.ref} is {incident.status}."})
    return change_incident_status(incident, Status.IN_PROGRESS, at)


@verb("incident.reopened")
def reopen_incident(incident: Incident, at: dt.datetime) -> Incident:
    """Reopen a resolved incident that was not resolved after all; a closed one stays closed."""
    if incident.status != Status.RESOLVED:
        raise ValidationError({"status": f"Incident {incident.ref} is {incident.status}."})
    return change_incident_status(incident, Status.IN_PROGRESS, at)


@verb("incident.declared_major")
def declare_major_incident(incident: Incident) -> Incident:
    """Declare the incident major: it is handled by the major-incident procedure."""
    return services.update_record(incident, major=True)


@verb("incident.major_reviewed")
def review_major_incident(incident: Incident, held_on: dt.date, **review) -> IncidentReview:
    """Record the review of a major incident (timeline, root cause, lessons, actions)."""
    if not incident.major:
        raise ValidationError({"incident": f"Incident {incident.ref} is not a major incident."})
    return _review(incident, IncidentReview.Kind.MAJOR, held_on, review)


@verb("incident.security_reviewed")
def review_security_incident(incident: Incident, held_on: dt.date, **review) -> IncidentReview:
    """Record the review of an information security incident, and whom it was reported to."""
    if not incident.security:
        raise ValidationError({"incident": f"Incident {incident.ref} is not a security incident."})
    return _review(incident, IncidentReview.Kind.SECURITY, held_on, review)


def _review(incident: Incident, kind: str, held_on: dt.date, review: dict) -> IncidentReview:
    if held_on < incident.opened_at.date():
        raise ValidationError({"held_on": "A review cannot be held before the incident opened."})
    return services.create_record(
        IncidentReview,
        incident.organisation,
        incident=incident,
        kind=kind,
        held_on=held_on,
        **review,
    )


@verb("incident.linked_to_problem")
def link_incident_to_problem(incident: Incident, problem: Problem) -> Incident:
    if incident.service_id != problem.service_id:
        raise ValidationError({"problem": "The problem concerns another service."})
    return services.update_record(incident, problem=problem)


# Problems and known errors


@verb("problem.raised")
def raise_problem(
    service, title: str, opened_at: dt.datetime, incidents: Iterable[Incident] = ()
) -> Problem:
    """Open a problem for ``service`` and link the incidents it should explain."""
    with transaction.atomic():
        problem = services.create_record(
            Problem, service.organisation, title=title, service=service, opened_at=opened_at
        )
        for incident in incidents:
            link_incident_to_problem(incident, problem)
    return problem


@verb("problem.root_cause_recorded")
def record_root_cause(problem: Problem, root_cause: str) -> Problem:
    if not root_cause.strip():
        raise ValidationError({"root_cause": "Describe the root cause."})
    return services.update_record(problem, root_cause=root_cause)


@verb("problem.known_error_published")
def publish_known_error(problem: Problem, workaround: str, at: dt.datetime) -> Problem:
    """Publish the problem as a known error: its workaround is what the desk applies."""
    if not workaround.strip():
        raise ValidationError({"workaround": "A known error is published with its workaround."})
    if problem.status in (Problem.Status.RESOLVED, Problem.Status.CLOSED):
        raise ValidationError({"status": f"Problem {problem.ref} is already {problem.status}."})
    return services.update_record(
        problem, status=Problem.Status.KNOWN_ERROR, workaround=workaround, known_error_at=at
    )


@verb("problem.resolved")
def resolve_problem(problem: Problem, at: dt.datetime, root_cause: str = "") -> Problem:
    """Resolve the problem; it must have a root cause recorded by then."""
    root_cause = root_cause or problem.root_cause
    if not root_cause.strip():
        raise ValidationError({"root_cause": "A problem is resolved once its cause is known."})
    if at < problem.opened_at:
        raise ValidationError({"resolved_at": "A problem cannot be resolved before it opened."})
    return services.update_record(
        problem, status=Problem.Status.RESOLVED, resolved_at=at, root_cause=root_cause
    )


@verb("problem.closed")
def close_problem(problem: Problem) -> Problem:
    """Close the problem: resolved, or withdrawn, a duplicate or not reproducible."""
    if problem.status == Problem.Status.CLOSED:
        raise ValidationError({"status": f"Problem {problem.ref} is already closed."})
    return services.update_record(problem, status=Problem.Status.CLOSED)


@verb("problem.reopened")
def reopen_problem(problem: Problem) -> Problem:
    """Reopen a resolved problem whose fix did not hold: a published known error stays one."""
    if problem.status != Problem.Status.RESOLVED:
        raise ValidationError({"status": f"Problem {problem.ref} is {problem.status}."})
    back = Problem.Status.KNOWN_ERROR if problem.known_error_at else Problem.Status.OPEN
    return services.update_record(problem, status=back, resolved_at=None)


# Service requests


@verb("request.approved")
def approve_request(
    request: ServiceRequest, approved_by: Person, at: dt.datetime
) -> ServiceRequest:
    if at < request.opened_at:
        raise ValidationError({"approved_at": "A request cannot be approved before it opened."})
    return services.update_record(request, approved_by=approved_by, approved_at=at)


@verb("request.fulfilled")
def fulfil_request(
    request: ServiceRequest, fulfilled_by: Person | None, at: dt.datetime, notes: str = ""
) -> ServiceRequest:
    """Record that the request was fulfilled; one that needs approval must have it first."""
    if request.status != ServiceRequest.Status.OPEN:
        raise ValidationError({"status": f"Request {request.ref} is {request.status}."})
    if request.needs_approval and (request.approved_at is None or request.approved_at > at):
        raise ValidationError({"approved_at": "The request needs approval before fulfilment."})
    if at < request.opened_at:
        raise ValidationError({"fulfilled_at": "A request cannot be fulfilled before it opened."})
    return services.update_record(
        request,
        status=ServiceRequest.Status.FULFILLED,
        fulfilled_at=at,
        fulfilled_by=fulfilled_by,
        fulfilment_notes=notes,
    )


@verb("request.closed")
def close_request(request: ServiceRequest) -> ServiceRequest:
    """Close a fulfilled request: the requester has what was asked for."""
    if request.status != ServiceRequest.Status.FULFILLED:
        raise ValidationError({"status": f"Request {request.ref} is {request.status}."})
    return services.update_record(request, status=ServiceRequest.Status.CLOSED)


@verb("request.cancelled")
def cancel_request(request: ServiceRequest) -> ServiceRequest:
    """Cancel an open request: it will not be fulfilled."""
    if request.status != ServiceRequest.Status.OPEN:
        raise ValidationError({"status": f"Request {request.ref} is {request.status}."})
    return services.update_record(request, status=ServiceRequest.Status.CANCELLED)
