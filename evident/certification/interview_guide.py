"""The interview guide: questions per clause and interviewee role, in our own words.

The guide lives in ``data/interview_guide.yaml``. It is parsed once and cached;
``questions_for(clause, role)`` gives the questions for a clause, falling back
to the nearest clause above it that has questions for that role, so an
interview on 8.5.1.1 can still start from the change questions of 8.5.1.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

GUIDE_FILE = Path(__file__).resolve().parent / "data" / "interview_guide.yaml"
ROLES = ("top_management", "sms_manager", "process_owner", "staff")
MIN_QUESTIONS, MAX_QUESTIONS = 2, 4


class GuideError(ValueError):
    """The guide file is malformed; the message names what is wrong."""


@dataclass(frozen=True)
class GuideEntry:
    """The questions for one clause, by interviewee role."""

    clause: str
    questions: dict[str, tuple[str, ...]]


def parse_guide(data: object) -> tuple[GuideEntry, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("guide"), list):
        raise GuideError("the guide needs a top-level 'guide' list")
    entries, problems = [], []
    for row in data["guide"]:
        clause = str(row.get("clause", "")) if isinstance(row, dict) else ""
        roles = row.get("roles") if isinstance(row, dict) else None
        if not clause or not isinstance(roles, dict) or not roles:
            problems.append(f"entry {row!r} needs a clause and its roles")
            continue
        questions = {}
        for role, asked in roles.items():
            if role not in ROLES:
                problems.append(f"clause {clause}: unknown role {role!r}")
            elif not isinstance(asked, list) or not MIN_QUESTIONS <= len(asked) <= MAX_QUESTIONS:
                problems.append(
                    f"clause {clause}, {role}: {MIN_QUESTIONS} to {MAX_QUESTIONS} questions"
                )
            else:
                questions[role] = tuple(str(q).strip() for q in asked)
        entries.append(GuideEntry(clause, questions))
    numbers = [e.clause for e in entries]
    if len(numbers) != len(set(numbers)):
        problems.append("a clause appears more than once")
    if problems:
        raise GuideError("; ".join(problems))
    return tuple(entries)


@functools.cache
def guide() -> tuple[GuideEntry, ...]:
    with GUIDE_FILE.open(encoding="utf-8") as handle:
        return parse_guide(yaml.safe_load(handle))


def by_clause() -> dict[str, GuideEntry]:
    return {entry.clause: entry for entry in guide()}


def questions_for(clause: str, role: str) -> tuple[str, ...]:
    """The questions for ``role`` on ``clause`` or, failing that, on the nearest clause above."""
    entries = by_clause()
    number = clause.strip()
    while number:
        entry = entries.get(number)
        if entry and role in entry.questions:
            return entry.questions[role]
        number = number.rpartition(".")[0]
    return ()


def guide_clauses() -> list[str]:
    return [entry.clause for entry in guide()]
