"""Clauses 4.1 and 4.2: the organisation's context and its interested parties, on record.

An SMS designed without looking at the issues around it or at who depends on it
is a weakness, but at readiness a light one: the foundations of 4.3 onwards say
far more about whether the system can work.
"""

from __future__ import annotations

from evident.governance.models import ContextIssue, InterestedParty

from ..registry import AREA_OF_CONCERN, LOW, Check, FindingResult, register


@register(
    Check(
        id="s1.context.issues",
        clause="4.1",
        stage=1,
        title="Issues that bear on the SMS are identified",
        looks_at="Context issues recorded, internal and external",
        grade_rule="No context issue recorded: low.",
        fix=(
            "List the internal and external issues (market, technology, regulation, "
            "staffing, finance) that affect what the SMS and the services can achieve, "
            "and review them at least yearly."
        ),
    )
)
def context_issues(scope):
    if scope.records(ContextIssue).exists():
        return []
    statement = "No internal or external issue affecting the SMS is on record."
    return [FindingResult(AREA_OF_CONCERN, statement, LOW)]


@register(
    Check(
        id="s1.context.interested-parties",
        clause="4.2",
        stage=1,
        title="Interested parties and their needs are identified",
        looks_at="Interested parties recorded, with their needs and obligations",
        grade_rule="No interested party recorded: low.",
        fix=(
            "Record who has a stake in the services (customers, users, suppliers, "
            "regulators, staff, owners), what each needs and which obligations the SMS "
            "takes on for them."
        ),
    )
)
def interested_parties(scope):
    if scope.records(InterestedParty).exists():
        return []
    statement = "No interested party of the services or the SMS is on record."
    return [FindingResult(AREA_OF_CONCERN, statement, LOW)]
