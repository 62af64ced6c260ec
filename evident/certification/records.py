"""How an audit engagement moves from plan to decision, and who may move it.

An engagement is planned and edited like any record, but its state moves only
by its transitions: the auditor starts fieldwork (the engine's findings become
drafts), decides on every draft, issues the Stage 1 outcome or the Stage 2
findings (a nonconformity for each major and minor), records the certification
decision once the rules allow it, and closes the audit. Each is a verb that
keeps its rule and records who acted and when. Only an auditor (internal or
external) makes these moves: the organisation's own staff cannot decide on
the findings or the certification of their own management system.

What fieldwork leaves (interviews, additional samples, judgements of sampled
records) and the decisions themselves are recorded by the engagement's verbs
in the workspace and the API; no form enters or edits them.
"""

from __future__ import annotations

from django import forms

from evident.core.models import Person
from evident.core.records import Lifecycle, Transition, declare

from . import decisions, entry, services
from .filters import (
    AuditEngagementFilterSet,
    CertificationDecisionFilterSet,
    EngagementFindingFilterSet,
    FieldworkSampleFilterSet,
    InterviewFilterSet,
    SampleJudgementFilterSet,
)
from .models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
    FieldworkSample,
    Grade,
    Interview,
    SampleJudgement,
    Severity,
)
from .rules import AUDITOR_ROLES, MAX_SEED, STAGE2_DECISIONS

State = AuditEngagement.State
Status = EngagementFinding.Status


def _decided_by() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Person.objects.all(),
        required=False,
        label="Decided by",
        help_text="Left blank: the signed-in auditor.",
    )


def _text(label: str, *, required: bool = True, missing: str = "") -> forms.CharField:
    errors = {"required": missing} if missing else {}
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea, error_messages=errors
    )


def _fieldwork_inputs():
    return {
        "seed": forms.IntegerField(
            required=False,
            min_value=0,
            max_value=MAX_SEED,
            label="Sampling seed",
            help_text="Left blank, the engine chooses one and stores it.",
        )
    }


def _outcome_inputs():
    return {
        "rationale": _text("Rationale", required=False),
        "decided_by": _decided_by(),
    }


def _decision_inputs():
    choices = [(d.value, d.label) for d in CertificationDecision.Decision if d in STAGE2_DECISIONS]
    return {
        "decision": forms.ChoiceField(choices=choices),
        "rationale": _text("Rationale", missing="Give the rationale for the decision."),
        "decided_by": _decided_by(),
    }


def _auditor(name, run, **parts) -> Transition:
    return Transition(name, run, roles=AUDITOR_ROLES, **parts)


ENGAGEMENT_LIFECYCLE = Lifecycle(
    field="state",
    initial=(State.PLANNED,),
    transitions=(
        _auditor(
            "start-fieldwork",
            lambda engagement, **i: services.start_fieldwork(engagement, **i),
            sources=(State.PLANNED,),
            target=State.FIELDWORK,
            inputs=_fieldwork_inputs,
            label="Start fieldwork",
            help="Runs the engine for the audit's stage and date; its findings become drafts.",
        ),
        _auditor(
            "issue-outcome",
            lambda engagement, **i: decisions.issue_stage1_outcome(engagement, **i),
            sources=(State.FIELDWORK,),
            target=State.DECIDED,
            inputs=_outcome_inputs,
            label="Issue the Stage 1 outcome",
            help="Stage 1 only, once no draft is left: the outcome follows the standing concerns.",
        ),
        _auditor(
            "issue-findings",
            lambda engagement, **i: decisions.issue_stage2_findings(engagement, **i),
            sources=(State.FIELDWORK,),
            # Awaiting action plans when a major or minor stands; otherwise reporting.
            target="",
            label="Issue the findings",
            help="Stage 2 only, once no draft is left: a nonconformity for each major and minor.",
        ),
        _auditor(
            "decide",
            lambda engagement, **i: decisions.record_decision(engagement, **i),
            sources=(State.REPORTING, State.AWAITING_CAP),
            target=State.DECIDED,
            inputs=_decision_inputs,
            label="Record the certification decision",
            help="It may not go further than the recommendation allows.",
        ),
        _auditor(
            "close",
            lambda engagement, **i: decisions.close_engagement(engagement, **i),
            sources=(State.DECIDED,),
            target=State.CLOSED,
            label="Close the audit",
        ),
    ),
)

