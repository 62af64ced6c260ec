"""How the records of context, leadership and planning change.

The decisions an auditor samples move only by their verbs: a scope statement is
approved (who, when) and supersedes the scope in force; a certification phase is
started and certified in order under an approved scope; an objective is judged
achieved or missed against its measure, or withdrawn; a risk is treated (with a
treatment and an owner), closed or reopened; a milestone is started and done
once what it waits on is done. An approved scope is never edited: a change is a
new version. A process has one accountable person, and a meeting's actions fall
due and close after the meeting. Context, interested parties, bodies, meetings,
the plan and the resource plan are entered and corrected as they are.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from evident.core.models import Person
from evident.core.records import Lifecycle, Transition, declare

from . import planning_services as planning
from . import services as verbs
from .filters import (
    BodyMeetingFilterSet,
    ContextIssueFilterSet,
    GoverningBodyFilterSet,
    InterestedPartyFilterSet,
    MeetingActionFilterSet,
    MilestoneFilterSet,
    ObjectiveFilterSet,
    ProcessFilterSet,
    ResourceAllocationFilterSet,
    RiskFilterSet,
    RoleAssignmentFilterSet,
    ScopeExclusionFilterSet,
    ScopePhaseFilterSet,
    ScopeStatementFilterSet,
    SmsPlanFilterSet,
)
from .models import (
    BodyMeeting,
    ContextIssue,
    GoverningBody,
    InterestedParty,
    MeetingAction,
    Milestone,
    Objective,
    Process,
    ResourceAllocation,
    Risk,
    RoleAssignment,
    ScopeExclusion,
    ScopePhase,
    ScopeStatement,
    SmsPlan,
)


def _day(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


def _approval_inputs():
    picker = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    return {
        "approved_by": forms.ModelChoiceField(queryset=Person.objects.all(), label="Approved by"),
        "approved_at": forms.DateTimeField(label="Approved at", help_text="UTC", widget=picker),
    }


def _no_inputs(verb):
    return lambda record, **inputs: verb(record)


Scope = ScopeStatement.Status
SCOPE_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Scope.DRAFT,),
    transitions=(
        Transition(
            "approve",
            lambda statement, **i: planning.approve_scope_statement(statement, **i),
            sources=(Scope.DRAFT,),
            target=Scope.APPROVED,
            inputs=_approval_inputs,
            help="Supersedes the scope in force until now.",
        ),
    ),
)

Phase = ScopePhase.Status
PHASE_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Phase.PLANNED,),
    transitions=(
        Transition(
            "start",
            _no_inputs(planning.start_scope_phase),
            sources=(Phase.PLANNED,),
            target=Phase.IN_PROGRESS,
        ),
        Transition(
            "certify",
            _no_inputs(planning.certify_scope_phase),
            sources=(Phase.IN_PROGRESS,),
            target=Phase.CERTIFIED,
            help="Under an approved scope, once the phases before it are certified.",
        ),
    ),
)

Goal = Objective.Status
OBJECTIVE_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Goal.ACTIVE,),
    transitions=(
        Transition(
            "achieve",
            _no_inputs(planning.achieve_objective),
            sources=(Goal.ACTIVE,),
            target=Goal.ACHIEVED,
            label="Judge achieved",
            help="Needs a measure and a target, and no KPI of it short of its target.",
        ),
        Transition(
            "miss",
            _no_inputs(planning.miss_objective),
            sources=(Goal.ACTIVE,),
            target=Goal.MISSED,
            label="Judge missed",
        ),
        Transition(
            "withdraw",
            _no_inputs(planning.withdraw_objective),
            sources=(Goal.ACTIVE,),
            target=Goal.WITHDRAWN,
        ),
    ),
)

RiskState = Risk.Status
RISK_LIFECYCLE = Lifecycle(
    field="status",
    initial=(RiskState.OPEN,),
    transitions=(
        Transition(
            "treat",
            lambda risk, **i: planning.treat_risk(risk, **i),
            sources=(RiskState.OPEN,),
            target=RiskState.TREATED,
            inputs=lambda: {
                "treatment": forms.CharField(
                    widget=forms.Textarea, required=False, help_text="If not written yet"
                ),
                "owner": forms.ModelChoiceField(
                    queryset=Person.objects.all(), required=False, help_text="If not named yet"
                ),
            },
        ),
        Transition(
            "close",
            _no_inputs(planning.close_risk),
            sources=(RiskState.OPEN, RiskState.TREATED),
            target=RiskState.CLOSED,
        ),
        Transition(
            "reopen",
            _no_inputs(planning.reopen_risk),
            sources=(RiskState.TREATED, RiskState.CLOSED),
            target=RiskState.OPEN,
        ),
    ),
)

Step = Milestone.Status
MILESTONE_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Step.PLANNED,),
    transitions=(
        Transition(
            "start",
            _no_inputs(verbs.start_milestone),
            sources=(Step.PLANNED,),
            target=Step.IN_PROGRESS,
        ),
        Transition(
            "complete",
            lambda milestone, **i: verbs.complete_milestone(milestone, **i),
            sources=(Step.PLANNED, Step.IN_PROGRESS),
            target=Step.DONE,
            inputs=lambda: {"completed_on": _day("Completed on")},
            help="Once the milestones it waits on are done.",
        ),
    ),
)


def action_dated_after_meeting(values: dict) -> dict[str, str]:
    """A meeting's action falls due and is closed on or after the meeting, not ahead of today."""
    meeting = values.get("meeting")
    if not hasattr(meeting, "held_on"):
        return {}
    problems = {}
    due, closed = values.get("due_date"), values.get("closed_on")
    if due is not None and due < meeting.held_on:
        problems["due_date"] = "An action cannot fall due before the meeting set it."
    if closed is not None and closed < meeting.held_on:
        problems["closed_on"] = "An action cannot be closed before the meeting that set it."
    elif closed is not None and closed > timezone.localdate():
        problems["closed_on"] = "An action is closed once it is done, not ahead of time."
    return problems


