"""The order in which an auditor reads clauses and findings.

Clause numbers sort numerically part by part (4.3 < 8.2.4 < 10.1), and within a
clause the gravest finding comes first.
"""

from __future__ import annotations

from .registry import GRADE_RANK, SEVERITY_RANK


def clause_sort_key(number: str) -> tuple[int, ...]:
    """``"8.5.1"`` -> ``(8, 5, 1)``; parts that are not numbers sort last."""
    parts = []
    for part in str(number).split("."):
        parts.append(int(part) if part.isdigit() else 10**6)
    return tuple(parts)


def finding_sort_key(clause: str, grade: str, severity: str, key: str) -> tuple:
    return (
        clause_sort_key(clause),
        GRADE_RANK.get(grade, len(GRADE_RANK)),
        SEVERITY_RANK.get(severity, len(SEVERITY_RANK)),
        key,
    )
