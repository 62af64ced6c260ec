"""The gap analysis: every clause of the catalogue, where the organisation stands against it.

Each clause takes its status from the latest evaluation of each stage, counting
the findings on the clause and on the clauses below it (7.5 takes in 7.5.3):

- *not met*: a major nonconformity or a high area of concern;
- *partly met*: only minor nonconformities, opportunities, or medium and low concerns;
- *met*: checks that cover the clause ran and found nothing;
- *not assessed*: no check covers the clause, or none of the stages that do has run.

The milestones of the SMS plan that name the clause are the actions planned for it.
``turn_gaps_into_plan`` adds one milestone per clause with gaps that has none open.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from evident.core import services
from evident.core.context import acting
from evident.core.models import Organisation
from evident.core.tenancy import scoped
from evident.governance.models import Milestone, SmsPlan

from .models import Clause, Evaluation, Finding

MET = "met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
NOT_ASSESSED = "not_assessed"
STATUS_LABELS = {
    MET: "Met",
    PARTLY_MET: "Partly met",
    NOT_MET: "Not met",
    NOT_ASSESSED: "Not assessed",
}

# Days from today to the due date of a generated milestone: graver gaps first,
# then a week between milestones of the same gravity so they do not all fall due at once.
DUE_IN_DAYS = {NOT_MET: 30, PARTLY_MET: 60}
MINOR_GAP_DUE_IN_DAYS = 90  # only opportunities and low concerns
SPREAD_DAYS = 7


def is_under(number: str, clause: str) -> bool:
    """Whether ``number`` is ``clause`` or a clause below it (8.5.1 is under 8.5, not 8.50)."""
    return number == clause or number.startswith(f"{clause}.")


def is_grave(finding: Finding) -> bool:
    return finding.grade == Finding.Grade.MAJOR or finding.severity == Finding.Severity.HIGH


def is_slight(finding: Finding) -> bool:
    """Opportunities and low concerns: worth doing, not blocking."""
    return finding.grade == Finding.Grade.OFI or finding.severity == Finding.Severity.LOW


@dataclass
class ClauseGap:
    """Where the organisation stands against one clause."""

    number: str
    title: str
    level: int
    status: str
    checks: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def own_findings(self) -> list[Finding]:
        """Findings that name this clause itself, not one below it."""
        return [f for f in self.findings if f.clause == self.number]

    @property
    def open_milestones(self) -> list[Milestone]:
        return [m for m in self.milestones if m.status != Milestone.Status.DONE]

    @property
    def evidence(self) -> list[dict]:
        """The records the findings rest on, each once."""
        seen, records = set(), []
        for finding in self.findings:
            for record in finding.records:
                key = (record.get("type"), record.get("ref"))
                if key not in seen:
                    seen.add(key)
                    records.append(record)
        return records


@dataclass
class GapAnalysis:
    """Every clause's status, and the evaluations it was read from."""

    evaluations: dict[int, Evaluation | None]
    clauses: list[ClauseGap]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for gap in self.clauses:
            counts[gap.status] += 1
        return counts

    def gaps_to_plan(self) -> list[ClauseGap]:
        """Clauses named by findings that leave them not met or partly met, with no open step."""
        return [
            gap
            for gap in self.clauses
            if gap.status in (NOT_MET, PARTLY_MET) and gap.own_findings and not gap.open_milestones
        ]


def latest_evaluations(organisation: Organisation) -> dict[int, Evaluation | None]:
    evaluations = (
        scoped(Evaluation, organisation)
        .filter(voided_at__isnull=True)
        .order_by("-created_at", "-pk")
    )
    return {stage: evaluations.filter(stage=stage).first() for stage in Evaluation.Stage.values}


def checks_by_stage() -> dict[int, list]:
    from .engine import checks_for_stage  # imported on use: it loads every check

    return {stage: checks_for_stage(stage) for stage in Evaluation.Stage.values}