def enter_role_assignment(organisation, **fields) -> RoleAssignment:
    """A role entered by a person is assigned by the verb that keeps one accountable person."""
    return verbs.assign_role(fields.pop("person"), fields.pop("role"), **fields)


declare(
    ScopeStatement,
    create=planning.draft_scope_statement,
    update=planning.revise_scope_statement,
    lifecycle=SCOPE_LIFECYCLE,
    columns=("ref", "version", "status", "approved_by", "approved_at"),
    filters=("status",),
    search=("ref", "statement", "units", "locations"),
    filterset=ScopeStatementFilterSet,
    fields=(
        "version",
        "statement",
        "services",
        "units",
        "locations",
        "exclusions",
        "status",
        "approved_by",
        "approved_at",
    ),
)
declare(
    ScopeExclusion,
    fields=("scope", "excluded", "reason"),
    columns=("ref", "scope", "excluded", "reason"),
    filters=("scope",),
    search=("ref", "excluded", "reason"),
    filterset=ScopeExclusionFilterSet,
)
declare(
    ScopePhase,
    lifecycle=PHASE_LIFECYCLE,
    fields=("scope", "number", "services", "target_date", "status"),
    columns=("ref", "scope", "number", "target_date", "status"),
    filters=("scope", "status"),
    search=("ref", "scope__ref"),
    filterset=ScopePhaseFilterSet,
)
declare(
    Objective,
    lifecycle=OBJECTIVE_LIFECYCLE,
    fields=("title", "measure", "target_value", "unit", "owner", "due_date", "status"),
    columns=("ref", "title", "measure", "target_value", "unit", "owner", "due_date", "status"),
    filters=("status", "owner"),
    search=("ref", "title", "measure"),
    filterset=ObjectiveFilterSet,
)
declare(
    Risk,
    lifecycle=RISK_LIFECYCLE,
    fields=(
        "title",
        "description",
        "category",
        "likelihood",
        "impact",
        "treatment",
        "owner",
        "review_due",
        "status",
    ),
    columns=("ref", "title", "category", "score", "owner", "review_due", "status"),
    filters=("category", "status", "owner"),
    search=("ref", "title", "description", "treatment"),
    filterset=RiskFilterSet,
)
declare(
    SmsPlan,
    columns=("ref", "title", "owner", "approved_at"),
    search=("ref", "title"),
    filterset=SmsPlanFilterSet,
    fields=("title", "owner", "approved_at"),
)
declare(
    Milestone,
    lifecycle=MILESTONE_LIFECYCLE,
    columns=("ref", "title", "plan", "due_date", "owner", "status", "completed_on", "clause"),
    filters=("status", "plan"),
    search=("ref", "title"),
    filterset=MilestoneFilterSet,
    fields=(
        "plan",
        "title",
        "due_date",
        "owner",
        "status",
        "completed_on",
        "dependencies",
        "clause",
    ),
)
declare(
    Process,
    columns=("ref", "key", "owner", "procedure", "in_scope"),
    filters=("key", "in_scope", "owner"),
    filterset=ProcessFilterSet,
    fields=("key", "owner", "procedure", "in_scope"),
)
declare(
    ContextIssue,
    fields=("title", "kind", "description", "effect", "recorded_on", "review_due"),
    columns=("ref", "title", "kind", "recorded_on", "review_due"),
    filters=("kind",),
    search=("ref", "title", "description", "effect"),
    filterset=ContextIssueFilterSet,
)
declare(
    InterestedParty,
    fields=("name", "kind", "needs", "obligations", "reviewed_on"),
    columns=("ref", "name", "kind", "reviewed_on"),
    filters=("kind",),
    search=("ref", "name", "needs", "obligations"),
    filterset=InterestedPartyFilterSet,
)
declare(
    GoverningBody,
    columns=("ref", "name", "executive_sponsor", "chair", "meeting_interval_days"),
    search=("ref", "name", "purpose"),
    filterset=GoverningBodyFilterSet,
    fields=("name", "purpose", "executive_sponsor", "chair", "members", "meeting_interval_days"),
)
declare(
    BodyMeeting,
    fields=("body", "held_on", "attendees", "minutes", "decisions"),
    columns=("ref", "body", "held_on"),
    filters=("body",),
    search=("ref", "body__name", "minutes", "decisions"),
    filterset=BodyMeetingFilterSet,
)
declare(
    MeetingAction,
    rules=(action_dated_after_meeting,),
    fields=("meeting", "description", "owner", "due_date", "closed_on"),
    columns=("ref", "meeting", "owner", "due_date", "closed_on"),
    filters=("owner",),
    search=("ref", "description", "meeting__ref"),
    filterset=MeetingActionFilterSet,
)
declare(
    RoleAssignment,
    create=enter_role_assignment,
    update=verbs.revise_role_assignment,
    fields=("person", "role", "process", "responsibility", "assigned_on"),
    columns=("ref", "person", "role", "process", "responsibility", "assigned_on"),
    filters=("responsibility", "process", "person"),
    search=("ref", "role", "person__name"),
    filterset=RoleAssignmentFilterSet,
)
declare(
    ResourceAllocation,
    fields=("person", "external_support", "role", "process", "period_start", "period_end", "fte"),
    columns=(
        "ref",
        "role",
        "person",
        "external_support",
        "process",
        "period_start",
        "period_end",
        "fte",
    ),
    filters=("person", "process"),
    search=("ref", "role", "person__name", "external_support"),
    filterset=ResourceAllocationFilterSet,
)
