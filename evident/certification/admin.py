from evident.core.admin import register_records

from .models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
    FieldworkSample,
    Interview,
    SampleJudgement,
)

register_records(
    AuditEngagement,
    EngagementFinding,
    SampleJudgement,
    FieldworkSample,
    Interview,
    CertificationDecision,
)
