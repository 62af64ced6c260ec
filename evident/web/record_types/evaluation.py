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
        panels=(("Series", panels.kpi_series),),
    ),
    RecordType(
        KpiMeasurement,
        "kpi-measurements",
        EVALUATION,
        clause="9.1",
        name="KPI measurement",
        plural="KPI measurements",
    ),
    RecordType(
        AuditProgramme,
        "audit-programmes",
        EVALUATION,
        clause="9.2",
    ),
    RecordType(
        AuditChecklistItem,
        "audit-checklist-items",
        EVALUATION,
        clause="9.2",
    ),
    RecordType(
        ReviewOutput,
        "review-outputs",
        EVALUATION,
        clause="9.3",
        name="Management review output",
        plural="Management review outputs",
    ),
    RecordType(
        ServiceReport,
        "service-reports",
        EVALUATION,
        clause="9.4",
        panels=(("Report", panels.service_report),),
    ),
    RecordType(
        Improvement,
        "improvements",
        EVALUATION,
        clause="10.2",
        name="Improvement",
        plural="Improvement register",
    ),
]
