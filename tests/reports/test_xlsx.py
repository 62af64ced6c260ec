"""The findings workbook: one row per finding with its evidence refs, plans, samples, summary."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from evident.reports.xlsx import render_xlsx

from .conftest import JUDGEMENT_NOTE, REGRADE_REASON, RETURN_REASON, WITHDRAW_REASON

# Set up the test database even when this file runs alone: its tests read the package's
# shared audit, and pytest-django creates databases only for tests that ask for one.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def workbook(stage2_content):
    return load_workbook(io.BytesIO(render_xlsx(stage2_content)))


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_an_engagements_workbook_adds_sampled_records_and_interviews(workbook):
    assert workbook.sheetnames == [
        "Summary",
        "Findings",
        "Corrective action plans",
        "Samples",
        "Sampled records",
        "Interviews",
    ]


def test_an_evaluations_workbook_keeps_its_four_sheets(stage1_content):
    book = load_workbook(io.BytesIO(render_xlsx(stage1_content)))
    assert book.sheetnames == ["Summary", "Findings", "Corrective action plans", "Samples"]


def test_one_findings_row_per_finding_with_its_evidence_refs(workbook, stage2_content):
    found = rows(workbook["Findings"])
    every = [*stage2_content.findings, *stage2_content.withdrawn]
    assert [r["Finding"] for r in found] == [f.ref for f in every]
    for row, finding in zip(found, every, strict=True):
        assert row["Clause"] == finding.clause
        assert row["Grade"] == finding.grade_label
        assert (row["Evidence refs"] or "") == ", ".join(r.ref for r in finding.records)
        assert row["Evidence count"] == len(finding.records)
        assert (row["CAP status"] or "") == finding.plan_summary
        assert (row["Interviews"] or "") == ", ".join(i.ref for i in finding.interviews)
        assert (row["Samples"] or "") == ", ".join(finding.samples)
    assert "accepted" in {(r["CAP status"] or "").split(": ")[-1] for r in found}
    by_ref = {r["Finding"]: r for r in found}
    (regraded,) = [f for f in stage2_content.findings if f.status == "changed"]
    assert by_ref[regraded.ref]["Auditor's decision"] == "Regraded by the auditor"
    assert by_ref[regraded.ref]["Auditor's reason"] == REGRADE_REASON
    assert by_ref[regraded.ref]["Engine's grade"] == "Minor nonconformity"
    assert by_ref[stage2_content.withdrawn[0].ref]["Auditor's reason"] == WITHDRAW_REASON
    raised = [r for r in found if r["Interviews"]]
    assert [r["Interviews"] for r in raised] == [stage2_content.interviews[0].ref]


def test_sampled_records_and_interviews_sheets(workbook, stage2_content):
    judged = rows(workbook["Sampled records"])
    assert len(judged) == sum(len(s.judged) for s in stage2_content.samples)
    (noted,) = [r for r in judged if r["Auditor's note"]]
    assert (noted["Auditor verdict"], noted["Auditor's note"]) == ("nonconforming", JUDGEMENT_NOTE)
    assert noted["Engine verdict"] in ("conforming", "nonconforming")
    assert isinstance(noted["Judged at (UTC)"], dt.datetime)
    (interview,) = rows(workbook["Interviews"])
    assert interview["Interview"] == stage2_content.interviews[0].ref
    assert "Q: How is each supplier reviewed?" in interview["Questions and answers"]
    returned = [p for p in rows(workbook["Corrective action plans"]) if p["Returned because"]]
    assert [p["Returned because"] for p in returned] == [RETURN_REASON]


def test_plans_and_samples_sheets_hold_a_row_each(workbook, stage2_content):
    plans = rows(workbook["Corrective action plans"])
    assert [p["Nonconformity"] for p in plans] == [
        p.nonconformity_ref for p in stage2_content.plans
    ]
    accepted = next(p for p in plans if p["Plan status"] == "accepted")
    assert isinstance(accepted["Due date"], dt.datetime)  # a real date, not text
    samples = rows(workbook["Samples"])
    assert [s["Sample"] for s in samples] == [s.ref for s in stage2_content.samples]
    assert samples[0]["Seed"] == str(stage2_content.samples[0].seed)


def test_headers_are_styled_frozen_and_sized(workbook):
    sheet = workbook["Findings"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["F"].width >= 60  # the statement


def test_the_summary_gives_the_audit_and_its_dates(workbook, stage2_content):
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["Evaluation"] == stage2_content.evaluation_ref
    assert summary["Audit date"].date() == stage2_content.audit_date
    assert summary["Findings"] == len(stage2_content.findings)
