"""Verdicts: the Stage 1 outcome and the Stage 2 recommendation.

Stage 1: any high concern makes the organisation not ready; otherwise any
medium one conditionally ready; otherwise (none, or only low ones) ready.

Stage 2: a major stays open until a nonconformity carrying its finding key is
closed with its closure verified; any open major means not recommended. A
minor is answered when a nonconformity carrying its key has an accepted
corrective action plan that gives the correction, root cause, corrective
action, owner and due date. Minors all answered: recommended; some not:
recommended once the plan is accepted. Opportunities never count.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from evident.audits.models import CorrectiveActionPlan, Evaluation, Nonconformity

from .registry import HIGH, MAJOR, MEDIUM, MINOR, CompletedFinding
from .scope import AuditScope


def stage1_outcome(findings: list[CompletedFinding]) -> str:
    severities = {f.severity for f in findings}
    if HIGH in severities:
        return Evaluation.Outcome.NOT_READY
    if MEDIUM in severities:
        return Evaluation.Outcome.CONDITIONALLY_READY
    return Evaluation.Outcome.READY


def _complete_plan_q() -> Q:
    return (
        Q(status=CorrectiveActionPlan.Status.ACCEPTED, owner__isnull=False, due_date__isnull=False)
        & ~Q(correction="")
        & ~Q(root_cause="")
        & ~Q(corrective_action="")
    )


@dataclass(frozen=True)
class Answers:
    """Which finding keys the organisation has answered with nonconformity records."""

    accepted_plan: frozenset[str]
    verified_closed: frozenset[str]


def answers_for(scope: AuditScope, keys: set[str]) -> Answers:
    """Finding keys with an accepted, complete plan, and keys closed with verification."""
    ncs = scope.records(Nonconformity).filter(finding_key__in=keys)
    plans = scope.records(CorrectiveActionPlan).filter(_complete_plan_q(), nonconformity__in=ncs)
    planned = plans.values_list("nonconformity__finding_key", flat=True)
    closed = ncs.filter(status=Nonconformity.Status.CLOSED, closure_verified=True).values_list(
        "finding_key", flat=True
    )
    return Answers(frozenset(planned), frozenset(closed))


def is_open_major(finding: CompletedFinding, answers: Answers) -> bool:
    return finding.grade == MAJOR and finding.key not in answers.verified_closed


def cap_accepted(finding: CompletedFinding, answers: Answers) -> bool:
    return finding.grade in (MAJOR, MINOR) and finding.key in answers.accepted_plan


def stage2_recommendation(findings: list[CompletedFinding], answers: Answers) -> str:
    if any(is_open_major(f, answers) for f in findings):
        return Evaluation.Recommendation.NOT_RECOMMENDED
    minors = [f for f in findings if f.grade == MINOR]
    if all(cap_accepted(f, answers) for f in minors):
        return Evaluation.Recommendation.RECOMMENDED
    return Evaluation.Recommendation.AFTER_CAP
