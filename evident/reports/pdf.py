"""The audit report as PDF: Django templates and a print stylesheet, laid out by WeasyPrint.

WeasyPrint draws text with the Pango library. Where Pango is missing, importing
WeasyPrint fails with an ``OSError``; ``render_pdf`` turns that into
``PdfUnavailable`` with a message saying what to install.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from . import charts
from .content import ReportContent

# Records listed under one finding; the rest are counted and are in the evidence pack.
EVIDENCE_SHOWN = 40

INSTALL_HINT = (
    "PDF reports need WeasyPrint's system libraries (Pango, with HarfBuzz and fontconfig). "
    "Install them (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
    "libharfbuzz-subset0; Fedora: dnf install pango; macOS: brew install pango) and try "
    "again. XLSX reports do not need them."
)


def css_string(text: str) -> str:
    """``text`` as the inside of a CSS string: quotes, backslashes, markup and controls escaped."""
    return "".join(
        f"\\{ord(ch):x} " if ch in '\\"<>&' or ord(ch) < 32 else ch for ch in " ".join(text.split())
    )


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run on this machine; the message says what to install."""


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: a system library failed to load
        raise PdfUnavailable(f"{INSTALL_HINT} (Cause: {error})") from error
    return weasyprint


def report_html(content: ReportContent) -> str:
    """The report as one HTML document, stylesheet included; what the PDF is laid out from."""
    findings = [
        {
            "item": finding,
            "shown": finding.records[:EVIDENCE_SHOWN],
            "more": max(len(finding.records) - EVIDENCE_SHOWN, 0),
        }
        for finding in content.findings
    ]
    groups = []
    position = 0
    for group in content.clause_groups:
        groups.append(
            {"group": group, "findings": findings[position : position + len(group.findings)]}
        )
        position += len(group.findings)
    return render_to_string(
        "reports/report.html",
        {
            "c": content,
            "groups": groups,
            **_judgement_context(content),
            "heat_map": mark_safe(charts.clause_heat_map(content.findings)),  # noqa: S308 (built here, text escaped)
            "grade_chart": mark_safe(charts.findings_by_grade(content.grade_counts, content.stage)),  # noqa: S308
            "readiness_chart": mark_safe(charts.readiness_over_time(content.history)),  # noqa: S308
            "verdict_changed": content.verdict != content.current_verdict,
            "running": mark_safe(  # noqa: S308 (escaped for CSS by css_string)
                css_string(
                    f"{content.organisation_name} · {content.report_title} · {content.subject_ref}"
                )
            ),
        },
    )


def _judgement_context(content: ReportContent) -> dict:
    """What the auditor did, counted for the summary, and each sample split by judgement."""
    rows = [row for sample in content.samples for row in sample.judged]
    return {
        "tally": {
            "confirmed": sum(1 for f in content.findings if f.status_label.startswith("Confirmed")),
            "changed": sum(1 for f in content.findings if f.status == "changed"),
            "raised": sum(1 for f in content.findings if f.status_label.startswith("Raised")),
        },
        "judged_total": sum(1 for row in rows if row.verdict != "not_judged"),
        "disagreements": sum(1 for row in rows if not row.agrees),
        "sample_entries": [
            {
                "item": sample,
                "judged": [row for row in sample.judged if row.verdict != "not_judged"],
                "unjudged": [row for row in sample.judged if row.verdict == "not_judged"],
            }
            for sample in content.samples
        ],
    }


def render_pdf(content: ReportContent) -> bytes:
    """The report as PDF bytes; ``PdfUnavailable`` when WeasyPrint cannot run here."""
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=report_html(content)).write_pdf()
