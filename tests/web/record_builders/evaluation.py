"""One of each KPI, KPI value, audit programme and checklist item, review output, service
report and improvement."""

import datetime as dt

from evident.audits.models import (
    AuditChecklistItem,
    AuditProgramme,
    Improvement,
    InternalAudit,
    Kpi,
    KpiMeasurement,
    ManagementReview,
    Nonconformity,
    ReviewOutput,
    ServiceReport,
)
from evident.catalogue.models import Service
from evident.core.models import Person
from evident.core.services import update_record
from evident.governance.models import Objective

ORDER = 90
DAY = dt.date(2025, 3, 4)
MONTH, MONTH_END = dt.date(2025, 2, 1), dt.date(2025, 2, 28)


def build(r, add):
    person, service = r[Person], r[Service]
    kpi = add(
        Kpi,
        key="sla-attainment",
        name="SLA attainment",
        computation="sla-attainment",
        unit="%",
        target="95",
        objective=r[Objective],
        service=service,
        owner=person,
    )
    add(KpiMeasurement, kpi=kpi, period_start=MONTH, period_end=MONTH_END, value="97.5")
    programme = add(
        AuditProgramme,
        title="Audit programme 2025",
        cycle_start=dt.date(2025, 1, 1),
        cycle_end=dt.date(2025, 12, 31),
        owner=person,
    )
    audit = update_record(r[InternalAudit], programme=programme)
    add(
        AuditChecklistItem,
        audit=audit,
        clause="8.6.1",
        question="Are incidents prioritised by impact and urgency?",
        result="nonconformity",
        evidence="Sampled 10 incidents",
        nonconformity=r[Nonconformity],
    )
    add(
        ReviewOutput,
        review=r[ManagementReview],
        kind="action",
        description="Review the incident procedure",
        owner=person,
        due_date=DAY,
    )
    add(
        ServiceReport,
        service=service,
        period_start=MONTH,
        period_end=MONTH_END,
        content={"incidents": {"opened": 3}},
    )
    add(
        Improvement,
        title="Self-service password reset",
        source="staff",
        raised_on=DAY,
        decision="accepted",
        decided_on=DAY,
        owner=person,
    )
