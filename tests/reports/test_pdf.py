"""The PDF report: laid out by WeasyPrint, read back with pdftotext."""

import shutil
import subprocess
import sys

import pytest

from evident.reports import pdf

from .conftest import (
    INTERVIEW_EVIDENCE,
    JUDGEMENT_NOTE,
    REGRADE_REASON,
    RETURN_REASON,
    WITHDRAW_REASON,
)

# Set up the test database even when this file runs alone: its tests read the package's
# shared audit, and pytest-django creates databases only for tests that ask for one.
pytestmark = pytest.mark.django_db

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def pdf_pages(data: bytes, tmp_path, *, layout: bool = True) -> list[str]:
    """The PDF's pages as text; ``layout=False`` reads table cells one after another."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    options = ["-layout"] if layout else []
    text = subprocess.run(
        ["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.fixture(scope="module")
def stage2_pdf(stage2_content):
    return pdf.render_pdf(stage2_content)


def flat(text: str) -> str:
    return " ".join(text.split())


@needs_pdftotext
def test_the_stage2_report_has_its_chapters_findings_samples_and_page_numbers(
    stage2_pdf, stage2_content, tmp_path
):
    assert stage2_pdf.startswith(b"%PDF")
    pages = pdf_pages(stage2_pdf, tmp_path)
    assert 4 <= len(pages) <= 15
    text = flat("\n".join(pages))
    cover = flat(pages[0])
    assert "Report & Co <IT>" in cover and "Stage 2 audit report" in cover
    assert stage2_content.lead_auditor in cover and stage2_content.engagement_ref in cover
    for chapter in [
        "Summary",
        "Scope and criteria",
        "Method",
        "Samples drawn",
        "Findings by clause",
        "Corrective action plans",
        "Recommendation",
    ]:
        assert chapter in text, chapter
    assert stage2_content.evidence_digest in text.replace(" ", "")
    for finding in stage2_content.findings:
        assert finding.ref in text
        assert flat(finding.statement)[:40] in text
    for sample in stage2_content.samples:
        assert sample.ref in text
    for finding in stage2_content.withdrawn:
        assert finding.ref in text
    for plan in stage2_content.plans:
        assert plan.nonconformity_ref in text
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    # The running footer names the organisation and audit on every page but the cover.
    assert f"Report & Co <IT> · Stage 2 audit report · {stage2_content.engagement_ref}" in pages[1]


@needs_pdftotext
def test_the_report_says_what_the_auditor_concluded(stage2_pdf, stage2_content, tmp_path):
    text = flat("\n".join(pdf_pages(stage2_pdf, tmp_path, layout=False)))
    assert "Regraded by the auditor (the engine graded it Minor nonconformity)" in text
    assert REGRADE_REASON in text and WITHDRAW_REASON in text
    assert JUDGEMENT_NOTE in text  # beside the engine's verdict on the record
    interview = stage2_content.interviews[0]
    assert "Interviews" in text and interview.ref in text and INTERVIEW_EVIDENCE in text
    assert f"Returned: {RETURN_REASON}" in text
    assert "Not recommended: a follow-up audit is required" in text


@needs_pdftotext
def test_the_stage1_report_gives_the_outcome_without_samples_or_plans(stage1_content, tmp_path):
    pages = pdf_pages(pdf.render_pdf(stage1_content), tmp_path)
    text = flat("\n".join(pages))
    assert "Stage 1 readiness report" in text and "Outcome" in text
    assert "Corrective action plans" not in text
    assert stage1_content.current_verdict_label in text
    assert "The Evident audit engine" in text  # no engagement, so no auditor is named


def test_without_weasyprints_libraries_the_pdf_fails_saying_what_to_install(
    stage1_content, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # the import now fails
    with pytest.raises(pdf.PdfUnavailable, match="Pango"):
        pdf.render_pdf(stage1_content)


def test_running_footer_text_is_escaped_for_css():
    assert pdf.css_string('A "b" <c>\\') == "A \\22 b\\22  \\3c c\\3e \\5c "
