"""Clause 9 in depth: KPIs, the audit programme's coverage and impartiality, review
inputs and outputs, and service reports.

``performance.py`` asks whether audits and reviews happened at all; the checks here
ask whether they were done well. Recurrence and the improvement register are in
``improvement.py``.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from evident.audits.models import (
    AuditProgramme,
    InternalAudit,
    Kpi,
    KpiMeasurement,
    ManagementReview,
    ReviewOutput,
    ServiceReport,
)
from evident.audits.programme import conflicted_audits, programme_coverage
from evident.audits.review_inputs import SECTIONS, missing_sections
from evident.governance.models import Objective

from ..evidence import name_records, names_of, plural, record_ref, verb
from ..registry import (
    AREA_OF_CONCERN,
    LOW,
    MAJOR,
    MEDIUM,
    MINOR,
    Check,
    FindingResult,
    register,
)
from .common import current_scope, live_services


def _live_objectives(scope):
    return scope.records(Objective).exclude(status=Objective.Status.WITHDRAWN)


def _gaps_text(gaps) -> str:
    return ", ".join(gaps)


# Stage 1 ------------------------------------------------------------------------------


@register(
    Check(
        id="s1.kpi.objectives",
        clause="9.1",
        stage=1,
        title="Each objective is tracked by a KPI",
        looks_at="Objectives (not withdrawn) and the KPIs that measure them",
        grade_rule=(
            "Objectives but no KPI at all: medium. Some objectives with no KPI measuring "
            "them: low (one finding naming them)."
        ),
        fix=(
            "Define a KPI for each objective, computed from the records where possible, "
            "with a target and a direction, and link it to the objective."
        ),
    )
)
def objectives_have_kpis(scope):
    objectives = _live_objectives(scope)
    if not objectives.exists():
        return []  # no objectives is judged by the planning checks
    if not scope.records(Kpi).exists():
        statement = "No KPI is defined: the objectives have no indicator to be measured by."
        return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM)]
    untracked = objectives.exclude(Exists(scope.related(Kpi).filter(objective=OuterRef("pk"))))
    named = name_records(untracked)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'objective')} {verb(named.total, 'has', 'have')} no KPI "
        f"measuring {verb(named.total, 'it', 'them')}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


def current_programme(scope) -> AuditProgramme | None:
    """The programme whose cycle includes the audit date, else the latest one started."""
    programmes = scope.records(AuditProgramme).filter(cycle_start__lte=scope.audit_date)
    running = programmes.filter(cycle_end__gte=scope.audit_date)
    chosen = running if running.exists() else programmes
    return chosen.order_by("-cycle_start", "-ref").first()


@register(
    Check(
        id="s1.internal-audit.coverage",
        clause="9.2",
        stage=1,
        title="The audit programme covers every clause over its cycle",
        looks_at=(
            "The programme whose cycle includes the audit date (else the latest), and the "
            "clauses its audits (planned or completed) cover"
        ),
        grade_rule=(
            "Audits but no programme organising them: low. A programme whose audits leave "
            "clauses uncovered over the cycle: medium."
        ),
        fix=(
            "Plan the cycle's audits so that together they cover every clause of the "
            "standard, and record them under the programme."
        ),
    )
)
def programme_covers_every_clause(scope):
    programme = current_programme(scope)
    if programme is None:
        audits = scope.records(InternalAudit).exclude(status=InternalAudit.Status.CANCELLED)
        if not audits.exists():
            return []  # no audit at all is judged by s1.internal-audit.programme
        statement = (
            "Internal audits are planned one by one: no audit programme sets out a cycle "
            "that covers every clause."
        )
        return [FindingResult(AREA_OF_CONCERN, statement, LOW, name_records(audits).records)]
    coverage = programme_coverage(programme)
    if coverage.complete:
        return []
    statement = (
        f"The audits of {programme.ref} ({programme.cycle_start} to {programme.cycle_end}) "
        f"leave clauses uncovered: {_gaps_text(coverage.gaps)}."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, (record_ref(programme),))]


@register(
    Check(
        id="s1.management-review.inputs",
        clause="9.3",
        stage=1,
        title="The next management review has every input prepared",
        looks_at="The next planned management review and its inputs compiled from the records",
        grade_rule=(
            "A planned review whose inputs are not yet compiled: low. Compiled inputs that "
            "leave out an input the review must consider: medium."
        ),
        fix=(
            "Compile the review's inputs from the records before it is held, so that the "
            "agenda covers every input: " + "; ".join(title.lower() for _, title in SECTIONS) + "."
        ),
    )
)
def review_agenda_covers_inputs(scope):
    planned = (
        scope.records(ManagementReview)
        .filter(status=ManagementReview.Status.PLANNED)
        .order_by("planned_date", "ref")
    )
    review = planned.filter(planned_date__gte=scope.audit_date).first() or planned.last()
    if review is None:
        return []
    records = (record_ref(review),)
    if review.compiled_at is None:
        statement = f"The inputs of the planned review {review.ref} are not compiled yet."
        return [FindingResult(AREA_OF_CONCERN, statement, LOW, records)]
    missing = missing_sections(review.inputs)
    if not missing:
        return []
    titles = dict(SECTIONS)
    statement = (
        f"The inputs compiled for {review.ref} leave out: "
        f"{'; '.join(titles[key].lower() for key in missing)}."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, records)]


# Stage 2 ------------------------------------------------------------------------------


@register(
    Check(
        id="s2.kpi.objectives-measured",
        clause="9.1",
        stage=2,
        title="Objectives were measured in the period",
        looks_at="Objectives (not withdrawn) and the measurements of their KPIs in the period",
        grade_rule="Any objective with no KPI measurement in the period: minor (one finding).",
        fix=(
            "Measure each objective's KPI every month (evident measure-kpis for the computed "
            "ones) and review the results against the targets."
        ),
    )
)
def objectives_measured(scope):
    measured = scope.related(KpiMeasurement).filter(
        scope.date_in_period("period_start"), kpi__objective=OuterRef("pk"), value__isnull=False
    )
    unmeasured = _live_objectives(scope).exclude(Exists(measured))
    named = name_records(unmeasured)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'objective')} {verb(named.total, 'was', 'were')} not measured "
        f"in the period ({scope.period_start} to {scope.period_end}).{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.internal-audit.impartial",
        clause="9.2",
        stage=2,
        title="Auditors did not audit their own work",
        looks_at=(
            "Internal audits completed in the period, their lead auditor and auditors, and "
            "the processes those people own or hold a role in"
        ),
        grade_rule=(
            "Any audit of the period with an auditor examining a process they own or hold a "
            "role in: minor. Every audit of the period so affected (no impartial audit at "
            "all): major."
        ),
        fix=(
            "Assign auditors from outside the processes they audit (another process owner, "
            "an external auditor) and re-audit what was audited without impartiality."
        ),
    )
)
def audits_impartial(scope):
    completed = scope.records(InternalAudit).filter(scope.date_in_period("completed_on"))
    total = completed.count()
    if not total:
        return []  # no audit in the period is judged by s2.internal-audit.completed
    affected = conflicted_audits(completed)
    if not affected:
        return []
    details = "; ".join(
        conflict.sentence() for audit in affected for conflict in affected[audit][:3]
    )
    grade = MAJOR if len(affected) == total else MINOR
    lead = (
        "No audit of the period was impartial"
        if grade == MAJOR
        else f"{plural(len(affected), 'audit')} of {total} in the period lacked impartiality"
    )
    records = tuple(record_ref(audit) for audit in sorted(affected, key=lambda a: a.ref))
    return [FindingResult(grade, f"{lead}: {details}.", records=records)]


@register(
    Check(
        id="s2.internal-audit.cycle-coverage",
        clause="9.2",
        stage=2,
        title="A completed audit cycle covered every clause",
        looks_at="Programmes whose cycle ended in the period, and the clauses their completed "
        "audits covered",
        grade_rule="A cycle ending in the period with clauses never audited: minor per programme.",
        fix="Audit the clauses the cycle missed and plan the next cycle to cover them early.",
    )
)
def cycle_covered_every_clause(scope):
    ended = scope.records(AuditProgramme).filter(scope.date_in_period("cycle_end"))
    results = []
    for programme in ended.order_by("ref"):
        coverage = programme_coverage(programme, completed_only=True)
        if coverage.complete:
            continue
        statement = (
            f"The audit cycle of {programme.ref} ended on {programme.cycle_end} without "
            f"auditing: {_gaps_text(coverage.gaps)}."
        )
        results.append(
            FindingResult(MINOR, statement, records=(record_ref(programme),), subject=programme.ref)
        )
    return results


@register(
    Check(
        id="s2.management-review.inputs-outputs",
        clause="9.3",
        stage=2,
        title="Reviews considered every input and decided on outputs",
        looks_at="Management reviews held in the period, their compiled inputs and their outputs",
        grade_rule=(
            "Any review of the period held without compiled inputs (or with inputs left out), "
            "or without any recorded decision or action: minor (one finding)."
        ),
        fix=(
            "Compile the inputs from the records before each review and record its decisions "
            "and actions with owners and due dates."
        ),
    )
)
def reviews_complete(scope):
    held = scope.records(ManagementReview).filter(scope.date_in_period("held_on"))
    lacking = []
    for review in held.order_by("ref"):
        gaps = []
        if review.compiled_at is None:
            gaps.append("no compiled inputs")
        elif missing_sections(review.inputs):
            gaps.append(f"inputs left out ({', '.join(missing_sections(review.inputs))})")
        if not scope.records(ReviewOutput).filter(review=review).exists():
            gaps.append("no decision or action")
        if gaps:
            lacking.append((review, gaps))
    if not lacking:
        return []
    details = "; ".join(f"{review.ref}: {', '.join(gaps)}" for review, gaps in lacking)
    statement = (
        f"{plural(len(lacking), 'management review')} of the period "
        f"{verb(len(lacking), 'is', 'are')} incomplete: {details}."
    )
    return [FindingResult(MINOR, statement, records=tuple(record_ref(r) for r, _ in lacking))]


@register(
    Check(
        id="s2.service-report.produced",
        clause="9.4",
        stage=2,
        title="Service reports were produced for every live service in scope",
        looks_at="Live services in the current scope and the service reports of the period",
        grade_rule="Any live service in scope with no service report in the period: minor.",
        fix=(
            "Generate a report for each service every month (evident service-report) and "
            "share it with the customer and the service owner."
        ),
    )
)
def service_reports_produced(scope):
    current = current_scope(scope)
    if current is None:
        return []  # no scope is judged by the scope checks
    reported = scope.related(ServiceReport).filter(
        service=OuterRef("pk"),
        period_start__lte=scope.period_end,
        period_end__gte=scope.period_start,
    )
    services = (
        live_services(scope)
        .filter(pk__in=current.services.values("pk"))
        .exclude(Exists(reported))
        .order_by("ref")
    )
    named = name_records(services)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'live service')} in scope had no service report in the period: "
        f"{names_of(services[:10])}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]
