"""No record, no reality: a process in scope that left no record in the period is not working.

One check per clause-8 process with operational records, registered from the
table below: which records show the process working, their key date, and what
must exist for the process to be expected to leave records at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from evident.agreements.models import SlaMeasurement, Supplier, SupplierReview
from evident.assurance.models import ContinuityPlan, ContinuityTest
from evident.governance.models import Process
from evident.operations.models import Change, Incident, Problem, ServiceRequest

from ..evidence import name_records, plural
from ..registry import MAJOR, Check, FindingResult, register
from ..scope import AuditScope
from .common import live_services


@dataclass(frozen=True)
class ProcessEvidence:
    """What shows one process working: records of ``model`` dated by ``date_field``."""

    process: str
    clause: str
    model: type
    date_field: str
    is_timestamp: bool
    records_phrase: str
    # Records whose existence makes the process expected to leave records (besides
    # live services); the process is not expected to run without them.
    expected_when: Callable[[AuditScope], object] | None = None
    expected_phrase: str = ""

    def in_period(self, scope: AuditScope):
        if self.is_timestamp:
            condition = scope.timestamp_in_period(self.date_field)
        else:
            condition = scope.date_in_period(self.date_field)
        return scope.records(self.model).filter(condition)


def _active_suppliers(scope):
    return scope.records(Supplier).filter(status=Supplier.Status.ACTIVE)


def _approved_continuity_plans(scope):
    return scope.records(ContinuityPlan).filter(status=ContinuityPlan.Status.APPROVED)


K = Process.Key
PROCESS_EVIDENCE = (
    ProcessEvidence(K.INCIDENT, "8.6.1", Incident, "opened_at", True, "incidents opened"),
    ProcessEvidence(
        K.SERVICE_REQUEST, "8.6.2", ServiceRequest, "opened_at", True, "service requests opened"
    ),
    ProcessEvidence(K.PROBLEM, "8.6.3", Problem, "opened_at", True, "problems opened"),
    ProcessEvidence(K.CHANGE, "8.5.1", Change, "requested_at", True, "changes requested"),
    ProcessEvidence(K.SERVICE_LEVEL, "8.3.3", SlaMeasurement, "month", False, "SLA measurements"),
    ProcessEvidence(
        K.SUPPLIER,
        "8.3.4",
        SupplierReview,
        "reviewed_on",
        False,
        "supplier reviews",
        _active_suppliers,
        "active supplier",
    ),
    ProcessEvidence(
        K.CONTINUITY,
        "8.7.2",
        ContinuityTest,
        "tested_on",
        False,
        "continuity tests",
        _approved_continuity_plans,
        "approved continuity plan",
    ),
)


def _process_out_of_scope(scope: AuditScope, key: str) -> bool:
    return scope.records(Process).filter(key=key, in_scope=False).exists()


def _no_record_check(evidence: ProcessEvidence):
    label = K(evidence.process).label

    def check(scope):
        services = live_services(scope)
        if not services.exists() or _process_out_of_scope(scope, evidence.process):
            return []
        expected = evidence.expected_when(scope) if evidence.expected_when else None
        if expected is not None and not expected.exists():
            return []
        if evidence.in_period(scope).exists():
            return []
        named = name_records(scope.records(Process).filter(key=evidence.process))
        named = named + name_records(services)
        reason = plural(services.count(), "live service")
        if expected is not None:
            named = named + name_records(expected)
            reason += f" and {plural(expected.count(), evidence.expected_phrase)}"
        statement = (
            f"No {evidence.records_phrase} in the period ({scope.period_start} to "
            f"{scope.period_end}) while the organisation has {reason}: {label} leaves no "
            f"record that it works.{named.note()}"
        )
        return [FindingResult(MAJOR, statement, records=named.records)]

    return check


def _register(evidence: ProcessEvidence) -> None:
    label = K(evidence.process).label.split(" (")[0]
    phrase = evidence.records_phrase
    looks_at = f"{phrase[0].upper()}{phrase[1:]} in the period"
    if evidence.expected_phrase:
        looks_at += f" (checked only when {evidence.expected_phrase}s exist)"
    register(
        Check(
            id=f"s2.records.{evidence.process.replace('_', '-')}",
            clause=evidence.clause,
            stage=2,
            title=f"{label} leaves records in the period",
            looks_at=looks_at,
            grade_rule=(
                "The process is in scope and services are live, but it has no record in the "
                "period: major."
            ),
            fix=(
                f"Run {label.lower()} through Evident (or import its records) so that "
                "every occurrence leaves a record; if the process is really not used, say "
                "so by marking it out of scope with the reason."
            ),
        )
    )(_no_record_check(evidence))


for _evidence in PROCESS_EVIDENCE:
    _register(_evidence)
