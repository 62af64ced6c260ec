"""The internal audit programme (9.2): which clauses a cycle covers, and who may audit what.

Coverage. An audit names the clauses it covers. A clause is covered when it or
one of its ancestors is named ("8" covers 8.5.1), or when every one of its
sub-clauses is covered (8.1 to 8.7 together cover 8). The gaps are reported as
the highest clauses no audit touches at all, so a cycle that skipped clause 9
reports "9", not 9.1 to 9.4.

Impartiality. An audit examines the clause-8 processes whose clause it covers
or reaches into (an audit of 8.5 examines change management, 8.5.1, and an
audit of 8.5.1.2 examines part of it). No auditor may examine a process they
own or hold a role in (``governance.Process.owner``, ``governance.RoleAssignment``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from evident.core.models import Person
from evident.governance.models import Process, RoleAssignment

from .clauses import all_clauses
from .models import AuditProgramme, InternalAudit, parse_clauses


def _within(number: str, ancestor: str) -> bool:
    """``number`` is ``ancestor`` or one of its sub-clauses."""
    return number == ancestor or number.startswith(f"{ancestor}.")


@dataclass(frozen=True)
class Coverage:
    """Which clauses of the catalogue a set of audits covers."""

    named: tuple[str, ...]
    covered: tuple[str, ...]
    gaps: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.gaps

    def as_dict(self) -> dict:
        return {
            "named": list(self.named),
            "covered": list(self.covered),
            "gaps": list(self.gaps),
            "complete": self.complete,
        }


def coverage_of(clause_lists: Iterable[str]) -> Coverage:
    """Coverage of the catalogue by audits naming ``clause_lists`` (each a clauses text)."""
    named = {number for text in clause_lists for number in parse_clauses(text)}
    clauses = all_clauses()
    children: dict[str | None, list[str]] = {}
    for entry in clauses:
        children.setdefault(entry.parent, []).append(entry.number)

    covered: set[str] = set()
    # Deepest first, so that a clause can be covered by all of its sub-clauses.
    for entry in sorted(clauses, key=lambda e: -e.level):
        number = entry.number
        by_ancestor = any(_within(number, name) for name in named)
        kids = children.get(number, [])
        if by_ancestor or (kids and all(kid in covered for kid in kids)):
            covered.add(number)

    def touched(number: str) -> bool:
        return number in covered or any(_within(name, number) for name in named)

    gaps = [
        entry.number
        for entry in clauses
        if not touched(entry.number) and (entry.parent is None or touched(entry.parent))
    ]
    order = [entry.number for entry in clauses]
    return Coverage(
        named=tuple(sorted(named & set(order), key=order.index)),
        covered=tuple(n for n in order if n in covered),
        gaps=tuple(gaps),
    )


def programme_audits(programme: AuditProgramme, *, completed_only: bool = False):
    audits = programme.audits.exclude(status=InternalAudit.Status.CANCELLED)
    if completed_only:
        audits = audits.filter(status=InternalAudit.Status.COMPLETED)
    return audits


def programme_coverage(programme: AuditProgramme, *, completed_only: bool = False) -> Coverage:
    """The clauses the programme's audits (not cancelled; or only the completed) cover."""
    audits = programme_audits(programme, completed_only=completed_only)
    return coverage_of(audits.values_list("clauses", flat=True))


def coverage_report(programme: AuditProgramme) -> dict:
    """Planned and achieved coverage of a programme, for pages and the API."""
    return {
        "programme": programme.ref,
        "cycle_start": programme.cycle_start.isoformat(),
        "cycle_end": programme.cycle_end.isoformat(),
        "planned": programme_coverage(programme).as_dict(),
        "completed": programme_coverage(programme, completed_only=True).as_dict(),
    }


def audited_processes(audit_clauses: str, processes) -> list[Process]:
    """The processes (of ``processes``) an audit naming ``audit_clauses`` examines."""
    named = parse_clauses(audit_clauses)
    return [
        process
        for process in processes
        if any(_within(process.clause, n) or _within(n, process.clause) for n in named)
    ]


@dataclass(frozen=True)
class Conflict:
    """An auditor who would examine a process they own or hold a role in."""

    person: Person
    process: Process
    why: str

    def sentence(self) -> str:
        return (
            f"{self.person.name} ({self.person.ref}) {self.why} {self.process.get_key_display()} "
            f"({self.process.ref}) and cannot audit it"
        )


def conflicts(audit_clauses: str, people: Iterable[Person]) -> list[Conflict]:
    """Every (auditor, process) pair that breaks impartiality for an audit of ``audit_clauses``."""
    people = [p for p in people if p is not None]
    if not people:
        return []
    organisation = people[0].organisation_id
    processes = Process.objects.filter(organisation_id=organisation).select_related("owner")
    examined = audited_processes(audit_clauses, processes)
    if not examined:
        return []
    ids = {p.pk for p in people}
    roles = set(
        RoleAssignment.objects.filter(
            organisation_id=organisation, person_id__in=ids, process__in=examined
        ).values_list("person_id", "process_id")
    )
    found = []
    for person in sorted(people, key=lambda p: p.ref):
        for process in examined:
            if process.owner_id == person.pk:
                found.append(Conflict(person, process, "owns"))
            elif (person.pk, process.pk) in roles:
                found.append(Conflict(person, process, "holds a role in"))
    return found


def auditors_of(audit: InternalAudit) -> list[Person]:
    people = list(audit.auditors.all())
    if audit.lead_auditor is not None and audit.lead_auditor not in people:
        people.insert(0, audit.lead_auditor)
    return people


def audit_conflicts(audit: InternalAudit) -> list[Conflict]:
    return conflicts(audit.clauses, auditors_of(audit))


def conflicted_audits(audits) -> dict[InternalAudit, list[Conflict]]:
    """The audits of ``audits`` with at least one conflict, and their conflicts."""
    found = {}
    for audit in audits.select_related("lead_auditor").prefetch_related("auditors"):
        audit_found = audit_conflicts(audit)
        if audit_found:
            found[audit] = audit_found
    return found
