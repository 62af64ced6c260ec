"""The healthy organisation's performance evaluation and improvement records (9, 10).

``add_performance_evaluation(h)`` gives a ``builders.Healthy`` organisation what the
checks of ``checks/evaluation.py`` look for: a KPI measured in the period for its
objective, an approved programme whose completed audit covers every clause with an
impartial auditor, the held review's compiled inputs and an output, a service report
for each live service in scope, and an improvement acted on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evident.audits import services as audits
from evident.audits.models import (
    AuditProgramme,
    Improvement,
    InternalAudit,
    Kpi,
    ManagementReview,
    ReviewOutput,
)
from evident.core.tenancy import scoped
from evident.governance.models import Objective

IN_PERIOD = dt.date(2025, 3, 3)
MONTH, MONTH_END = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
ALL_CLAUSES = "4,5,6,7,8,9,10"


@dataclass
class Evaluation:
    """The records tests reach for."""

    kpi: Kpi
    programme: AuditProgramme
    audit: InternalAudit
    review: ManagementReview
    output: ReviewOutput
    improvement: Improvement


def add_performance_evaluation(h) -> Evaluation:
    org, auditor = h.build.org, h.staff[2]  # staff[2] holds no role in any process
    objective = scoped(Objective, org).get()
    kpi = audits.define_kpi(
        org, key="sla-attainment", computation="sla-attainment", objective=objective
    )
    audits.record_kpi_measurement(
        kpi, period_start=MONTH, period_end=MONTH_END, value=100, source="computed"
    )
    programme = h.build.make(
        AuditProgramme,
        title="Audit programme 2025",
        cycle_start=dt.date(2025, 1, 1),
        cycle_end=dt.date(2025, 12, 31),
        owner=h.ceo,
        approved_on=dt.date(2025, 1, 2),
        approved_by=h.ceo,
    )
    # The healthy organisation's one completed audit joins the programme, impartially led.
    audit = audits.update_internal_audit(
        scoped(InternalAudit, org).get(),
        programme=programme,
        clauses=ALL_CLAUSES,
        lead_auditor=auditor,
        summary="Effective",
    )
    review = scoped(ManagementReview, org).get(status=ManagementReview.Status.HELD)
    review = audits.compile_review_inputs(review)
    output = audits.record_review_output(
        review,
        kind="action",
        description="Extend the SLA to payroll",
        owner=h.ceo,
        due_date=dt.date(2025, 5, 1),
    )
    for service in (h.email, h.payroll):
        audits.generate_service_report(service, period_start=MONTH, period_end=MONTH_END)
    improvement = h.build.make(
        Improvement, title="Self-service password reset", raised_on=dt.date(2025, 1, 10)
    )
    improvement = audits.decide_improvement(
        improvement, decision="accepted", decided_on=dt.date(2025, 1, 20), owner=h.staff[0]
    )
    improvement = audits.start_improvement(improvement)
    return Evaluation(kpi, programme, audit, review, output, improvement)
