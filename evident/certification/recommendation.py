"""The engagement's verdict, recomputed from its standing findings whenever it is read.

Stage 1: any high concern, not ready; any medium, conditionally ready; else ready.
Stage 2 (rule 8 of the judgement rules): a major stays open until its
nonconformity is closed with the closure verified by an auditor; any open
major, not recommended. A minor is answered once its nonconformity has an
accepted, complete corrective action plan; all answered, recommended; some
not, recommended once the plans are accepted. OFIs never count. Nothing is
stored, so the recommendation cannot go stale as plans are accepted and
nonconformities closed.
"""

from __future__ import annotations

from dataclasses import dataclass

from evident.audits.models import CorrectiveActionPlan, Evaluation, Nonconformity

from .models import AuditEngagement, EngagementFinding, Grade

STANDING = (EngagementFinding.Status.CONFIRMED, EngagementFinding.Status.CHANGED)


def stage1_outcome(findings) -> str:
    severities = {f.severity for f in findings}
    if "high" in severities:
        return Evaluation.Outcome.NOT_READY
    if "medium" in severities:
        return Evaluation.Outcome.CONDITIONALLY_READY
    return Evaluation.Outcome.READY


def plan_is_accepted(plan: CorrectiveActionPlan) -> bool:
    return plan.status == CorrectiveActionPlan.Status.ACCEPTED and plan.is_complete


@dataclass(frozen=True)
class FindingState:
    """Where one nonconformity finding stands: its nonconformity and latest plan."""

    finding: EngagementFinding
    nonconformity: Nonconformity | None
    plan: CorrectiveActionPlan | None

    @property
    def plan_accepted(self) -> bool:
        if self.nonconformity is None:
            return False
        return any(plan_is_accepted(p) for p in self.nonconformity.action_plans.all())

    @property
    def verified_closed(self) -> bool:
        nc = self.nonconformity
        return nc is not None and nc.status == Nonconformity.Status.CLOSED and nc.closure_verified

    @property
    def is_open_major(self) -> bool:
        return self.finding.grade == Grade.MAJOR and not self.verified_closed


def finding_states(engagement: AuditEngagement) -> list[FindingState]:
    """Each standing major and minor with its nonconformity and latest action plan."""
    findings = (
        engagement.findings.filter(status__in=STANDING, grade__in=[Grade.MAJOR, Grade.MINOR])
        .select_related("nonconformity")
        .prefetch_related("nonconformity__action_plans")
        .order_by("clause", "ref")
    )
    states = []
    for finding in findings:
        nc = finding.nonconformity
        plans = sorted(nc.action_plans.all(), key=lambda p: (p.created_at, p.pk)) if nc else []
        states.append(FindingState(finding, nc, plans[-1] if plans else None))
    return states


def is_open_major(state: FindingState) -> bool:
    return state.is_open_major


def current_recommendation(engagement: AuditEngagement) -> str:
    """The verdict the rules give now: a Stage 1 outcome or a Stage 2 recommendation."""
    if engagement.kind == AuditEngagement.Kind.STAGE1:
        return stage1_outcome(engagement.findings.filter(status__in=STANDING))
    states = finding_states(engagement)
    if any(s.is_open_major for s in states):
        return Evaluation.Recommendation.NOT_RECOMMENDED
    minors = [s for s in states if s.finding.grade == Grade.MINOR]
    if all(s.plan_accepted for s in minors):
        return Evaluation.Recommendation.RECOMMENDED
    return Evaluation.Recommendation.AFTER_CAP


def recommendation_label(engagement: AuditEngagement) -> str:
    value = current_recommendation(engagement)
    if engagement.kind == AuditEngagement.Kind.STAGE1:
        return Evaluation.Outcome(value).label
    return Evaluation.Recommendation(value).label
