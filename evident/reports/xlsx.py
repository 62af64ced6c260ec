"""Findings and corrective action plans as an XLSX workbook (openpyxl).

Sheets: Summary (the audit and its verdict), Findings (one row per finding,
with its evidence refs and the state of its nonconformity's plan), Corrective
action plans (one row per nonconformity), Samples (one row per sample). Each
sheet has a styled, frozen header row and sized columns; dates are real dates.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .content import ReportContent

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="14324F")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

FINDING_COLUMNS = (
    ("Finding", 11),
    ("Clause", 9),
    ("Clause title", 30),
    ("Grade", 26),
    ("Severity", 9),
    ("Statement", 70),
    ("Requirement tested", 40),
    ("Evidence refs", 40),
    ("Evidence count", 9),
    ("Nonconformity", 14),
    ("CAP status", 22),
    ("Check", 28),
    ("Finding key", 36),
)
PLAN_COLUMNS = (
    ("Nonconformity", 14),
    ("Title", 40),
    ("Clause", 9),
    ("Grade", 9),
    ("Finding key", 36),
    ("Nonconformity status", 14),
    ("Closure verified", 10),
    ("Plan", 11),
    ("Plan status", 14),
    ("Plan complete", 10),
    ("Owner", 22),
    ("Due date", 12),
    ("Decided at (UTC)", 17),
    ("Decided by", 18),
)
SAMPLE_COLUMNS = (
    ("Sample", 11),
    ("Population", 44),
    ("Clause", 9),
    ("Population size", 11),
    ("Sample size", 9),
    ("Seed", 20),
    ("Method", 40),
    ("Records", 80),
)


def _naive(moment):
    """Excel has no time zones: datetimes are written in UTC without one."""
    return moment.replace(tzinfo=None) if moment is not None else None


def _sheet(workbook, title: str, columns, rows, formats: dict[int, str] | None = None):
    sheet = workbook.create_sheet(title)
    sheet.append([name for name, _ in columns])
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        sheet.append(list(row))
    for column, number_format in (formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


def _decision_text(content: ReportContent) -> str:
    decision = content.decision
    if decision is None:
        return "-"
    when = decision.decided_at.date().isoformat()
    return f"{decision.decision_label} ({decision.ref}, {when}, {decision.decided_by or 'unnamed'})"


def _summary(workbook, content: ReportContent) -> None:
    sheet = workbook.active
    sheet.title = "Summary"
    rows = [
        ("Organisation", content.organisation_name),
        ("Report", content.report_title),
        ("Audit", content.title),
        ("Kind", content.kind_label),
        ("Engagement", content.engagement_ref or "-"),
        ("Evaluation", content.evaluation_ref),
        ("Audit date", content.audit_date),
        ("Period start", content.period_start),
        ("Period end", content.period_end),
        ("Lead auditor", content.lead_auditor or "-"),
        ("Audit team", ", ".join(content.team) or "-"),
        ("Verdict at evaluation", content.verdict_label),
        ("Verdict now", content.current_verdict_label),
        ("Decision", _decision_text(content)),
        ("Findings", len(content.findings)),
        *((f"  {label}", count) for label, count in content.grade_counts.items()),
        ("Sampling seed", str(content.seed)),
        ("Engine version", content.engine_version),
        ("Evidence digest", content.evidence_digest),
        ("Generated at (UTC)", _naive(content.generated_at)),
    ]
    for row in rows:
        sheet.append(list(row))
    for label, value in sheet.iter_rows(min_row=1):
        label.font = Font(bold=True)
        if label.value in ("Audit date", "Period start", "Period end"):
            value.number_format = DATE_FORMAT
        elif label.value == "Generated at (UTC)":
            value.number_format = DATETIME_FORMAT
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 70


def _finding_rows(content: ReportContent):
    for f in content.findings:
        yield (
            f.ref,
            f.clause,
            f.clause_title,
            f.grade_label,
            f.severity or "",
            f.statement,
            f.requirement,
            ", ".join(r.ref for r in f.records),
            len(f.records),
            ", ".join(p.nonconformity_ref for p in f.plans),
            f.plan_summary,
            f.check_id,
            f.key,
        )


def _plan_rows(content: ReportContent):
    for p in content.plans:
        yield (
            p.nonconformity_ref,
            p.nonconformity_title,
            p.clause,
            p.grade,
            p.finding_key,
            p.nonconformity_status,
            "yes" if p.closure_verified else "no",
            p.plan_ref or "-",
            p.summary,
            "yes" if p.plan_complete else "no",
            p.owner,
            p.due_date,
            _naive(p.decided_at),
            p.decided_by,
        )


def _sample_rows(content: ReportContent):
    for s in content.samples:
        yield (
            s.ref,
            s.population,
            s.clause,
            s.population_size,
            s.sample_size,
            str(s.seed),  # 60-bit seeds lose digits as Excel numbers
            s.method,
            ", ".join(r.ref for r in s.records),
        )


def render_xlsx(content: ReportContent) -> bytes:
    workbook = Workbook()
    _summary(workbook, content)
    _sheet(workbook, "Findings", FINDING_COLUMNS, _finding_rows(content))
    _sheet(
        workbook,
        "Corrective action plans",
        PLAN_COLUMNS,
        _plan_rows(content),
        formats={12: DATE_FORMAT, 13: DATETIME_FORMAT},
    )
    _sheet(workbook, "Samples", SAMPLE_COLUMNS, _sample_rows(content))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
