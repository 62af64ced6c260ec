"""Clauses 9.2 and 9.3: the internal audit programme and management reviews.

Stage 1 asks for a programme (a planned or completed audit, a planned or held
review); Stage 2 asks that the SMS actually looked at itself in the period.
Cancelled audits and reviews count for neither.
"""

from __future__ import annotations

from evident.audits.models import InternalAudit, ManagementReview

from ..evidence import name_records
from ..registry import AREA_OF_CONCERN, HIGH, MAJOR, Check, FindingResult, register


@register(
    Check(
        id="s1.internal-audit.programme",
        clause="9.2",
        stage=1,
        title="An internal audit programme exists",
        looks_at="Internal audits planned or completed (cancelled ones do not count)",
        grade_rule="No internal audit planned or completed: high.",
        fix=(
            "Plan a programme of internal audits that covers every clause of the SMS over "
            "the cycle, with auditors who do not audit their own work."
        ),
    )
)
def internal_audit_programme(scope):
    audits = scope.records(InternalAudit).exclude(status=InternalAudit.Status.CANCELLED)
    if audits.exists():
        return []
    statement = "No internal audit is planned or completed: there is no audit programme."
    cancelled = name_records(scope.records(InternalAudit))
    return [FindingResult(AREA_OF_CONCERN, statement, HIGH, cancelled.records)]


@register(
    Check(
        id="s1.management-review.programme",
        clause="9.3",
        stage=1,
        title="Management reviews are planned or held",
        looks_at="Management reviews planned or held (cancelled ones do not count)",
        grade_rule="No management review planned or held: high.",
        fix="Schedule management reviews at planned intervals, chaired by top management.",
    )
)
def management_review_programme(scope):
    reviews = scope.records(ManagementReview).exclude(status=ManagementReview.Status.CANCELLED)
    if reviews.exists():
        return []
    statement = "No management review is planned or held."
    cancelled = name_records(scope.records(ManagementReview))
    return [FindingResult(AREA_OF_CONCERN, statement, HIGH, cancelled.records)]


@register(
    Check(
        id="s2.internal-audit.completed",
        clause="9.2",
        stage=2,
        title="An internal audit was completed in the period",
        looks_at="Internal audits completed in the period",
        grade_rule="No internal audit completed in the period: major.",
        fix=(
            "Carry out the planned internal audits, record their completion and findings, "
            "and raise nonconformities for what they find."
        ),
    )
)
def internal_audit_completed(scope):
    if scope.records(InternalAudit).filter(scope.date_in_period("completed_on")).exists():
        return []
    others = name_records(scope.records(InternalAudit))
    statement = (
        f"No internal audit was completed in the period ({scope.period_start} to "
        f"{scope.period_end}): the SMS has not checked itself."
    )
    return [FindingResult(MAJOR, statement, records=others.records)]


@register(
    Check(
        id="s2.management-review.held",
        clause="9.3",
        stage=2,
        title="A management review was held in the period",
        looks_at="Management reviews held in the period",
        grade_rule="No management review held in the period: major.",
        fix=(
            "Hold a management review with top management, covering performance, audits, "
            "nonconformities and improvement, and keep the minutes."
        ),
    )
)
def management_review_held(scope):
    if scope.records(ManagementReview).filter(scope.date_in_period("held_on")).exists():
        return []
    others = name_records(scope.records(ManagementReview))
    statement = (
        f"No management review was held in the period ({scope.period_start} to "
        f"{scope.period_end}): top management has not reviewed the SMS."
    )
    return [FindingResult(MAJOR, statement, records=others.records)]
