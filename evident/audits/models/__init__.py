"""Performance evaluation and improvement (9, 10), and the engine's evaluations.

One module per concern; every model is importable from ``evident.audits.models``.
"""

from .audit import (
    AuditChecklistItem,
    AuditProgramme,
    InternalAudit,
    ManagementReview,
    ReviewOutput,
    parse_clauses,
    unknown_clauses,
)
from .engine import Clause, Evaluation, Finding, Sample
from .improvement import CorrectiveAction, CorrectiveActionPlan, Improvement, Nonconformity
from .performance import Kpi, KpiMeasurement, ServiceReport

__all__ = [
    "AuditChecklistItem",
    "AuditProgramme",
    "Clause",
    "CorrectiveAction",
    "CorrectiveActionPlan",
    "Evaluation",
    "Finding",
    "Improvement",
    "InternalAudit",
    "Kpi",
    "KpiMeasurement",
    "ManagementReview",
    "Nonconformity",
    "ReviewOutput",
    "Sample",
    "ServiceReport",
    "parse_clauses",
    "unknown_clauses",
]
