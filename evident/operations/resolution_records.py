"""The lifecycles of incidents, problems and service requests, and how their records change.

An incident is logged new and moves by its transitions, each a verb that dates a
step of its status history (the SLA clock reads it): assigned, worked on, put on
hold, resolved, reopened or closed. A problem is published as a known error with
its workaround, resolved once its cause is known, reopened when the fix does not
hold, and closed. A request is approved, fulfilled (after its approval where it
needs one), closed or cancelled. The status history itself is written only by
those verbs and by imports: people read it. Reviews keep the rules of the review
verbs; priority matrices are entered as they are.
"""

from __future__ import annotations

from django import forms

from evident.core.models import Person
from evident.core.records import Lifecycle, Transition, declare

from . import entry_writers
from . import resolution_services as verbs
from .filters import (
    IncidentFilterSet,
    IncidentStatusChangeFilterSet,
    ProblemFilterSet,
    ServiceRequestFilterSet,
)
from .inputs import when as _when
from .models import (
    Incident,
    IncidentReview,
    IncidentStatusChange,
    PriorityMatrix,
    Problem,
    ServiceRequest,
)
from .resolution_filters import IncidentReviewFilterSet, PriorityMatrixFilterSet

Status = Incident.Status
LIVE_INCIDENT = (Status.NEW, Status.IN_PROGRESS, Status.ON_HOLD)


def _dated(name: str, verb, when: str, **parts) -> Transition:
    """A transition whose verb dates one step of the incident's status history."""

    def run(incident, *, changed_at):
        verb(incident, at=changed_at)

    return Transition(name, run, inputs=lambda: {"changed_at": _when(when)}, **parts)


def _assign_inputs():
    return {
        "assignment_group": forms.CharField(max_length=100),
        "changed_at": _when("Assigned at"),
    }


INCIDENT_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Status.NEW,),
    transitions=(
        Transition(
            "assign",
            lambda incident, *, changed_at, assignment_group: verbs.assign_incident(
                incident, assignment_group, at=changed_at
            ),
            sources=LIVE_INCIDENT,
            inputs=_assign_inputs,
            help="A new incident goes into progress when it is assigned.",
        ),
        _dated(
            "start",
            verbs.start_incident_work,
            "Started at",
            sources=(Status.NEW, Status.ON_HOLD),
            target=Status.IN_PROGRESS,
            label="Start or resume work",
        ),
        _dated(
            "hold",
            verbs.hold_incident,
            "Put on hold at",
            sources=(Status.NEW, Status.IN_PROGRESS),
            target=Status.ON_HOLD,
            label="Put on hold",
            help="Time on hold does not count against the SLA.",
        ),
        _dated(
            "resolve",
            verbs.resolve_incident,
            "Resolved at",
            sources=LIVE_INCIDENT,
            target=Status.RESOLVED,
        ),
        _dated(
            "reopen",
            verbs.reopen_incident,
            "Reopened at",
            sources=(Status.RESOLVED,),
            target=Status.IN_PROGRESS,
            help="The resolution did not hold: the incident is worked on again.",
        ),
        _dated(
            "close",
            verbs.close_incident,
            "Closed at",
            sources=(Status.RESOLVED,),
            target=Status.CLOSED,
        ),
    ),
)

Open = Problem.Status

PROBLEM_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Open.OPEN,),
    transitions=(
        Transition(
            "publish-known-error",
            lambda problem, *, known_error_at, **i: verbs.publish_known_error(
                problem, at=known_error_at, **i
            ),
            sources=(Open.OPEN,),
            target=Open.KNOWN_ERROR,
            inputs=lambda: {
                "workaround": forms.CharField(widget=forms.Textarea),
                "known_error_at": _when("Published at"),
            },
            label="Publish as known error",
            help="The service desk applies its workaround until the problem is resolved.",
        ),
        Transition(
            "resolve",
            lambda problem, *, resolved_at, **i: verbs.resolve_problem(
                problem, at=resolved_at, **i
            ),
            sources=(Open.OPEN, Open.KNOWN_ERROR),
            target=Open.RESOLVED,
            inputs=lambda: {
                "resolved_at": _when("Resolved at"),
                "root_cause": forms.CharField(
                    widget=forms.Textarea,
                    required=False,
                    help_text="Blank keeps the root cause already recorded.",
                ),
            },
            help="A problem is resolved once its root cause is known.",
        ),
        Transition(
            "reopen",
            lambda problem, **i: verbs.reopen_problem(problem, **i),
            sources=(Open.RESOLVED,),
            help="The fix did not hold: back to open, or to known error if one was published.",
        ),
        Transition(
            "close",
            lambda problem, **i: verbs.close_problem(problem, **i),
            sources=(Open.OPEN, Open.KNOWN_ERROR, Open.RESOLVED),
            target=Open.CLOSED,
            help="Resolved, or withdrawn, a duplicate, not reproducible.",
        ),
    ),
)

