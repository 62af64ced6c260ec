"""Clause 8.3.4: suppliers work under a current agreement and are measured against it.

Stage 1 asks for a contract in force with each active external supplier (8.3.4.1)
and an agreed document with each internal supplier or customer acting as a
supplier (8.3.4.2). Stage 2 asks whether contracts were kept current and whether
supplier results were recorded in the period. (Supplier reviews: ``relationship``.)
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from evident.agreements.models import Contract, Supplier, SupplierMeasurement

from ..evidence import name_records, plural, verb
from ..registry import AREA_OF_CONCERN, LOW, MEDIUM, MINOR, Check, FindingResult, register
from ..scope import AuditScope
from .agreements import listed


def in_force_q(day: dt.date) -> Q:
    """On ``Contract``: active, and its term covers ``day``."""
    open_or_later = Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    return open_or_later & Q(status=Contract.Status.ACTIVE, starts_on__lte=day)


def active_suppliers(scope: AuditScope):
    return scope.records(Supplier).filter(status=Supplier.Status.ACTIVE)


def without_agreement_on(scope: AuditScope, day: dt.date):
    """Active suppliers with no contract or agreement in force on ``day``."""
    in_force = scope.related(Contract).filter(in_force_q(day), supplier=OuterRef("pk"))
    return active_suppliers(scope).exclude(Exists(in_force))


@register(
    Check(
        id="s1.supplier.agreement",
        clause="8.3.4",
        stage=1,
        title="Each active supplier works under a current agreement",
        looks_at="Active suppliers and the contracts or agreements in force on the audit date",
        grade_rule=(
            "An external supplier with none: medium (8.3.4.1). An internal supplier or a "
            "customer acting as a supplier with none: low (8.3.4.2). One finding each."
        ),
        fix=(
            "Put a contract in place with each external supplier, and an agreed document "
            "(such as an operational level agreement) with each internal one, with the "
            "targets each is held to."
        ),
    )
)
def suppliers_under_agreement(scope):
    lacking = without_agreement_on(scope, scope.audit_date)
    findings = []
    for kinds, clause, severity, what in (
        ([Supplier.Type.EXTERNAL], "8.3.4.1", MEDIUM, "external supplier"),
        ([Supplier.Type.INTERNAL, Supplier.Type.CUSTOMER], "8.3.4.2", LOW, "internal supplier"),
    ):
        group = lacking.filter(supplier_type__in=kinds)
        named = name_records(group)
        if named.total:
            statement = (
                f"{plural(named.total, f'active {what}')} {verb(named.total, 'has', 'have')} "
                f"no contract or agreement in force: {listed(group)}."
            )
            findings.append(
                FindingResult(
                    AREA_OF_CONCERN,
                    statement,
                    severity,
                    named.records,
                    subject=clause,
                    clause=clause,
                )
            )
    return findings


@register(
    Check(
        id="s2.supplier.contract-current",
        clause="8.3.4.1",
        stage=2,
        title="Active external suppliers are not left without a contract",
        looks_at="Active external suppliers and their contracts in force on the audit date",
        grade_rule=(
            "Any active external supplier whose contracts have all expired or ended, or "
            "that never had one: minor (one finding)."
        ),
        fix=(
            "Renew or replace the lapsed contracts, and watch the notice dates so that "
            "renewals are decided before contracts end."
        ),
    )
)
def supplier_contracts_current(scope):
    lapsed = without_agreement_on(scope, scope.audit_date).filter(
        supplier_type=Supplier.Type.EXTERNAL
    )
    named = name_records(lapsed)
    if not named.total:
        return []
    expired = lapsed.filter(Exists(scope.related(Contract).filter(supplier=OuterRef("pk"))))
    n_expired = expired.count()
    statement = (
        f"{plural(named.total, 'active external supplier')} "
        f"{verb(named.total, 'works', 'work')} without a contract in force "
        f"({n_expired} with an expired or ended contract, {named.total - n_expired} with "
        f"none on record): {listed(lapsed)}."
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.supplier.measured",
        clause="8.3.4",
        stage=2,
        title="Suppliers' performance is measured against their agreements",
        looks_at=(
            "Active suppliers with a contract or agreement in force during the period, and "
            "their recorded results in the period"
        ),
        grade_rule="Any such supplier with no result recorded in the period: minor (one finding).",
        fix=(
            "Measure each supplier every month against the targets of its contract or "
            "agreement, and record the results for the supplier reviews."
        ),
    )
)
def suppliers_measured(scope):
    contracted = (
        scope.related(Contract)
        .filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=scope.period_start),
            supplier=OuterRef("pk"),
            starts_on__lte=scope.audit_date,
        )
        .exclude(status=Contract.Status.DRAFT)
    )
    measured = scope.related(SupplierMeasurement).filter(
        scope.date_in_period("month"), supplier=OuterRef("pk")
    )
    unmeasured = active_suppliers(scope).filter(Exists(contracted)).exclude(Exists(measured))
    named = name_records(unmeasured)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'supplier')} under contract had no performance result "
        f"recorded in the period: {listed(unmeasured)}."
    )
    return [FindingResult(MINOR, statement, records=named.records)]
