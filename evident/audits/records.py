"""How audit, review and improvement records change (clauses 9 and 10).

An internal audit is planned, then completed with its results or cancelled with
a reason; a management review is held with its minutes or cancelled. A
nonconformity is closed by its transition, and a major only once an auditor has
verified the closure. A corrective action plan is submitted complete, and an
auditor accepts it or returns it saying why. An improvement is decided (accepted
with an owner, deferred or rejected), started and completed with its result.
Each of these is a verb that keeps its rule and leaves who did it, and when, in
the ledger. The engine's findings and samples are written by Evident alone; an
evaluation is a run of the engine, never an edit.
"""

from __future__ import annotations

from evident.agreements.lifecycles import register_nonconformity_raiser
from evident.core.records import declare

from . import entry_rules as rules
from . import services as verbs
from .complaints import raise_complaint_as_nonconformity
from .filters import (
    AuditChecklistItemFilterSet,
    AuditProgrammeFilterSet,
    CorrectiveActionFilterSet,
    CorrectiveActionPlanFilterSet,
    EvaluationFilterSet,
    FindingFilterSet,
    ImprovementFilterSet,
    InternalAuditFilterSet,
    KpiFilterSet,
    KpiMeasurementFilterSet,
    ManagementReviewFilterSet,
    NonconformityFilterSet,
    ReviewOutputFilterSet,
    SampleFilterSet,
    ServiceReportFilterSet,
)
from .lifecycles import (
    AUDIT_LIFECYCLE,
    IMPROVEMENT_LIFECYCLE,
    NONCONFORMITY_LIFECYCLE,
    PLAN_LIFECYCLE,
    REVIEW_LIFECYCLE,
)
from .models import (
    AuditChecklistItem,
    AuditProgramme,
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    Improvement,
    InternalAudit,
    Kpi,
    KpiMeasurement,
    ManagementReview,
    Nonconformity,
    ReviewOutput,
    Sample,
    ServiceReport,
)
from .services import entry

