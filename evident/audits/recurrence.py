"""Effectiveness by recurrence (10.1): did a closed nonconformity come back?

A closed nonconformity recurs when, after the day it closed,
- another nonconformity was raised with the same clause and the same finding key, or
- an evaluation audited after that day found the same finding key again.

A nonconformity with no finding key recurs only through the first rule with an
empty key matched on clause and title, since without a key there is nothing
more precise to compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from .models import Finding, Nonconformity


@dataclass(frozen=True)
class Recurrence:
    nonconformity: Nonconformity
    later_nonconformities: tuple[Nonconformity, ...]
    later_findings: tuple[Finding, ...]

    @property
    def evidence(self) -> list:
        return [*self.later_nonconformities, *self.later_findings]


def _same_problem() -> Q:
    """Later records that name the same problem as the outer nonconformity."""
    return Q(
        organisation=OuterRef("organisation"),
        clause=OuterRef("clause"),
        finding_key=OuterRef("finding_key"),
    )


def recurred_q() -> Q:
    """On ``Nonconformity``: closed, and the same problem was recorded again after closure."""
    later_nc = Nonconformity.objects.filter(
        _same_problem(), raised_on__gt=OuterRef("closed_on")
    ).filter(Q(finding_key__gt="") | Q(title=OuterRef("title")))
    later_finding = Finding.objects.filter(
        organisation=OuterRef("organisation"),
        key=OuterRef("finding_key"),
        evaluation__audit_date__gt=OuterRef("closed_on"),
        grade__in=[Finding.Grade.MAJOR, Finding.Grade.MINOR],
    )
    keyed = ~Q(finding_key="") & Exists(later_finding)
    return Q(status=Nonconformity.Status.CLOSED, closed_on__isnull=False) & (
        Exists(later_nc) | keyed
    )


def recurred(nonconformities):
    """The closed nonconformities of ``nonconformities`` that recurred."""
    return nonconformities.filter(recurred_q())


def recurrence_of(nonconformity: Nonconformity) -> Recurrence | None:
    """What shows that ``nonconformity`` recurred, or ``None`` when it did not (or is open)."""
    if nonconformity.status != Nonconformity.Status.CLOSED or nonconformity.closed_on is None:
        return None
    later = Nonconformity.objects.filter(
        organisation=nonconformity.organisation,
        clause=nonconformity.clause,
        finding_key=nonconformity.finding_key,
        raised_on__gt=nonconformity.closed_on,
    )
    if not nonconformity.finding_key:
        later = later.filter(title=nonconformity.title)
    findings = Finding.objects.none()
    if nonconformity.finding_key:
        findings = Finding.objects.filter(
            organisation=nonconformity.organisation,
            key=nonconformity.finding_key,
            evaluation__audit_date__gt=nonconformity.closed_on,
            grade__in=[Finding.Grade.MAJOR, Finding.Grade.MINOR],
        )
    later_ncs = tuple(later.order_by("raised_on", "ref"))
    later_findings = tuple(findings.order_by("evaluation__audit_date", "ref"))
    if not later_ncs and not later_findings:
        return None
    return Recurrence(nonconformity, later_ncs, later_findings)
