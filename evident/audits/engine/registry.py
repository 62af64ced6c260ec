"""The check registry: declarative, registered units of audit judgement.

A check declares what it is (id, clause, stage), what it looks at, how it grades
and how to fix what it finds; its function takes an ``AuditScope`` and returns
zero or more ``FindingResult``s. The runner completes each result with the
check's defaults (clause, fix hint, key) so a check states only what varies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

MAJOR = "major"
MINOR = "minor"
OFI = "ofi"

# A machine tests a whole population, not a sample: a deviation rate above this
# share is a systemic lapse (major), any lower rate an isolated one (minor).
SYSTEMIC_PERCENT = 10


def grade_by_rate(deviations: int, population: int) -> str:
    """Major above ``SYSTEMIC_PERCENT`` % of the population, else minor.

    Compared in whole numbers, so 3 deviations in 30 records is exactly 10 %: minor.
    """
    return MAJOR if deviations * 100 > SYSTEMIC_PERCENT * population else MINOR


AREA_OF_CONCERN = "area_of_concern"

HIGH = "high"
MEDIUM = "medium"
LOW = "low"

# Order in which findings are read: the gravest first within a clause.
GRADE_RANK = {MAJOR: 0, AREA_OF_CONCERN: 1, MINOR: 2, OFI: 3}
SEVERITY_RANK = {HIGH: 0, MEDIUM: 1, LOW: 2, "": 3}


@dataclass(frozen=True)
class FindingResult:
    """What a check found: a grade, a statement in our words, and the records behind it.

    ``subject`` distinguishes several findings of one check (a process key, an
    SLA's ref); the finding key is then ``<check id>:<subject>``. Left empty,
    ``clause`` and ``fix`` take the check's own.
    """

    grade: str
    statement: str
    severity: str = ""
    records: tuple[dict, ...] = ()
    subject: str = ""
    clause: str = ""
    fix: str = ""


@dataclass(frozen=True)
class CompletedFinding:
    """A finding result with its check's defaults filled in, ready to be stored."""

    check_id: str
    key: str
    clause: str
    grade: str
    severity: str
    statement: str
    fix: str
    records: tuple[dict, ...]


@dataclass(frozen=True)
class Check:
    """One registered check: declarative metadata plus the function that runs it."""

    id: str
    clause: str
    stage: int
    title: str
    looks_at: str
    grade_rule: str
    fix: str
    run: Callable[..., Iterable[FindingResult]] | None = field(default=None, compare=False)

    def complete(self, result: FindingResult) -> CompletedFinding:
        key = f"{self.id}:{result.subject}" if result.subject else self.id
        return CompletedFinding(
            check_id=self.id,
            key=key,
            clause=result.clause or self.clause,
            grade=result.grade,
            severity=result.severity,
            statement=result.statement,
            fix=result.fix or self.fix,
            records=tuple(result.records),
        )


_REGISTRY: dict[str, Check] = {}


def register(check: Check):
    """Decorator: bind ``check`` to the decorated function and add it to the registry."""
    if check.stage not in (1, 2):
        raise ValueError(f"check {check.id}: stage must be 1 or 2, not {check.stage!r}")

    def bind(func):
        if check.id in _REGISTRY:
            raise ValueError(f"check {check.id} is registered twice")
        _REGISTRY[check.id] = replace(check, run=func)
        return func

    return bind


def all_checks() -> list[Check]:
    """Every registered check, in catalogue order (stage, then clause)."""
    from .ordering import clause_sort_key

    # sorted() is stable: within a clause, checks keep their registration order.
    return sorted(_REGISTRY.values(), key=lambda c: (c.stage, clause_sort_key(c.clause)))


def checks_for_stage(stage: int) -> list[Check]:
    return [c for c in all_checks() if c.stage == stage]


def get_check(check_id: str) -> Check:
    return _REGISTRY[check_id]
