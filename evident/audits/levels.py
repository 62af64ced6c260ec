"""How much a finding stands in the way of certification, as one level per finding or clause.

A clause takes the level of its worst finding, its sub-clauses included. Levels,
from the gravest: a major nonconformity, then a high area of concern, a minor
nonconformity, a medium area of concern, and last opportunities for improvement
and low concerns. The dashboard and the report's heat map both colour clauses by
these levels, so they are kept here, below both.
"""

from __future__ import annotations

from .models import Finding

# Levels from the most to the least serious; "clear" means evaluated without a finding,
# "none" that nothing has been evaluated yet.
LEVELS = ("major", "high", "minor", "medium", "low", "clear", "none")
LEVEL_LABELS = {
    "major": "Major nonconformity",
    "high": "Area of concern (high)",
    "minor": "Minor nonconformity",
    "medium": "Area of concern (medium)",
    "low": "Opportunity for improvement or low concern",
    "clear": "No finding",
    "none": "Not evaluated",
}


def finding_level(grade: str, severity: str) -> str:
    """The level of one finding."""
    if grade == Finding.Grade.MAJOR:
        return "major"
    if grade == Finding.Grade.MINOR:
        return "minor"
    if grade == Finding.Grade.AREA_OF_CONCERN and severity in ("high", "medium"):
        return severity
    return "low"


def worst(levels, default: str = "clear") -> str:
    return min(levels, key=LEVELS.index, default=default)


def in_clause(finding_clause: str, number: str) -> bool:
    """Whether a finding on ``finding_clause`` counts towards clause ``number``."""
    return finding_clause == number or finding_clause.startswith(number + ".")
