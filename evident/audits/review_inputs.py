"""The inputs of a management review (9.3), compiled from the records.

A review looks back over its period: from the day after the previous held
review (or twelve months before the review, when there is none) to the review
date (the day it was held, or is planned for). ``compile_inputs`` reads every
input from the records and returns a JSON-ready snapshot, one section per input
in ``SECTIONS`` order; the verb ``services.compile_review_inputs`` stores it on
the review with the time it was compiled.

Customer satisfaction, complaints and supplier measurements are read when
those record types exist in this installation; the section says so when they do not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Avg, Count, Q

from evident.agreements.models import SlaMeasurement, SupplierReview
from evident.governance.models import ContextIssue, InterestedParty, Objective, Risk

from .models import (
    CorrectiveAction,
    Evaluation,
    Finding,
    Improvement,
    InternalAudit,
    Kpi,
    KpiMeasurement,
    ManagementReview,
    Nonconformity,
    ReviewOutput,
)
from .recurrence import recurred

# The inputs a review must consider, in agenda order: (key, title).
SECTIONS = (
    ("previous_actions", "Status of actions from previous reviews"),
    ("context", "Changes in external and internal issues and interested parties"),
    ("performance", "Performance: KPIs and service management objectives"),
    ("nonconformities", "Nonconformities and corrective actions"),
    ("audits", "Audit results"),
    ("suppliers", "Supplier performance"),
    ("customers", "Customer satisfaction, complaints and service levels"),
    ("risks", "Risks and their treatment"),
    ("improvement", "Opportunities for improvement"),
)
SECTION_KEYS = tuple(key for key, _ in SECTIONS)
# Records a section names, at most.
NAMED = 50
LOOKBACK_MONTHS = 12


@dataclass(frozen=True)
class ReviewPeriod:
    start: dt.date
    end: dt.date

    def days(self, name: str) -> Q:
        return Q(**{f"{name}__gte": self.start, f"{name}__lte": self.end})

    def instants(self, name: str) -> Q:
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=dt.UTC)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        return Q(**{f"{name}__gte": start, f"{name}__lt": after})


def review_date(review: ManagementReview) -> dt.date:
    return review.held_on or review.planned_date


def review_period(review: ManagementReview) -> ReviewPeriod:
    """From the day after the previous held review (or twelve months back) to the review date."""
    # Imported here: the engine's checks read this module while the engine loads.
    from .engine.scope import months_before

    end = review_date(review)
    previous = (
        ManagementReview.objects.filter(
            organisation=review.organisation,
            status=ManagementReview.Status.HELD,
            held_on__lt=end,
        )
        .exclude(pk=review.pk)
        .order_by("-held_on")
        .first()
    )
    start = (
        previous.held_on + dt.timedelta(days=1) if previous else months_before(end, LOOKBACK_MONTHS)
    )
    return ReviewPeriod(start, end)


def _refs(queryset) -> list[dict]:
    label = queryset.model._meta.label_lower
    rows = queryset.order_by("ref").values_list("pk", "ref")[:NAMED]
    return [{"type": label, "id": pk, "ref": ref} for pk, ref in rows]


def _model(label: str):
    """An optional record type, or ``None`` when this installation does not have it."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def compile_inputs(review: ManagementReview) -> dict:
    """Every input of ``review`` read from the records, as a JSON-ready snapshot."""
    period = review_period(review)
    org = review.organisation
    readers = {
        "previous_actions": _previous_actions,
        "context": _context,
        "performance": _performance,
        "nonconformities": _nonconformities,
        "audits": _audits,
        "suppliers": _suppliers,
        "customers": _customers,
        "risks": _risks,
        "improvement": _improvement,
    }
    sections = {}
    for key, title in SECTIONS:
        sections[key] = {"title": title, **readers[key](org, period, review)}
    return {
        "review": review.ref,
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "sections": sections,
    }