declare(
    AuditProgramme,
    rules=(rules.approval_names_who_and_when,),
    fields=("title", "cycle_start", "cycle_end", "owner", "notes", "approved_on", "approved_by"),
    columns=("ref", "title", "cycle_start", "cycle_end", "owner", "approved_on"),
    filters=("owner",),
    search=("ref", "title", "notes"),
    filterset=AuditProgrammeFilterSet,
)
declare(
    InternalAudit,
    create=verbs.plan_internal_audit,
    update=verbs.update_internal_audit,
    lifecycle=AUDIT_LIFECYCLE,
    columns=("ref", "title", "planned_date", "completed_on", "status", "lead_auditor"),
    filters=("status", "programme"),
    search=("ref", "title", "clauses", "summary"),
    filterset=InternalAuditFilterSet,
    fields=(
        "title",
        "programme",
        "planned_date",
        "completed_on",
        "status",
        "clauses",
        "lead_auditor",
        "auditors",
        "summary",
    ),
)
declare(
    AuditChecklistItem,
    rules=(rules.clause_of_the_standard,),
    fields=("audit", "clause", "question", "result", "evidence", "nonconformity"),
    columns=("ref", "audit", "clause", "result", "nonconformity"),
    filters=("result", "audit"),
    search=("ref", "clause", "question", "evidence"),
    filterset=AuditChecklistItemFilterSet,
)
declare(
    ManagementReview,
    lifecycle=REVIEW_LIFECYCLE,
    columns=("ref", "title", "planned_date", "held_on", "status", "chair"),
    filters=("status",),
    search=("ref", "title", "minutes"),
    filterset=ManagementReviewFilterSet,
    fields=("title", "planned_date", "held_on", "status", "chair", "minutes"),
)
declare(
    ReviewOutput,
    rules=(rules.action_has_due_date,),
    fields=("review", "kind", "description", "owner", "due_date", "closed_on"),
    columns=("ref", "review", "kind", "owner", "due_date", "closed_on"),
    filters=("kind", "review", "owner"),
    search=("ref", "description", "review__title"),
    filterset=ReviewOutputFilterSet,
)
declare(
    Kpi,
    rules=(rules.known_computation,),
    fields=(
        "key",
        "name",
        "description",
        "computation",
        "unit",
        "direction",
        "target",
        "objective",
        "service",
        "owner",
    ),
    columns=("ref", "key", "name", "unit", "direction", "target", "objective", "service"),
    filters=("direction", "objective", "service"),
    search=("ref", "key", "name", "computation"),
    filterset=KpiFilterSet,
)
declare(
    KpiMeasurement,
    fields=("kpi", "period_start", "period_end", "value", "note"),
    columns=("ref", "kpi", "period_start", "period_end", "value", "source"),
    filters=("kpi", "source"),
    search=("ref", "kpi__name", "kpi__key"),
    filterset=KpiMeasurementFilterSet,
)
declare(
    ServiceReport,
    create=entry.enter_service_report,
    update=entry.revise_service_report,
    columns=("ref", "service", "period_start", "period_end", "generated_at"),
    filters=("service",),
    search=("ref", "service__name", "summary"),
    filterset=ServiceReportFilterSet,
    fields=("service", "period_start", "period_end", "summary"),
)
declare(
    Nonconformity,
    create=entry.record_nonconformity,
    update=entry.revise_nonconformity,
    lifecycle=NONCONFORMITY_LIFECYCLE,
    fields=(
        "title",
        "source",
        "clause",
        "grade",
        "statement",
        "raised_on",
        "status",
        "closed_on",
        "closure_verified",
        "finding_key",
        "correction",
        "root_cause",
        "owner",
        "due_date",
    ),
    columns=("ref", "title", "source", "clause", "grade", "raised_on", "status"),
    filters=("source", "grade", "status", "closure_verified"),
    search=("ref", "title", "clause", "statement"),
    filterset=NonconformityFilterSet,
)
declare(
    CorrectiveAction,
    rules=(rules.effectiveness_checked_after_closure,),
    fields=(
        "nonconformity",
        "description",
        "owner",
        "due_date",
        "closed_on",
        "effectiveness",
        "effectiveness_checked_on",
    ),
    columns=("ref", "nonconformity", "owner", "due_date", "closed_on", "effectiveness"),
    filters=("effectiveness", "owner"),
    search=("ref", "description", "nonconformity__ref"),
    filterset=CorrectiveActionFilterSet,
)
declare(
    CorrectiveActionPlan,
    update=entry.revise_action_plan,
    lifecycle=PLAN_LIFECYCLE,
    columns=("ref", "nonconformity", "owner", "due_date", "status", "decided_by"),
    filters=("status", "owner"),
    search=("ref", "nonconformity__ref", "corrective_action"),
    filterset=CorrectiveActionPlanFilterSet,
    fields=(
        "nonconformity",
        "correction",
        "root_cause",
        "corrective_action",
        "owner",
        "due_date",
        "status",
    ),
)
declare(
    Improvement,
    create=entry.record_improvement,
    update=entry.revise_improvement,
    rules=(rules.decision_is_dated, rules.accepted_improvement_has_owner),
    lifecycle=IMPROVEMENT_LIFECYCLE,
    fields=(
        "title",
        "source",
        "raised_on",
        "opportunity",
        "expected_benefit",
        "decision",
        "decided_on",
        "owner",
        "status",
        "completed_on",
        "result",
        "finding_key",
    ),
    columns=("ref", "title", "source", "decision", "owner", "status", "completed_on"),
    filters=("source", "decision", "status", "owner"),
    search=("ref", "title", "opportunity", "expected_benefit", "result"),
    filterset=ImprovementFilterSet,
)
declare(
    Evaluation,
    create=entry.run_evaluation,
    update=entry.refuse_evaluation_edit,
    columns=("ref", "stage", "audit_date", "outcome", "recommendation", "engine_version"),
    filters=("stage",),
    filterset=EvaluationFilterSet,
)
declare(
    Finding,
    read_only=True,
    columns=("ref", "evaluation", "clause", "grade", "severity", "check_id"),
    filters=("grade", "severity"),
    search=("ref", "clause", "statement", "check_id"),
    filterset=FindingFilterSet,
)
declare(
    Sample,
    read_only=True,
    columns=("ref", "evaluation", "population", "clause", "population_size", "sample_size"),
    search=("ref", "population", "clause"),
    filterset=SampleFilterSet,
)

# A complaint raised as a nonconformity (its transition is agreements') creates the
# nonconformity here, in the same operation.
register_nonconformity_raiser(raise_complaint_as_nonconformity)
