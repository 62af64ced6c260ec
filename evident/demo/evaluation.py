"""Performance evaluation and improvement: KPIs with a year of monthly values, monthly
service reports, management reviews with compiled inputs and outputs, and the
improvement register.

Runs last, because KPIs, reports and review inputs are read from every record
the earlier steps made. Every objective has a KPI measured each month, every
live service a report each month, each held review its inputs and outputs, and
every accepted improvement was started soon after the decision.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from evident.audits import services as audits
from evident.audits.kpis import COMPUTED, measure_kpis
from evident.audits.models import Improvement, KpiMeasurement, ManagementReview, ReviewOutput
from evident.audits.review_inputs import compile_inputs
from evident.core.tenancy import scoped
from evident.governance.models import Objective

from .build import Build
from .timeline import HOUR, midnight, months_after

# Objectives measured by a computed KPI: objective title -> computation.
COMPUTED_FOR_OBJECTIVE = {
    "Resolve incidents within their target time": "sla-attainment",
    "Implement changes without disruption": "change-success-rate",
}
# Objectives measured by hand: title -> (KPI key, usual value, monthly spread).
MANUAL_FOR_OBJECTIVE = {
    "Keep round-the-clock services available": ("availability", "99.86", "0.06"),
    "Fulfil service requests promptly": ("request-fulfilment", "96.5", "1.5"),
    "Remove the causes of repeat incidents": ("problems-resolved", "3.4", "0.8"),
    "Raise customer satisfaction": ("customer-satisfaction", "4.3", "0.15"),
    "Publish every live service in the catalogue": ("catalogue-coverage", "100", "0"),
}

# (planned days ago, held days ago): negative days ago are days ahead; the last is planned.
REVIEWS = ((305, 303), (122, 120), (-60, None))
MINUTES = (
    "Reviewed the compiled inputs: objectives and KPIs, SLA performance, audit results, "
    "nonconformities, risks, supplier performance and the improvement register; decisions "
    "and actions recorded as outputs."
)

# Outputs of each held review: (kind, description, owner role, due days after, closed days after).
REVIEW_OUTPUTS = (
    ("decision", "Keep the objectives and targets for the coming year unchanged.", None, None,
     None),
    ("action", "Add a monthly service report review to the service level meetings.",
     "service_level", 30, 24),
    ("action", "Extend supplier reviews to compare performance with the contract.", "supplier",
     45, 38),
)  # fmt: skip

# (title, source, opportunity, benefit, decision, days ago raised, status, owner role, result)
IMPROVEMENTS = (
    ("Self-service password reset", "staff",
     "A third of service desk calls are password resets.",
     "Fewer calls; users back to work in minutes.", "accepted", 300, "completed",
     "service_desk", "Password reset calls fell by 60 % in the first quarter."),
    ("Automated change calendar conflicts check", "audit",
     "Changes to the same configuration items are sometimes scheduled together.",
     "Fewer failed changes caused by clashes.", "accepted", 150, "in_progress", "change", ""),
    ("Quarterly service review with key customers", "review",
     "Customers learn of trends only from the monthly report.",
     "Earlier agreement on service level changes.", "accepted", 110, "completed",
     "service_level", "Held with the three largest customers; two SLA changes agreed."),
    ("Chat channel for the service desk", "customer",
     "Customers ask for chat besides phone and portal.",
     "Faster answers to simple questions.", "deferred", 90, "proposed", "service_desk", ""),
    ("Replace the monitoring tool", "staff",
     "Alerts from the current tool are noisy.",
     "Fewer false alarms out of hours.", "rejected", 200, "closed", "infrastructure", ""),
)  # fmt: skip


def generate(build: Build) -> None:
    """Create the KPIs and their series, service reports, the reviews with their inputs and
    outputs, and the improvement register."""
    _kpis(build)
    _service_reports(build)
    _reviews(build)
    _improvements(build)


def _kpis(build: Build) -> None:
    organisation = build.organisation
    objectives = {o.title: o for o in scoped(Objective, organisation)}
    linked = {computation: title for title, computation in COMPUTED_FOR_OBJECTIVE.items()}
    for computation in COMPUTED:
        title = linked.get(computation)
        audits.define_kpi(
            organisation,
            key=computation,
            computation=computation,
            objective=objectives.get(title),
            owner=objectives[title].owner if title in objectives else build.roster.sms_manager,
        )
    rng = build.rng("kpis")
    months = build.timeline.reported_months()
    for title, (key, usual, spread) in MANUAL_FOR_OBJECTIVE.items():
        objective = objectives.get(title)
        if objective is None:
            continue
        kpi = audits.define_kpi(
            organisation,
            key=key,
            name=objective.measure or title,
            unit=objective.unit,
            target=objective.target_value,
            objective=objective,
            owner=objective.owner,
        )
        for month in months:
            value = Decimal(usual) + Decimal(str(rng.uniform(-1, 1))) * Decimal(spread)
            audits.record_kpi_measurement(
                kpi,
                period_start=month,
                period_end=months_after(month, 1) - dt.timedelta(days=1),
                value=value.quantize(Decimal("0.001")),
                source=KpiMeasurement.Source.MANUAL,
            )
    for month in months:
        measure_kpis(organisation, month)


def _service_reports(build: Build) -> None:
    for month in build.timeline.reported_months():
        last_day = months_after(month, 1) - dt.timedelta(days=1)
        for service in build.live_services:
            audits.generate_service_report(service, period_start=month, period_end=last_day)


def _reviews(build: Build) -> None:
    """Two reviews held in the year and the next one planned, each recorded with the inputs
    compiled from the records a week before it, and the held ones with their outputs."""
    timeline, chair, today = build.timeline, build.roster.managing_director, build.timeline.today
    for planned, held in REVIEWS:
        on = timeline.day_ago(held) if held is not None else None
        planned_on = timeline.day_ago(planned) if planned >= 0 else timeline.day_ahead(-planned)
        review = ManagementReview(
            organisation=build.organisation,
            title=f"Management review {(on or planned_on).strftime('%B %Y')}",
            planned_date=planned_on,
            held_on=on,
            status=ManagementReview.Status.HELD if on else ManagementReview.Status.PLANNED,
            chair=chair,
            minutes=MINUTES if on else "",
        )
        compiled = min(on or planned_on, today) - dt.timedelta(days=7)
        review.inputs = compile_inputs(review)
        review.compiled_at = midnight(compiled) + 9 * HOUR
        (review,) = build.save(ManagementReview, [review])
        if on is None:
            continue
        outputs = []
        for kind, description, role, due_after, closed_after in REVIEW_OUTPUTS:
            closed = on + dt.timedelta(days=closed_after) if closed_after else None
            outputs.append(
                ReviewOutput(
                    review=review,
                    kind=kind,
                    description=description,
                    owner=build.owner(role) if role else chair,
                    due_date=on + dt.timedelta(days=due_after) if due_after else None,
                    closed_on=closed if closed and closed < today else None,
                )
            )
        build.save(ReviewOutput, outputs)


def _improvements(build: Build) -> None:
    """The register as it stands: each entry decided two weeks after it was raised, and the
    accepted ones started at once."""
    today, rows = build.timeline.today, []
    for row in IMPROVEMENTS:
        title, source, opportunity, benefit, decision, ago, status, role, result = row
        raised = build.timeline.day_ago(ago)
        decided = raised + dt.timedelta(days=14)
        completed = None
        if status == Improvement.Status.COMPLETED:
            completed = min(decided + dt.timedelta(days=90), today - dt.timedelta(days=1))
        rows.append(
            Improvement(
                title=title,
                source=source,
                raised_on=raised,
                opportunity=opportunity,
                expected_benefit=benefit,
                decision=decision,
                decided_on=decided,
                owner=build.owner(role),
                status=status,
                completed_on=completed,
                result=result,
            )
        )
    build.save(Improvement, rows)