Request = ServiceRequest.Status

REQUEST_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Request.OPEN,),
    transitions=(
        Transition(
            "approve",
            lambda request, *, approved_at, **i: verbs.approve_request(
                request, at=approved_at, **i
            ),
            sources=(Request.OPEN,),
            inputs=lambda: {
                "approved_by": forms.ModelChoiceField(queryset=Person.objects.all()),
                "approved_at": _when("Approved at"),
            },
            help="A request that needs approval is fulfilled only after it.",
        ),
        Transition(
            "fulfil",
            lambda request, *, fulfilled_at, **i: verbs.fulfil_request(
                request, at=fulfilled_at, **i
            ),
            sources=(Request.OPEN,),
            target=Request.FULFILLED,
            inputs=lambda: {
                "fulfilled_by": forms.ModelChoiceField(
                    queryset=Person.objects.all(), required=False
                ),
                "fulfilled_at": _when("Fulfilled at"),
                "notes": forms.CharField(widget=forms.Textarea, required=False),
            },
        ),
        Transition(
            "close",
            lambda request, **i: verbs.close_request(request, **i),
            sources=(Request.FULFILLED,),
            target=Request.CLOSED,
        ),
        Transition(
            "cancel",
            lambda request, **i: verbs.cancel_request(request, **i),
            sources=(Request.OPEN,),
            target=Request.CANCELLED,
        ),
    ),
)


def register() -> None:
    declare(
        Incident,
        create=entry_writers.record_incident,
        update=entry_writers.revise_incident,
        lifecycle=INCIDENT_LIFECYCLE,
        fields=(
            "title",
            "service",
            "priority",
            "status",
            "assignment_group",
            "major",
            "opened_at",
            "resolved_at",
            "closed_at",
            "caused_by_change",
            "problem",
            "impact",
            "urgency",
            "category",
            "security",
            "priority_overridden",
            "override_reason",
            "made_sla",
            "configuration_items",
        ),
        columns=(
            "ref",
            "title",
            "service",
            "priority",
            "status",
            "major",
            "opened_at",
            "resolved_at",
        ),
        filters=("priority", "status", "major", "service", "category"),
        search=("ref", "title", "assignment_group"),
        filterset=IncidentFilterSet,
    )
    declare(
        Problem,
        lifecycle=PROBLEM_LIFECYCLE,
        rules=(entry_writers.problem_keeps_its_rules,),
        fields=(
            "title",
            "service",
            "status",
            "opened_at",
            "resolved_at",
            "root_cause",
            "workaround",
            "known_error_at",
        ),
        columns=("ref", "title", "service", "status", "opened_at", "resolved_at"),
        filters=("status", "service"),
        search=("ref", "title", "root_cause", "workaround"),
        filterset=ProblemFilterSet,
    )
    declare(
        ServiceRequest,
        lifecycle=REQUEST_LIFECYCLE,
        rules=(entry_writers.request_keeps_its_rules,),
        fields=(
            "title",
            "service",
            "status",
            "opened_at",
            "fulfilled_at",
            "request_type",
            "needs_approval",
            "approved_by",
            "approved_at",
            "fulfilled_by",
            "fulfilment_notes",
        ),
        columns=("ref", "title", "service", "status", "opened_at", "fulfilled_at"),
        filters=("status", "service"),
        search=("ref", "title"),
        filterset=ServiceRequestFilterSet,
    )
    declare(
        IncidentReview,
        rules=(entry_writers.review_keeps_its_rules,),
        fields=(
            "incident",
            "kind",
            "held_on",
            "reviewed_by",
            "timeline",
            "root_cause_summary",
            "lessons",
            "actions",
            "reported_to",
            "reported_on",
        ),
        columns=("ref", "incident", "kind", "held_on", "reviewed_by", "reported_to"),
        filters=("kind", "reviewed_by"),
        search=("ref", "incident__ref", "lessons", "actions"),
        filterset=IncidentReviewFilterSet,
    )
    declare(
        IncidentStatusChange,
        read_only=True,
        columns=("ref", "incident", "status", "source_status", "changed_at"),
        filters=("status",),
        search=("ref", "incident__ref", "source_status"),
        filterset=IncidentStatusChangeFilterSet,
    )
    declare(
        PriorityMatrix,
        columns=("ref", "name", "major_incident_procedure", "approved_by", "approved_at"),
        filters=("approved_by",),
        search=("ref", "name"),
        filterset=PriorityMatrixFilterSet,
        fields=("name", "cells", "major_incident_procedure", "approved_by", "approved_at"),
    )
