"""Readiness over time: the stored evaluations, read as a series.

Every evaluation is kept, so the series is simply the organisation's
evaluations in date order: ``evident track-readiness`` adds one of each stage
(weekly from a scheduler, or on demand). For each point: the audit date, the
stage, the verdict, and the findings counted by grade and severity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count

from evident.core.models import Organisation
from evident.core.tenancy import scoped

from .models import Evaluation, Finding

# What blocks certification at each stage: high and medium concerns at Stage 1,
# nonconformities at Stage 2. The progress chart plots these.
BLOCKING = {1: ("high", "medium"), 2: ("major", "minor")}
COUNTED = ("major", "minor", "ofi", "high", "medium", "low")


@dataclass
class ReadinessPoint:
    """One evaluation in the series."""

    evaluation: Evaluation
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def audit_date(self) -> dt.date:
        return self.evaluation.audit_date

    @property
    def stage(self) -> int:
        return self.evaluation.stage

    @property
    def verdict(self) -> str:
        """Stage 1's outcome or Stage 2's recommendation, in words."""
        if self.stage == 1:
            return self.evaluation.get_outcome_display()
        return self.evaluation.get_recommendation_display()

    @property
    def verdict_code(self) -> str:
        return self.evaluation.outcome if self.stage == 1 else self.evaluation.recommendation

    @property
    def blocking(self) -> int:
        return sum(self.counts[key] for key in BLOCKING[self.stage])

    def as_dict(self) -> dict:
        return {
            "evaluation": self.evaluation.ref,
            "audit_date": self.audit_date.isoformat(),
            "stage": self.stage,
            "verdict": self.verdict_code,
            "counts": dict(self.counts),
            "blocking": self.blocking,
        }


def readiness_series(
    organisation: Organisation, *, since: dt.date | None = None
) -> list[ReadinessPoint]:
    """Every evaluation of ``organisation`` (from ``since``), oldest first, with its counts."""
    evaluations = (
        scoped(Evaluation, organisation)
        .filter(voided_at__isnull=True)
        .order_by("audit_date", "created_at", "pk")
    )
    if since is not None:
        evaluations = evaluations.filter(audit_date__gte=since)
    evaluations = list(evaluations)
    counts: dict[int, dict[str, int]] = {e.pk: dict.fromkeys(COUNTED, 0) for e in evaluations}
    rows = (
        scoped(Finding, organisation)
        .filter(evaluation__in=evaluations)
        .values("evaluation", "grade", "severity")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        tally = counts[row["evaluation"]]
        # Stage 1 findings are areas of concern counted by severity; Stage 2 by grade.
        key = row["severity"] or row["grade"]
        if key in tally:
            tally[key] += row["n"]
    return [ReadinessPoint(e, counts[e.pk]) for e in evaluations]


def track_readiness(organisation: Organisation, audit_date: dt.date | None = None):
    """Run and store both stages now (or as at ``audit_date``): the next point of the series.

    Callers open the ``acting(...)`` block that says who asked.
    """
    from .engine import run_evaluation  # imported on use: it loads every check

    return [run_evaluation(organisation, stage, audit_date=audit_date) for stage in (1, 2)]
