"""The findings workbook: one row per finding with its evidence refs, plans, samples, summary."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from evident.reports.xlsx import render_xlsx


@pytest.fixture(scope="module")
def workbook(stage2_content):
    return load_workbook(io.BytesIO(render_xlsx(stage2_content)))


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_the_workbook_has_its_four_sheets(workbook):
    assert workbook.sheetnames == ["Summary", "Findings", "Corrective action plans", "Samples"]


def test_one_findings_row_per_finding_with_its_evidence_refs(workbook, stage2_content):
    found = rows(workbook["Findings"])
    assert [r["Finding"] for r in found] == [f.ref for f in stage2_content.findings]
    for row, finding in zip(found, stage2_content.findings, strict=True):
        assert row["Clause"] == finding.clause
        assert row["Grade"] == finding.grade_label
        assert row["Evidence refs"].split(", ") == [r.ref for r in finding.records]
        assert row["Evidence count"] == len(finding.records)
        assert row["CAP status"] == finding.plan_summary
    assert "accepted" in {r["CAP status"].split(": ")[-1] for r in found}


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
