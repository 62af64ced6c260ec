"""Record types of the management system: context, planning, support, improvement, audit.

Each entry names the list columns, the filters offered above the list, the
fields the search box looks in and, for records people keep by hand in the
pages, the fields of the create and edit form. Records that only the engine
writes (evaluations, findings, samples) have no form.
"""

from evident.audits.models import (
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    Sample,
)
from evident.core.models import Person
from evident.governance.models import Milestone, Objective, Risk, ScopeStatement, SmsPlan
from evident.support.models import Acknowledgement, Communication, Document, DocumentVersion

from ..registry import AUDIT, CONTEXT, EVALUATION, PLANNING, SUPPORT, RecordType

CONTEXT_TYPES = [
    RecordType(
        ScopeStatement,
        "scope-statements",
        CONTEXT,
        clause="4.3",
        columns=("ref", "version", "status", "approved_by", "approved_at"),
        filters=("status",),
        search=("ref", "statement", "units", "locations"),
    ),
    RecordType(
        Person,
        "people",
        CONTEXT,
        clause="5.3",
        columns=("ref", "name", "job_title", "unit", "is_top_management", "in_sms_scope", "active"),
        filters=("is_top_management", "in_sms_scope", "active"),
        search=("ref", "name", "email", "job_title", "unit"),
        form_fields=(
            "name",
            "email",
            "job_title",
            "unit",
            "is_top_management",
            "in_sms_scope",
            "active",
        ),
    ),
]

PLANNING_TYPES = [
    RecordType(
        Risk,
        "risks",
        PLANNING,
        clause="6.1",
        columns=("ref", "title", "category", "score", "owner", "review_due", "status"),
        filters=("category", "status", "owner"),
        search=("ref", "title", "description", "treatment"),
        form_fields=(
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
    ),
    RecordType(
        Objective,
        "objectives",
        PLANNING,
        clause="6.2",
        columns=("ref", "title", "measure", "target_value", "unit", "owner", "due_date", "status"),
        filters=("status", "owner"),
        search=("ref", "title", "measure"),
        form_fields=("title", "measure", "target_value", "unit", "owner", "due_date", "status"),
    ),
    RecordType(
        SmsPlan,
        "sms-plans",
        PLANNING,
        clause="6.3",
        name="SMS plan",
        plural="SMS plans",
        columns=("ref", "title", "owner", "approved_at"),
        search=("ref", "title"),
    ),
    RecordType(
        Milestone,
        "milestones",
        PLANNING,
        clause="6.3",
        columns=("ref", "title", "plan", "due_date", "owner", "status", "completed_on"),
        filters=("status", "plan"),
        search=("ref", "title"),
    ),
]

SUPPORT_TYPES = [
    RecordType(
        Document,
        "documents",
        SUPPORT,
        clause="7.5",
        columns=("ref", "title", "doc_type", "owner", "clauses", "next_review_due"),
        filters=("doc_type", "owner"),
        search=("ref", "title", "clauses"),
    ),
    RecordType(
        DocumentVersion,
        "document-versions",
        SUPPORT,
        clause="7.5",
        columns=("ref", "document", "version", "status", "approved_by", "approved_at"),
        filters=("status", "document"),
        search=("ref", "version", "document__title", "summary"),
    ),
    RecordType(
        Communication,
        "communications",
        SUPPORT,
        clause="7.4",
        columns=("ref", "subject", "document", "audience", "channel", "sent_at", "sent_by"),
        filters=("channel", "document"),
        search=("ref", "subject", "audience"),
    ),
    RecordType(
        Acknowledgement,
        "acknowledgements",
        SUPPORT,
        clause="7.3",
        columns=("ref", "person", "document_version", "acknowledged_at"),
        search=("ref", "person__name", "document_version__document__title"),
        select_related=("document_version__document",),
    ),
]

IMPROVEMENT_TYPES = [
    RecordType(
        InternalAudit,
        "internal-audits",
        EVALUATION,
        clause="9.2",
        columns=("ref", "title", "planned_date", "completed_on", "status", "lead_auditor"),
        filters=("status",),
        search=("ref", "title", "clauses", "summary"),
    ),
    RecordType(
        ManagementReview,
        "management-reviews",
        EVALUATION,
        clause="9.3",
        columns=("ref", "title", "planned_date", "held_on", "status", "chair"),
        filters=("status",),
        search=("ref", "title", "minutes"),
    ),
    RecordType(
        Nonconformity,
        "nonconformities",
        EVALUATION,
        clause="10.1",
        columns=("ref", "title", "source", "clause", "grade", "raised_on", "status"),
        filters=("source", "grade", "status", "closure_verified"),
        search=("ref", "title", "clause", "statement"),
        form_fields=(
            "title",
            "source",
            "clause",
            "grade",
            "statement",
            "raised_on",
            "status",
            "closed_on",
            "closure_verified",
        ),
        auditor_writable=True,
    ),
    RecordType(
        CorrectiveAction,
        "corrective-actions",
        EVALUATION,
        clause="10.1",
        columns=("ref", "nonconformity", "owner", "due_date", "closed_on", "effectiveness"),
        filters=("effectiveness", "owner"),
        search=("ref", "description", "nonconformity__ref"),
        form_fields=(
            "nonconformity",
            "description",
            "owner",
            "due_date",
            "closed_on",
            "effectiveness",
            "effectiveness_checked_on",
        ),
    ),
    RecordType(
        CorrectiveActionPlan,
        "corrective-action-plans",
        EVALUATION,
        clause="10.1",
        columns=("ref", "nonconformity", "owner", "due_date", "status", "decided_by"),
        filters=("status", "owner"),
        search=("ref", "nonconformity__ref", "corrective_action"),
    ),
]

AUDIT_TYPES = [
    RecordType(
        Evaluation,
        "evaluations",
        AUDIT,
        columns=("ref", "stage", "audit_date", "outcome", "recommendation", "engine_version"),
        filters=("stage",),
    ),
    RecordType(
        Finding,
        "findings",
        AUDIT,
        columns=("ref", "evaluation", "clause", "grade", "severity", "check_id"),
        filters=("grade", "severity"),
        search=("ref", "clause", "statement", "check_id"),
    ),
    RecordType(
        Sample,
        "samples",
        AUDIT,
        columns=("ref", "evaluation", "population", "clause", "population_size", "sample_size"),
        search=("ref", "population", "clause"),
    ),
]