OPEN_FINDING = (Status.DRAFT, Status.CONFIRMED, Status.CHANGED)

FINDING_LIFECYCLE = Lifecycle(
    field="status",
    # The engine's findings start as drafts; an auditor's own finding is raised confirmed.
    initial=(Status.DRAFT,),
    transitions=(
        _auditor(
            "confirm",
            lambda finding, **i: services.confirm_finding(finding, **i),
            sources=OPEN_FINDING,
            target=Status.CONFIRMED,
            inputs=lambda: {"reason": _text("Reason", required=False)},
        ),
        _auditor(
            "regrade",
            lambda finding, **i: services.regrade_finding(finding, **i),
            sources=OPEN_FINDING,
            target=Status.CHANGED,
            inputs=lambda: {
                "grade": forms.ChoiceField(choices=Grade.choices),
                "severity": forms.ChoiceField(choices=Severity.choices, required=False),
                "reason": _text("Reason", missing="Give the reason for the decision."),
            },
            help="A Stage 1 concern is graded by its severity; a Stage 2 finding needs none.",
        ),
        _auditor(
            "withdraw",
            lambda finding, **i: services.withdraw_finding(finding, **i),
            sources=OPEN_FINDING,
            target=Status.WITHDRAWN,
            inputs=lambda: {"reason": _text("Reason", missing="Give the reason for the decision.")},
            help="The finding stays in the list and its history.",
        ),
    ),
)

declare(
    AuditEngagement,
    create=entry.enter_engagement,
    update=entry.revise_engagement,
    lifecycle=ENGAGEMENT_LIFECYCLE,
    fields=(
        "title",
        "kind",
        "scope",
        "criteria",
        "audit_date",
        "period_start",
        "period_end",
        "lead_auditor",
        "team",
    ),
    columns=("ref", "title", "kind", "audit_date", "lead_auditor", "state"),
    filters=("kind", "state", "lead_auditor"),
    search=("ref", "title", "scope"),
    filterset=AuditEngagementFilterSet,
)
declare(
    EngagementFinding,
    lifecycle=FINDING_LIFECYCLE,
    # The audit's findings are the auditor's: the organisation's staff cannot void them.
    void_roles=AUDITOR_ROLES,
    columns=("ref", "engagement", "clause", "grade", "severity", "status", "origin"),
    filters=("engagement", "grade", "status", "origin"),
    search=("ref", "clause", "statement"),
    filterset=EngagementFindingFilterSet,
)
declare(
    Interview,
    read_only=True,
    columns=("ref", "engagement", "interviewee", "role", "held_on"),
    filters=("engagement", "role", "interviewee"),
    search=("ref", "evidence_seen", "interviewee__name"),
    filterset=InterviewFilterSet,
)
declare(
    FieldworkSample,
    read_only=True,
    columns=("ref", "engagement", "population", "clause", "population_size", "sample_size"),
    filters=("engagement",),
    search=("ref", "population"),
    filterset=FieldworkSampleFilterSet,
)
declare(
    SampleJudgement,
    read_only=True,
    columns=("ref", "engagement", "sample", "fieldwork_sample", "engine_verdict", "verdict"),
    filters=("engagement", "verdict", "engine_verdict"),
    search=("ref", "note"),
    filterset=SampleJudgementFilterSet,
)
declare(
    CertificationDecision,
    read_only=True,
    columns=("ref", "engagement", "decision", "recommendation", "decided_by_name", "decided_at"),
    filters=("engagement", "decision"),
    search=("ref", "rationale"),
    filterset=CertificationDecisionFilterSet,
)