def gap_analysis(organisation: Organisation) -> GapAnalysis:
    """The status of every clause of the catalogue, in the standard's order."""
    evaluations = latest_evaluations(organisation)
    ran = [e for e in evaluations.values() if e is not None]
    # Only the checks of stages that have run can have judged a clause.
    checks = [c for stage, cs in checks_by_stage().items() if evaluations[stage] for c in cs]
    findings = list(
        scoped(Finding, organisation).filter(evaluation__in=ran).order_by("clause", "ref")
    )
    milestones = list(
        scoped(Milestone, organisation).exclude(clause="").order_by("due_date", "ref")
    )
    gaps = []
    for clause in Clause.objects.order_by("position"):
        number = clause.number
        covering = [c.id for c in checks if is_under(c.clause, number)]
        found = [f for f in findings if is_under(f.clause, number)]
        gaps.append(
            ClauseGap(
                number=number,
                title=clause.title,
                level=clause.level,
                status=_status(covering, found),
                checks=covering,
                findings=found,
                milestones=[m for m in milestones if m.clause == number],
            )
        )
    return GapAnalysis(evaluations=evaluations, clauses=gaps)


def _status(covering: list[str], found: list[Finding]) -> str:
    if any(is_grave(f) for f in found):
        return NOT_MET
    if found:
        return PARTLY_MET
    return MET if covering else NOT_ASSESSED


def turn_gaps_into_plan(
    organisation: Organisation,
    plan: SmsPlan,
    user=None,
    *,
    source: str = "web",
    today: dt.date | None = None,
) -> list[Milestone]:
    """Add to ``plan`` one milestone per clause with gaps and no open milestone; return them.

    Running it again adds nothing for clauses it has already planned. Due dates
    follow the gravity of the gap: not met in 30 days, partly met in 60, only
    opportunities or low concerns in 90, a week apart within each group.
    """
    if plan.organisation_id != organisation.pk:
        raise ValidationError({"plan": "The plan belongs to another organisation."})
    today = today or dt.datetime.now(dt.UTC).date()
    analysis = gap_analysis(organisation)
    created, placed = [], {}
    with acting(source=source, user=user), transaction.atomic():
        for gap in analysis.gaps_to_plan():
            days = _due_in_days(gap)
            offset = placed.get(days, 0)
            placed[days] = offset + 1
            created.append(
                services.create_record(
                    Milestone,
                    organisation,
                    plan=plan,
                    title=f"Close the gaps in {gap.number} {gap.title}"[:200],
                    clause=gap.number,
                    due_date=today + dt.timedelta(days=days + SPREAD_DAYS * offset),
                    owner=plan.owner,
                    status=Milestone.Status.PLANNED,
                )
            )
    return created


def _due_in_days(gap: ClauseGap) -> int:
    if gap.status == PARTLY_MET and all(is_slight(f) for f in gap.own_findings):
        return MINOR_GAP_DUE_IN_DAYS
    return DUE_IN_DAYS[gap.status]


# Exports: one row per clause, the same columns in CSV and XLSX.

EXPORT_COLUMNS = (
    "clause",
    "title",
    "status",
    "checks",
    "findings",
    "grades",
    "statements",
    "evidence",
    "milestones",
)


def export_rows(analysis: GapAnalysis) -> list[list[str]]:
    rows = [list(EXPORT_COLUMNS)]
    for gap in analysis.clauses:
        rows.append(
            [
                gap.number,
                gap.title,
                gap.status_label,
                str(len(gap.checks)),
                str(len(gap.findings)),
                "; ".join(_grade_text(f) for f in gap.findings),
                " | ".join(f"{f.clause}: {f.statement}" for f in gap.findings),
                " ".join(r.get("ref", "") for r in gap.evidence),
                "; ".join(
                    f"{m.ref} {m.title} (due {m.due_date}, {m.get_status_display()})"
                    for m in gap.milestones
                ),
            ]
        )
    return rows


def _grade_text(finding: Finding) -> str:
    grade = finding.get_grade_display()
    return f"{grade} ({finding.severity})" if finding.severity else grade


def as_csv(analysis: GapAnalysis) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(export_rows(analysis))
    return out.getvalue()


def as_xlsx(analysis: GapAnalysis) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Gap analysis"
    for row in export_rows(analysis):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
