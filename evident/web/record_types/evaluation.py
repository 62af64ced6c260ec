"""Record types of performance evaluation and improvement (clauses 9 and 10).

KPIs and their series, the internal audit programme with its checklists, the
outputs of management reviews, service reports and the improvement register.
Generated snapshots (review inputs, report content, computed KPI values) are
shown on the record's page and are not edited in a form.
"""

from evident.audits.models import (
    AuditChecklistItem,
    AuditProgramme,
    Improvement,
    Kpi,
    KpiMeasurement,
    ReviewOutput,
    ServiceReport,
)

from .. import panels
from ..registry import EVALUATION, RecordType

EVALUATION_TYPES = [
    RecordType(
        Kpi,
        "kpis",
        EVALUATION,
        clause="9.1",
        name="KPI",
        plural="KPIs",
        columns=("ref", "key", "name", "unit", "direction", "target", "objective", "service"),
        filters=("direction", "objective", "service"),
        search=("ref", "key", "name", "computation"),
        form_fields=(
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
        panels=(("Series", panels.kpi_series),),
    ),
    RecordType(
        KpiMeasurement,
        "kpi-measurements",
        EVALUATION,
        clause="9.1",
        name="KPI measurement",
        plural="KPI measurements",
        columns=("ref", "kpi", "period_start", "period_end", "value", "source"),
        filters=("kpi", "source"),
        search=("ref", "kpi__name", "kpi__key"),
        form_fields=("kpi", "period_start", "period_end", "value", "note"),
    ),
    RecordType(
        AuditProgramme,
        "audit-programmes",
        EVALUATION,
        clause="9.2",
        columns=("ref", "title", "cycle_start", "cycle_end", "owner", "approved_on"),
        filters=("owner",),
        search=("ref", "title", "notes"),
        form_fields=("title", "cycle_start", "cycle_end", "owner", "notes"),
    ),
    RecordType(
        AuditChecklistItem,
        "audit-checklist-items",
        EVALUATION,
        clause="9.2",
        columns=("ref", "audit", "clause", "result", "nonconformity"),
        filters=("result", "audit"),
        search=("ref", "clause", "question", "evidence"),
        form_fields=("audit", "clause", "question", "result", "evidence"),
    ),
    RecordType(
        ReviewOutput,
        "review-outputs",
        EVALUATION,
        clause="9.3",
        name="Management review output",
        plural="Management review outputs",
        columns=("ref", "review", "kind", "owner", "due_date", "closed_on"),
        filters=("kind", "review", "owner"),
        search=("ref", "description", "review__title"),
        form_fields=("review", "kind", "description", "owner", "due_date", "closed_on"),
    ),
    RecordType(
        ServiceReport,
        "service-reports",
        EVALUATION,
        clause="9.4",
        columns=("ref", "service", "period_start", "period_end", "generated_at"),
        filters=("service",),
        search=("ref", "service__name", "summary"),
        panels=(("Report", panels.service_report),),
    ),
    RecordType(
        Improvement,
        "improvements",
        EVALUATION,
        clause="10.2",
        name="Improvement",
        plural="Improvement register",
        columns=("ref", "title", "source", "decision", "owner", "status", "completed_on"),
        filters=("source", "decision", "status", "owner"),
        search=("ref", "title", "opportunity", "expected_benefit", "result"),
        form_fields=(
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
        ),
    ),
]
