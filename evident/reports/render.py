"""One entry point for every caller (CLI, API, pages): find the audit, render it in a format.

``report_for(organisation, audit=... | evaluation=...)`` resolves a reference
(a ref such as ``AUD000001`` or ``EV000004``, or a database id) within the
organisation; ``render_report(content, fmt)`` returns the bytes with their
content type and a file name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from evident.audits.models import Evaluation
from evident.certification.models import AuditEngagement
from evident.core.tenancy import scoped

from . import content as reading
from .content import NothingToReport, ReportContent
from .pack import build_pack
from .pdf import PdfUnavailable, render_pdf
from .xlsx import render_xlsx

__all__ = [
    "FORMATS",
    "NothingToReport",
    "PdfUnavailable",
    "Rendered",
    "UnknownAudit",
    "find_engagement",
    "find_evaluation",
    "render_report",
]


@dataclass(frozen=True)
class Format:
    content_type: str
    suffix: str
    render: Callable[[ReportContent], bytes]


FORMATS = {
    "pdf": Format("application/pdf", "report.pdf", render_pdf),
    "xlsx": Format(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "findings.xlsx",
        render_xlsx,
    ),
    "zip": Format("application/zip", "evidence-pack.zip", build_pack),
}


class UnknownAudit(LookupError):
    """No engagement or evaluation with that ref or id in the organisation."""


@dataclass(frozen=True)
class Rendered:
    data: bytes
    content_type: str
    filename: str


def _find(model, organisation, reference: str | int, what: str):
    records = scoped(model, organisation)
    text = str(reference).strip()
    found = records.filter(ref__iexact=text).first()
    if found is None and text.isdigit():
        found = records.filter(pk=int(text)).first()
    if found is None:
        raise UnknownAudit(f"No {what} {text!r} in {organisation.slug}.")
    return found


def find_engagement(organisation, reference: str | int) -> AuditEngagement:
    return _find(AuditEngagement, organisation, reference, "audit engagement")


def find_evaluation(organisation, reference: str | int) -> Evaluation:
    return _find(Evaluation, organisation, reference, "evaluation")


def content_of(subject) -> ReportContent:
    """What the report of an engagement or an evaluation says."""
    if isinstance(subject, AuditEngagement):
        return reading.for_engagement(subject)
    return reading.for_evaluation(subject)


def render_report(content: ReportContent, fmt: str) -> Rendered:
    """The report in ``fmt`` (pdf, xlsx or zip); ``KeyError`` for any other format."""
    chosen = FORMATS[fmt]
    return Rendered(
        chosen.render(content), chosen.content_type, f"{content.file_stem}-{chosen.suffix}"
    )