def missing_sections(inputs: dict) -> list[str]:
    """The inputs (by key) a compiled snapshot lacks."""
    present = (inputs or {}).get("sections", {})
    return [key for key in SECTION_KEYS if key not in present]


def _rows(model, org):
    # A voided record was entered by mistake: kept as evidence, not put before the review.
    return model.objects.filter(organisation=org, voided_at__isnull=True)


def _previous_actions(org, period, review) -> dict:
    actions = _rows(ReviewOutput, org).filter(kind=ReviewOutput.Kind.ACTION)
    if review.pk is not None:  # a review being recorded with its inputs has no outputs yet
        actions = actions.exclude(review=review)
    actions = actions.filter(review__held_on__lt=period.end)
    open_now = actions.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=period.end))
    overdue = open_now.filter(due_date__lt=period.end)
    closed = actions.filter(period.days("closed_on"))
    return {
        "open": open_now.count(),
        "overdue": overdue.count(),
        "closed_in_period": closed.count(),
        "records": _refs(open_now),
    }


def _context(org, period, review) -> dict:
    issues = _rows(ContextIssue, org).filter(
        period.days("recorded_on") | period.instants("updated_at")
    )
    parties = _rows(InterestedParty, org).filter(
        period.days("reviewed_on") | period.instants("updated_at")
    )
    return {
        "issues_changed": issues.count(),
        "parties_changed": parties.count(),
        "records": _refs(issues) + _refs(parties),
    }


def _performance(org, period, review) -> dict:
    measured = _rows(KpiMeasurement, org).filter(period.days("period_start"))
    kpis = []
    for kpi in _rows(Kpi, org).order_by("key"):
        latest = measured.filter(kpi=kpi).order_by("-period_start").first()
        value = None if latest is None or latest.value is None else latest.value
        kpis.append(
            {
                "kpi": kpi.ref,
                "name": kpi.name,
                "unit": kpi.unit,
                "target": None if kpi.target is None else str(kpi.target),
                "latest": None if value is None else str(value),
                "latest_period": None if latest is None else latest.period_start.isoformat(),
                "meets_target": kpi.meets_target(value),
            }
        )
    objectives = _rows(Objective, org).exclude(status=Objective.Status.WITHDRAWN)
    unmeasured = objectives.exclude(kpis__measurements__in=measured)
    return {
        "kpis": kpis,
        "kpis_off_target": sum(1 for k in kpis if k["meets_target"] is False),
        "objectives": objectives.count(),
        "objectives_by_status": dict(
            objectives.values_list("status").annotate(n=Count("pk")).order_by("status")
        ),
        "objectives_unmeasured": _refs(unmeasured),
    }


def _nonconformities(org, period, review) -> dict:
    ncs = _rows(Nonconformity, org)
    actions = _rows(CorrectiveAction, org)
    closed_actions = actions.filter(period.days("closed_on"))
    return {
        "raised": ncs.filter(period.days("raised_on")).count(),
        "raised_by_source": dict(
            ncs.filter(period.days("raised_on"))
            .values_list("source")
            .annotate(n=Count("pk"))
            .order_by("source")
        ),
        "closed": ncs.filter(period.days("closed_on")).count(),
        "open": ncs.filter(raised_on__lte=period.end, status=Nonconformity.Status.OPEN).count(),
        "actions_overdue": actions.filter(closed_on__isnull=True, due_date__lt=period.end).count(),
        "actions_effective": closed_actions.filter(
            effectiveness=CorrectiveAction.Effectiveness.EFFECTIVE
        ).count(),
        "actions_not_effective": closed_actions.filter(
            effectiveness=CorrectiveAction.Effectiveness.NOT_EFFECTIVE
        ).count(),
        "actions_unchecked": closed_actions.filter(
            effectiveness=CorrectiveAction.Effectiveness.NOT_CHECKED
        ).count(),
        "recurred": _refs(recurred(ncs.filter(period.days("closed_on")))),
    }


