"""Clauses 8.3.3 and 8.3.4: SLAs measured month by month; suppliers reviewed.

An agreed SLA is expected to be measured, for every one of its targets, in
every calendar month that lies wholly inside the period, ended before the audit
date and began on or after the day the SLA was agreed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncMonth

from evident.agreements.models import SLA, SlaMeasurement, Supplier, SupplierReview

from ..evidence import name_records, names_of, plural, record_ref, verb
from ..registry import MAJOR, MINOR, Check, FindingResult, register
from ..scope import AuditScope


@dataclass(frozen=True)
class SlaCoverage:
    """How one agreed SLA's months of the period are covered by measurements."""

    sla: SLA
    required: tuple
    measured_at_all: bool
    missing: tuple


def sla_coverage(scope: AuditScope) -> list[SlaCoverage]:
    slas = list(
        scope.records(SLA)
        .filter(status=SLA.Status.AGREED)
        .annotate(n_targets=Count("targets", distinct=True))
        .order_by("ref")
    )
    # One grouped query: per SLA and month, how many of its targets were measured.
    measured = (
        scope.records(SlaMeasurement)
        .filter(scope.date_in_period("month"), target__sla__status=SLA.Status.AGREED)
        .annotate(measured_month=TruncMonth("month"))
        .values("target__sla_id", "measured_month")
        .annotate(targets=Count("target_id", distinct=True))
    )
    months_by_sla = defaultdict(dict)
    for row in measured:  # at most one row per SLA and month
        months_by_sla[row["target__sla_id"]][row["measured_month"]] = row["targets"]
    coverage = []
    for sla in slas:  # the handful of agreed SLAs
        required = tuple(scope.required_months(not_before=sla.agreed_on))
        months = months_by_sla.get(sla.pk, {})
        complete = {m for m, n in months.items() if sla.n_targets and n >= sla.n_targets}
        missing = tuple(m for m in required if m not in complete)
        coverage.append(SlaCoverage(sla, required, bool(months), missing))
    return coverage


def _months(months) -> str:
    return ", ".join(m.strftime("%Y-%m") for m in months)


@register(
    Check(
        id="s2.sla.measured",
        clause="8.3.3",
        stage=2,
        title="Every agreed SLA is measured",
        looks_at="Agreed SLAs and their targets' monthly measurements in the period",
        grade_rule=(
            "An agreed SLA with at least one month to report and no measurement at all in "
            "the period: major (one finding per SLA)."
        ),
        fix=(
            "Measure each SLA target every month and record the value and whether the "
            "target was met; report it to the customer."
        ),
    )
)
def slas_measured(scope):
    findings = []
    for cover in sla_coverage(scope):
        if cover.measured_at_all or not cover.required:
            continue
        sla = cover.sla
        statement = (
            f"SLA {sla.name} ({sla.ref}) has no measurement in the period, although "
            f"{plural(len(cover.required), 'month')} ({_months(cover.required)}) "
            f"{verb(len(cover.required), 'was', 'were')} due."
        )
        findings.append(
            FindingResult(MAJOR, statement, records=(record_ref(sla),), subject=sla.ref)
        )
    return findings


@register(
    Check(
        id="s2.sla.monthly",
        clause="8.3.3",
        stage=2,
        title="SLA measurements have no monthly gaps",
        looks_at="Agreed SLAs measured in the period, month by month and target by target",
        grade_rule=(
            "A measured SLA missing some required month (a month is complete when every "
            "target of the SLA was measured): minor (one finding per SLA)."
        ),
        fix="Fill the missing months from the monitoring data, and find why they were skipped.",
    )
)
def slas_measured_monthly(scope):
    findings = []
    for cover in sla_coverage(scope):
        if not cover.measured_at_all or not cover.missing:
            continue
        sla = cover.sla
        statement = (
            f"SLA {sla.name} ({sla.ref}) lacks measurements for {len(cover.missing)} of "
            f"{plural(len(cover.required), 'required month')}: {_months(cover.missing)}."
        )
        findings.append(
            FindingResult(MINOR, statement, records=(record_ref(sla),), subject=sla.ref)
        )
    return findings


@register(
    Check(
        id="s2.supplier.reviewed",
        clause="8.3.4",
        stage=2,
        title="Every active supplier is reviewed in the period",
        looks_at="Active suppliers and their performance reviews in the period",
        grade_rule="Any active supplier with no review in the period: minor (one finding).",
        fix="Review each supplier's performance against its contract and record the review.",
    )
)
def suppliers_reviewed(scope):
    reviewed = scope.related(SupplierReview).filter(
        scope.date_in_period("reviewed_on"), supplier=OuterRef("pk")
    )
    unreviewed = (
        scope.records(Supplier).filter(status=Supplier.Status.ACTIVE).exclude(Exists(reviewed))
    )
    named = name_records(unreviewed)
    if not named.total:
        return []
    names = names_of(unreviewed.order_by("ref")[:10])
    statement = (
        f"{plural(named.total, 'active supplier')} had no performance review in the period: "
        f"{names}{' and others' if named.total > 10 else ''}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]
