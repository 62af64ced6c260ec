"""Clauses 8.3.4.1 and 8.3.4.2: what the agreements with suppliers say, and internal
suppliers measured month by month.

``suppliers`` asks whether an agreement is in force at all. Here Stage 1 asks
whether the agreement in force is complete enough to manage the supplier by: it
states the targets the supplier is held to, names the services it supports, and
has an owner (the contract's own, or else the supplier's manager). Stage 2 asks,
for internal suppliers and customers acting as suppliers, whether their results
were recorded in every month their agreement was in force: their agreements
underpin service levels that are reported month by month.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q

from evident.agreements.models import Contract, Supplier, SupplierMeasurement

from ..evidence import name_records, plural, verb
from ..registry import AREA_OF_CONCERN, LOW, MINOR, Check, FindingResult, register
from ..scope import AuditScope, month_end
from .suppliers import in_force_q

EXTERNAL = (Supplier.Type.EXTERNAL,)
INTERNAL = (Supplier.Type.INTERNAL, Supplier.Type.CUSTOMER)
SHOWN = 10


def incomplete_agreements(scope: AuditScope, kinds) -> list[tuple[Contract, list[str]]]:
    """Agreements in force with active suppliers of ``kinds``, with what each leaves out."""
    names_services = scope.related(Contract.services.through).filter(contract=OuterRef("pk"))
    no_owner = Q(owner__isnull=True, supplier__manager__isnull=True)
    lacking = (
        scope.records(Contract)
        .filter(
            in_force_q(scope.audit_date),
            supplier__status=Supplier.Status.ACTIVE,
            supplier__supplier_type__in=kinds,
        )
        .annotate(names_services=Exists(names_services))
        .filter(Q(targets="") | no_owner | Q(names_services=False))
        .select_related("supplier")
        .order_by("ref")
    )
    found = []
    for contract in lacking:  # only the incomplete ones, a handful at most
        gaps = []
        if not contract.targets.strip():
            gaps.append("no targets")
        if not contract.names_services:
            gaps.append("no services it supports")
        if contract.owner_id is None and contract.supplier.manager_id is None:
            gaps.append("no owner")
        found.append((contract, gaps))
    return found


def agreement_findings(scope, kinds, what: tuple[str, str], severity: str) -> list[FindingResult]:
    found = incomplete_agreements(scope, kinds)
    if not found:
        return []
    listed = "; ".join(
        f"{c.ref} {c.title} ({c.supplier.name}): {', '.join(gaps)}" for c, gaps in found[:SHOWN]
    )
    more = " and others" if len(found) > SHOWN else ""
    statement = (
        f"{plural(len(found), *what)} in force {verb(len(found), 'leaves', 'leave')} out what "
        f"the supplier is to be managed by: {listed}{more}."
    )
    named = name_records(scope.records(Contract).filter(pk__in=[c.pk for c, _ in found]))
    return [FindingResult(AREA_OF_CONCERN, statement, severity, named.records)]


@register(
    Check(
        id="s1.supplier.contract-terms",
        clause="8.3.4.1",
        stage=1,
        title="Contracts with external suppliers state targets, services and an owner",
        looks_at=(
            "Contracts in force on the audit date with active external suppliers: their "
            "targets, the services they name, their owner or the supplier's manager"
        ),
        grade_rule=(
            "Any such contract with no targets, no service named, or no one who owns it: "
            "low (one finding; having no contract at all is the medium concern of 8.3.4)."
        ),
        fix=(
            "Write into each contract the service targets the supplier is held to and the "
            "services it supports, and name who manages the contract."
        ),
    )
)
def external_contract_terms(scope):
    what = ("contract with an external supplier", "contracts with external suppliers")
    return agreement_findings(scope, EXTERNAL, what, LOW)


@register(
    Check(
        id="s1.supplier.internal-agreement-terms",
        clause="8.3.4.2",
        stage=1,
        title="Agreements with internal suppliers state targets, services and an owner",
        looks_at=(
            "Agreements in force on the audit date with active internal suppliers and "
            "customers acting as suppliers: their targets, services and owner"
        ),
        grade_rule=(
            "Any such agreement with no targets, no service named, or no one who owns it: "
            "low (one finding)."
        ),
        fix=(
            "Agree with each internal supplier (and each customer acting as a supplier) the "
            "targets it works to for the services it supports, and name the agreement's owner."
        ),
    )
)
def internal_agreement_terms(scope):
    what = ("agreement with an internal supplier", "agreements with internal suppliers")
    return agreement_findings(scope, INTERNAL, what, LOW)


def unmeasured_months(scope: AuditScope) -> dict[Supplier, list]:
    """Per active internal supplier, the months of the period its agreement covered whole
    but with no result recorded."""
    agreements = (
        scope.records(Contract)
        .exclude(status=Contract.Status.DRAFT)
        .filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=scope.period_start),
            starts_on__lte=scope.audit_date,
            supplier__status=Supplier.Status.ACTIVE,
            supplier__supplier_type__in=INTERNAL,
        )
        .select_related("supplier")
    )
    terms = defaultdict(list)
    for agreement in agreements:  # one or two per internal supplier
        terms[agreement.supplier].append((agreement.starts_on, agreement.ends_on))
    measured = set(
        scope.records(SupplierMeasurement)
        .filter(scope.date_in_period("month"), supplier__in=[s.pk for s in terms])
        .values_list("supplier_id", "month")
    )
    gaps = {}
    for supplier, spans in sorted(terms.items(), key=lambda item: item[0].ref):
        covered = [
            month
            for month in scope.required_months()
            if any(s <= month and (e is None or e >= month_end(month)) for s, e in spans)
        ]
        missing = [m for m in covered if (supplier.pk, m) not in measured]
        if missing:
            gaps[supplier] = missing
    return gaps


@register(
    Check(
        id="s2.supplier.internal-monitored",
        clause="8.3.4.2",
        stage=2,
        title="Internal suppliers are measured every month against their agreement",
        looks_at=(
            "Active internal suppliers and customers acting as suppliers, the complete months "
            "of the period their agreement was in force, and their recorded results"
        ),
        grade_rule="Any such month with no result recorded: minor (one finding).",
        fix=(
            "Record each internal supplier's results every month against the targets of its "
            "agreement, so that the service levels it underpins can be explained."
        ),
    )
)
def internal_suppliers_monitored(scope):
    gaps = unmeasured_months(scope)
    if not gaps:
        return []
    months = sum(len(m) for m in gaps.values())
    detail = "; ".join(
        f"{s.name} ({s.ref}): {', '.join(m.strftime('%Y-%m') for m in missing)}"
        for s, missing in list(gaps.items())[:SHOWN]
    )
    statement = (
        f"{plural(months, 'month')} of the period under an agreement "
        f"{verb(months, 'has', 'have')} no result recorded for "
        f"{plural(len(gaps), 'internal supplier')}: {detail}"
        f"{' and others' if len(gaps) > SHOWN else ''}."
    )
    named = name_records(scope.records(Supplier).filter(pk__in=[s.pk for s in gaps]))
    return [FindingResult(MINOR, statement, records=named.records)]
