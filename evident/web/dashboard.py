"""What the dashboard shows: the latest verdicts and how each clause fares.

A clause takes the level of its worst finding, its sub-clauses included,
across the latest Stage 1 and the latest Stage 2 evaluation; the levels
themselves (``evident.audits.levels``) follow how much a finding stands in
the way of certification.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from evident.audits.levels import finding_level, in_clause, worst
from evident.audits.models import Clause, Evaluation, Finding
from evident.core.tenancy import scoped

TOP_LEVEL_CLAUSES = ("4", "5", "6", "7", "8", "9", "10")
OUTCOME_STYLE = {
    Evaluation.Outcome.READY: "good",
    Evaluation.Outcome.CONDITIONALLY_READY: "warn",
    Evaluation.Outcome.NOT_READY: "bad",
}
RECOMMENDATION_STYLE = {
    Evaluation.Recommendation.RECOMMENDED: "good",
    Evaluation.Recommendation.AFTER_CAP: "warn",
    Evaluation.Recommendation.NOT_RECOMMENDED: "bad",
}


def clause_key(number: str) -> tuple[int, ...]:
    """Numeric order: 4.3 before 8.2.4 before 10.1."""
    return tuple(int(part) if part.isdigit() else 0 for part in number.split("."))


def latest_evaluations(organisation) -> dict[int, Evaluation | None]:
    """The most recent evaluation of each stage (None where a stage was never run)."""
    evaluations = (
        scoped(Evaluation, organisation)
        .filter(voided_at__isnull=True)
        .order_by("-created_at", "-pk")
    )
    return {stage: evaluations.filter(stage=stage).first() for stage in Evaluation.Stage.values}


@dataclass
class ClauseNode:
    """One clause in the dashboard tree, with the level of its worst finding."""

    number: str
    title: str
    level: str = "none"
    findings: int = 0
    children: list[ClauseNode] = field(default_factory=list)


def _catalogue_clauses() -> list[tuple[str, str]]:
    rows = Clause.objects.order_by("position").values_list("number", "title")
    return [(n, t) for n, t in rows if n.split(".")[0] in TOP_LEVEL_CLAUSES]


def _finding_clauses(finding_rows) -> list[tuple[str, str]]:
    """Without a loaded catalogue, the tree is the top-level clauses and those findings name."""
    numbers = set(TOP_LEVEL_CLAUSES)
    for number, _, _ in finding_rows:
        parts = number.split(".")
        numbers.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    numbers = {n for n in numbers if n.split(".")[0] in TOP_LEVEL_CLAUSES}
    return [(n, "") for n in sorted(numbers, key=clause_key)]


def _build_tree(clauses, finding_rows, default_level: str) -> list[ClauseNode]:
    nodes = {number: ClauseNode(number, title) for number, title in clauses}
    roots = []
    for number, node in nodes.items():
        levels = [
            finding_level(grade, severity)
            for clause, grade, severity in finding_rows
            if in_clause(clause, number)
        ]
        node.level, node.findings = worst(levels, default_level), len(levels)
        parent = nodes.get(number.rpartition(".")[0]) if "." in number else None
        (parent.children if parent else roots).append(node)
    return roots


def clause_tree(organisation, evaluations: list[Evaluation]) -> list[ClauseNode]:
    """Clauses 4 to 10 with their levels, from the catalogue or, failing it, from the findings."""
    findings = scoped(Finding, organisation).filter(evaluation__in=evaluations)
    finding_rows = list(findings.values_list("clause", "grade", "severity"))
    clauses = _catalogue_clauses() or _finding_clauses(finding_rows)
    # Before any evaluation a clause is unknown, not clear.
    return _build_tree(clauses, finding_rows, "clear" if evaluations else "none")


def grade_counts(organisation, evaluations: list[Evaluation]) -> list[tuple[str, str, int]]:
    """Findings per grade across ``evaluations``: (grade value, grade label, count)."""
    findings = scoped(Finding, organisation).filter(evaluation__in=evaluations)
    counts = Counter(findings.values_list("grade", flat=True))
    order = (
        Finding.Grade.MAJOR,
        Finding.Grade.MINOR,
        Finding.Grade.OFI,
        Finding.Grade.AREA_OF_CONCERN,
    )
    return [(grade.value, grade.label, counts.get(grade.value, 0)) for grade in order]
