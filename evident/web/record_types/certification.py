"""Record types of certification audits: engagements and what their fieldwork leaves.

Engagements are planned through the form like any record; their findings,
judgements, samples, interviews and decisions are written by the audit's
verbs in the engagement workspace, so they have no form here.
"""

from evident.certification.models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
    FieldworkSample,
    Interview,
    SampleJudgement,
)

from .. import panels
from ..registry import AUDIT, RecordType

CERTIFICATION_TYPES = [
    RecordType(
        AuditEngagement,
        "audit-engagements",
        AUDIT,
        clause="9.2",
        panels=(("Workspace", panels.engagement_workspace),),
    ),
    RecordType(
        EngagementFinding,
        "engagement-findings",
        AUDIT,
    ),
    RecordType(
        SampleJudgement,
        "sample-judgements",
        AUDIT,
    ),
    RecordType(
        FieldworkSample,
        "fieldwork-samples",
        AUDIT,
    ),
    RecordType(
        Interview,
        "interviews",
        AUDIT,
    ),
    RecordType(
        CertificationDecision,
        "certification-decisions",
        AUDIT,
    ),
]
