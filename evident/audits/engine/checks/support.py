"""Clause 7.5.3: control of documented information (documents reviewed when due)."""

from __future__ import annotations

from evident.support.models import Document

from ..evidence import name_records, plural, verb
from ..registry import AREA_OF_CONCERN, MEDIUM, Check, FindingResult, register


@register(
    Check(
        id="s1.documents.reviewed",
        clause="7.5.3",
        stage=1,
        title="Controlled documents are reviewed when due",
        looks_at="Documents and their next review dates",
        grade_rule="Any document whose next review date is before the audit date: medium.",
        fix=(
            "Review the overdue documents, approve a new version where they changed, and "
            "set their next review dates."
        ),
    )
)
def documents_reviewed(scope):
    overdue = scope.records(Document).filter(next_review_due__lt=scope.audit_date)
    named = name_records(overdue)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'document')} {verb(named.total, 'is', 'are')} past "
        f"{verb(named.total, 'its', 'their')} review date.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]
