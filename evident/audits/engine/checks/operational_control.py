"""Clause 8.1: the planned processes were carried out, judged by the records they left.

Most clause-8 processes have their own "no record, no reality" check
(``records.py``). This check covers the two that do not: release and
deployment management, whose records are production deployments, and service
portfolio management, whose records are service plans completed, catalogue
entries published and services that went live or were retired. A process in
scope that left none of its records in the period, while it was expected to
run, did not operate as planned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from evident.catalogue.models import CatalogueEntry, Service, ServicePlan
from evident.governance.models import Process
from evident.operations.models import Change, Deployment

from ..evidence import name_records, plural, verb
from ..registry import MAJOR, Check, FindingResult, register
from ..scope import AuditScope
from .common import live_services


@dataclass(frozen=True)
class PlannedProcess:
    """A process, the records that show it ran, and what makes it expected to run."""

    key: str
    evidence: Callable[[AuditScope], list]
    records_phrase: str
    expected: Callable[[AuditScope], object]
    expected_phrase: tuple[str, str]  # singular, plural


def _release_evidence(scope: AuditScope) -> list:
    return [
        scope.records(Deployment).filter(
            scope.timestamp_in_period("deployed_at"),
            environment=Deployment.Environment.PRODUCTION,
        )
    ]


def _changes_implemented(scope: AuditScope):
    return scope.records(Change).filter(scope.timestamp_in_period("actual_start"))


def _portfolio_evidence(scope: AuditScope) -> list:
    return [
        scope.records(ServicePlan).filter(scope.date_in_period("completed_on")),
        scope.records(CatalogueEntry).filter(scope.date_in_period("published_on")),
        scope.records(Service).filter(
            scope.date_in_period("live_on") | scope.date_in_period("retired_on")
        ),
    ]


K = Process.Key
PLANNED_PROCESSES = (
    PlannedProcess(
        K.RELEASE,
        _release_evidence,
        "production deployments",
        _changes_implemented,
        ("change implemented in the period", "changes implemented in the period"),
    ),
    PlannedProcess(
        K.SERVICE_PORTFOLIO,
        _portfolio_evidence,
        "service plans completed, catalogue entries published, or services gone live or retired",
        live_services,
        ("live service", "live services"),
    ),
)


def _ran(scope: AuditScope, process: PlannedProcess) -> bool:
    return any(queryset.exists() for queryset in process.evidence(scope))


@register(
    Check(
        id="s2.operation.processes-ran",
        clause="8.1",
        stage=2,
        title="Release and portfolio processes in scope left records in the period",
        looks_at=(
            "In-scope release and deployment management (production deployments, expected "
            "when changes were implemented) and service portfolio management (plans "
            "completed, catalogue entries published, services gone live or retired, "
            "expected when services are live), in the period"
        ),
        grade_rule=(
            "A process in scope that was expected to run but left none of its records in "
            "the period: major (one finding per process)."
        ),
        fix=(
            "Carry out the process as planned and keep its records in Evident (or import "
            "them); if it is really not used, mark it out of scope with the reason."
        ),
    )
)
def processes_ran(scope):
    if not live_services(scope).exists():
        return []
    out_of_scope = set(scope.records(Process).filter(in_scope=False).values_list("key", flat=True))
    findings = []
    for process in PLANNED_PROCESSES:  # two processes
        expected = process.expected(scope)
        if process.key in out_of_scope or not expected.exists() or _ran(scope, process):
            continue
        label = K(process.key).label
        count = expected.count()
        named = name_records(scope.records(Process).filter(Q(key=process.key)))
        named = named + name_records(expected)
        statement = (
            f"{label} left no records in the period ({scope.period_start} to "
            f"{scope.period_end}): no {process.records_phrase}, although there "
            f"{verb(count, 'is', 'are')} "
            f"{plural(count, *process.expected_phrase)}.{named.note()}"
        )
        findings.append(FindingResult(MAJOR, statement, records=named.records, subject=process.key))
    return findings
