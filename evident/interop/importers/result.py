"""What an import did: counts of records created, updated, unchanged, rejected and skipped.

Problems are kept per source row (row number, column, reason) so a person can
find and fix each one in the file; only the first ``KEPT_PROBLEMS`` are held,
the rest are counted, so a badly broken file cannot fill memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KEPT_PROBLEMS = 1000


class ImportRefused(Exception):
    """The whole file was refused before anything was written (encoding, format, header)."""


@dataclass(frozen=True)
class RowProblem:
    """Why one source row could not be used."""

    row: int
    column: str | None
    reason: str
    number: str = ""

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        owner = f" ({self.number})" if self.number else ""
        return f"{where}{owner}: {self.reason}"


@dataclass
class ImportResult:
    """The summary an import hands back to the command that started it."""

    file_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    services_created: int = 0
    # Configuration items an import created from names only (ServiceNow changes, relations).
    cis_created: int = 0
    rows_read: int = 0
    problem_count: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    # Source records of kinds the format does not import, counted by their kind.
    skipped: dict[str, int] = field(default_factory=dict)
    # Records that name another record Evident does not hold (a problem, a change),
    # counted by the kind of record named; they were imported without that link.
    unlinked: dict[str, int] = field(default_factory=dict)

    def add_problem(self, problem: RowProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(problem)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def incidents(self) -> int:
        """Every incident the file named, whether written, left as it was or rejected."""
        return self.created + self.updated + self.unchanged + self.rejected
