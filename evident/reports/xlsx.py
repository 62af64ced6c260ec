"""Findings and corrective action plans as an XLSX workbook (openpyxl).

Sheets: Summary (the audit and its verdict), Findings (one row per finding,
withdrawn ones included, with its evidence refs, sampled evidence, interviews
and the state of its nonconformity's plan), Corrective action plans (one row
per nonconformity), Samples (one row per sample), and for an engagement
Sampled records (each with the engine's verdict and the auditor's judgement)
and Interviews. Each sheet has a styled, frozen header row and sized columns;
dates are real dates.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from evident.core.safe_export import neutralise_sheet

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
    ("Auditor's decision", 24),
    ("Auditor's reason", 40),
    ("Engine's grade", 20),
    ("Samples", 24),
    ("Interviews", 24),
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
    ("Returned because", 40),
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
    ("Drawn by", 12),
    ("Judged", 9),
)
JUDGED_COLUMNS = (
    ("Sample", 11),
    ("Population", 40),
    ("Record", 12),
    ("Title", 40),
    ("Engine verdict", 15),
    ("Auditor verdict", 15),
    ("Auditor's note", 50),
    ("Judged by", 18),
    ("Judged at (UTC)", 17),
)
INTERVIEW_COLUMNS = (
    ("Interview", 11),
    ("Interviewee", 22),
    ("Role", 16),
    ("Held on", 12),
    ("Clauses", 14),
    ("Interviewer", 22),
    ("Evidence seen", 50),
    ("Questions and answers", 80),
    ("Cited by", 20),
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
        *(
            (("Not yet judged by the auditor", content.awaiting_auditor),)
            if content.engagement_ref
            else ()
        ),
        *(
            (
                "Concern to resolve before Stage 2",
                f"{k.ref} {k.clause} ({k.severity}): {k.statement}",
            )
            for k in content.concerns
        ),
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
    for f in (*content.findings, *content.withdrawn):
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
            f.status_label or "-",
            f.reason,
            f.engine_grade,
            ", ".join(f.samples),
            ", ".join(i.ref for i in f.interviews),
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
            p.return_reason,
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
            "auditor" if s.additional else "engine",
            s.judged_count,
        )


def _judged_rows(content: ReportContent):
    for s in content.samples:
        for row in s.judged:
            yield (
                s.ref,
                s.population,
                row.record.ref,
                row.record.title,
                row.engine_verdict,
                row.verdict.replace("_", " "),
                row.note,
                row.judged_by,
                _naive(row.judged_at),
            )


def _interview_rows(content: ReportContent):
    for i in content.interviews:
        yield (
            i.ref,
            i.interviewee,
            i.role,
            i.held_on,
            ", ".join(i.clauses),
            i.interviewer,
            i.evidence_seen,
            "\n".join(f"Q: {q}\nA: {a}" for q, a in i.answers),
            ", ".join(i.findings),
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
    if content.engagement_ref:
        _sheet(
            workbook,
            "Sampled records",
            JUDGED_COLUMNS,
            _judged_rows(content),
            formats={9: DATETIME_FORMAT},
        )
        _sheet(
            workbook,
            "Interviews",
            INTERVIEW_COLUMNS,
            _interview_rows(content),
            formats={4: DATE_FORMAT},
        )
    for sheet in workbook.worksheets:
        neutralise_sheet(sheet)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
