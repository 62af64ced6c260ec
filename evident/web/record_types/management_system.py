"""Record types of the management system: context, leadership, planning, support, audit.

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
from evident.governance.models import (
    BodyMeeting,
    ContextIssue,
    GoverningBody,
    InterestedParty,
    MeetingAction,
    Milestone,
    Objective,
    Risk,
    RoleAssignment,
    ScopeStatement,
    SmsPlan,
)
from evident.support.models import (
    Acknowledgement,
    Communication,
    CompetenceRequirement,
    Document,
    DocumentVersion,
    TrainingCourse,
    TrainingRecord,
)

from .. import panels
from ..registry import AUDIT, CONTEXT, EVALUATION, PLANNING, SUPPORT, RecordType

CONTEXT_TYPES = [
    RecordType(
        ContextIssue,
        "context-issues",
        CONTEXT,
        clause="4.1",
    ),
    RecordType(
        InterestedParty,
        "interested-parties",
        CONTEXT,
        clause="4.2",
    ),
    RecordType(
        ScopeStatement,
        "scope-statements",
        CONTEXT,
        clause="4.3",
    ),
    RecordType(
        Person,
        "people",
        CONTEXT,
        clause="5.3",
    ),
    RecordType(
        GoverningBody,
        "governing-bodies",
        CONTEXT,
        clause="5.1",
    ),
    RecordType(
        BodyMeeting,
        "body-meetings",
        CONTEXT,
        clause="5.1",
        name="Governing-body meeting",
        plural="Governing-body meetings",
    ),
    RecordType(
        MeetingAction,
        "meeting-actions",
        CONTEXT,
        clause="5.1",
    ),
    RecordType(
        RoleAssignment,
        "role-assignments",
        CONTEXT,
        clause="5.3",
    ),
]

PLANNING_TYPES = [
    RecordType(
        Risk,
        "risks",
        PLANNING,
        clause="6.1",
    ),
    RecordType(
        Objective,
        "objectives",
        PLANNING,
        clause="6.2",
    ),
    RecordType(
        SmsPlan,
        "sms-plans",
        PLANNING,
        clause="6.3",
        name="SMS plan",
        plural="SMS plans",
    ),
    RecordType(
        Milestone,
        "milestones",
        PLANNING,
        clause="6.3",
    ),
]

SUPPORT_TYPES = [
    RecordType(
        TrainingCourse,
        "training-courses",
        SUPPORT,
        clause="7.2",
    ),
    RecordType(
        CompetenceRequirement,
        "competence-requirements",
        SUPPORT,
        clause="7.2",
    ),
    RecordType(
        TrainingRecord,
        "training-records",
        SUPPORT,
        clause="7.2",
    ),
    RecordType(
        Document,
        "documents",
        SUPPORT,
        clause="7.5",
    ),
    RecordType(
        DocumentVersion,
        "document-versions",
        SUPPORT,
        clause="7.5",
    ),
    RecordType(
        Communication,
        "communications",
        SUPPORT,
        clause="7.4",
    ),
    RecordType(
        Acknowledgement,
        "acknowledgements",
        SUPPORT,
        clause="7.3",
        select_related=("document_version__document",),
    ),
]

IMPROVEMENT_TYPES = [
    RecordType(
        InternalAudit,
        "internal-audits",
        EVALUATION,
        clause="9.2",
    ),
    RecordType(
        ManagementReview,
        "management-reviews",
        EVALUATION,
        clause="9.3",
        panels=(("Inputs compiled from the records", panels.review_inputs),),
    ),
    RecordType(
        Nonconformity,
        "nonconformities",
        EVALUATION,
        clause="10.1",
        auditor_writable=True,
    ),
    RecordType(
        CorrectiveAction,
        "corrective-actions",
        EVALUATION,
        clause="10.1",
    ),
    RecordType(
        CorrectiveActionPlan,
        "corrective-action-plans",
        EVALUATION,
        clause="10.1",
    ),
]

AUDIT_TYPES = [
    RecordType(
        Evaluation,
        "evaluations",
        AUDIT,
    ),
    RecordType(
        Finding,
        "findings",
        AUDIT,
    ),
    RecordType(
        Sample,
        "samples",
        AUDIT,
    ),
]