def _audits(org, period, review) -> dict:
    audits = _rows(InternalAudit, org).filter(period.days("completed_on"))
    evaluations = _rows(Evaluation, org).filter(period.days("audit_date"))
    latest = evaluations.order_by("-audit_date", "-ref")
    findings = (
        _rows(Finding, org)
        .filter(evaluation__in=evaluations)
        .values_list("grade")
        .annotate(n=Count("pk"))
        .order_by("grade")
    )
    return {
        "internal_audits": [
            {"ref": a.ref, "title": a.title, "completed_on": a.completed_on.isoformat(),
             "clauses": a.clauses}
            for a in audits.order_by("completed_on", "ref")
        ],
        "evaluations": [
            {"ref": e.ref, "stage": e.stage, "audit_date": e.audit_date.isoformat(),
             "outcome": e.outcome, "recommendation": e.recommendation}
            for e in latest[:NAMED]
        ],
        "findings_by_grade": dict(findings),
    }  # fmt: skip


def _suppliers(org, period, review) -> dict:
    reviews = _rows(SupplierReview, org).filter(period.days("reviewed_on"))
    section = {
        "reviews": reviews.count(),
        "average_rating": _number(reviews.aggregate(avg=Avg("rating"))["avg"]),
        "low_ratings": _refs(reviews.filter(rating__lte=2)),
    }
    measurement = _model("agreements.SupplierMeasurement")
    if measurement is not None:
        rows = _rows(measurement, org).filter(period.days("month"))
        section["measurements"] = rows.count()
        section["measurements_missed"] = rows.filter(met=False).count()
    return section


def _customers(org, period, review) -> dict:
    slas = _rows(SlaMeasurement, org).filter(period.days("month"))
    section = {"sla_measurements": slas.count(), "sla_missed": slas.filter(met=False).count()}
    survey = _model("agreements.SatisfactionSurvey")
    if survey is not None:
        surveys = _rows(survey, org).filter(period.days("conducted_on"))
        section["surveys"] = surveys.count()
        section["average_satisfaction"] = _number(surveys.aggregate(avg=Avg("score"))["avg"])
    complaint = _model("agreements.Complaint")
    if complaint is not None:
        complaints = _rows(complaint, org)
        section["complaints_received"] = complaints.filter(period.days("received_on")).count()
        section["complaints_open"] = complaints.filter(
            received_on__lte=period.end, resolved_on__isnull=True
        ).count()
    if survey is None and complaint is None:
        section["note"] = "No customer feedback records are kept in this installation."
    return section


def _risks(org, period, review) -> dict:
    risks = _rows(Risk, org).exclude(status=Risk.Status.CLOSED)
    new = _rows(Risk, org).filter(period.instants("created_at"))
    changed = _rows(Risk, org).filter(period.instants("updated_at")).exclude(pk__in=new)
    overdue = risks.filter(review_due__lt=period.end)
    return {
        "open": risks.count(),
        "new": _refs(new),
        "changed": _refs(changed),
        "review_overdue": _refs(overdue),
    }


def _improvement(org, period, review) -> dict:
    register = _rows(Improvement, org)
    ofis = _rows(Finding, org).filter(
        grade=Finding.Grade.OFI,
        evaluation__in=_rows(Evaluation, org).filter(period.days("audit_date")),
    )
    return {
        "raised": register.filter(period.days("raised_on")).count(),
        "accepted_open": _refs(
            register.filter(decision=Improvement.Decision.ACCEPTED).exclude(
                status__in=[Improvement.Status.COMPLETED, Improvement.Status.CLOSED]
            )
        ),
        "completed": register.filter(period.days("completed_on")).count(),
        "undecided": register.filter(decision=Improvement.Decision.PENDING).count(),
        "ofi_findings": ofis.values("key").distinct().count(),
    }


def _number(value) -> float | None:
    return None if value is None else round(float(value), 2)
