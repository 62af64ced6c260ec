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
        columns=("ref", "title", "kind", "audit_date", "lead_auditor", "state"),
        filters=("kind", "state", "lead_auditor"),
        search=("ref", "title", "scope"),
        form_fields=(
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
        panels=(("Workspace", panels.engagement_workspace),),
    ),
    RecordType(
        EngagementFinding,
        "engagement-findings",
        AUDIT,
        columns=("ref", "engagement", "clause", "grade", "severity", "status", "origin"),
        filters=("engagement", "grade", "status", "origin"),
        search=("ref", "clause", "statement"),
    ),
    RecordType(
        SampleJudgement,
        "sample-judgements",
        AUDIT,
        columns=("ref", "engagement", "sample", "fieldwork_sample", "engine_verdict", "verdict"),
        filters=("engagement", "verdict", "engine_verdict"),
        search=("ref", "note"),
    ),
    RecordType(
        FieldworkSample,
        "fieldwork-samples",
        AUDIT,
        columns=("ref", "engagement", "population", "clause", "population_size", "sample_size"),
        filters=("engagement",),
        search=("ref", "population"),
    ),
    RecordType(
        Interview,
        "interviews",
        AUDIT,
        columns=("ref", "engagement", "interviewee", "role", "held_on"),
        filters=("engagement", "role", "interviewee"),
        search=("ref", "evidence_seen", "interviewee__name"),
    ),
    RecordType(
        CertificationDecision,
        "certification-decisions",
        AUDIT,
        columns=(
            "ref",
            "engagement",
            "decision",
            "recommendation",
            "decided_by_name",
            "decided_at",
        ),
        filters=("engagement", "decision"),
        search=("ref", "rationale"),
    ),
]
