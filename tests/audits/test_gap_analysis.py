"""The gap analysis: each clause's status from the latest evaluations, exported, and turned
into milestones of the SMS plan."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from evident.audits import gap_analysis as gaps
from evident.audits.engine import all_checks
from evident.audits.models import Clause, Evaluation, Finding
from evident.core.models import HistoryEntry, Person
from evident.core.services import create_record
from evident.core.tenancy import scoped
from evident.governance.models import Milestone, SmsPlan

DAY = dt.date(2025, 6, 30)


def evaluation(org, stage, **fields):
    return create_record(
        Evaluation,
        org,
        stage=stage,
        audit_date=DAY,
        period_start=DAY.replace(year=2024),
        period_end=DAY,
        seed=1,
        engine_version="1",
        evidence_digest="0" * 64,
        **fields,
    )


def finding(org, ev, clause, grade, severity="", statement="Something is missing."):
    return create_record(
        Finding,
        org,
        evaluation=ev,
        check_id="s.test",
        key=f"test:{clause}:{grade}:{severity}",
        clause=clause,
        grade=grade,
        severity=severity,
        statement=statement,
        records=[{"type": "core.person", "id": 1, "ref": "PER000001"}],
    )


def clause_without_checks() -> str:
    numbers = [c.clause for c in all_checks()]
    for clause in Clause.objects.order_by("position"):
        if not any(gaps.is_under(n, clause.number) for n in numbers):
            return clause.number
    pytest.skip("every clause is covered by a check")


def status_of(analysis, number):
    return next(gap for gap in analysis.clauses if gap.number == number)


@pytest.fixture
def plan(org, as_cli):
    owner = create_record(Person, org, name="Dana Reyes")
    return create_record(SmsPlan, org, title="SMS plan", owner=owner)


def test_without_evaluations_nothing_is_assessed(org):
    analysis = gaps.gap_analysis(org)
    assert len(analysis.clauses) == Clause.objects.count()
    assert {gap.status for gap in analysis.clauses} == {gaps.NOT_ASSESSED}


def test_each_clause_takes_the_gravest_finding_on_it_or_below_it(org, as_cli):
    ev1, ev2 = evaluation(org, 1), evaluation(org, 2)
    finding(org, ev1, "4.3", "area_of_concern", "high")
    finding(org, ev1, "6.3", "area_of_concern", "low")
    finding(org, ev2, "8.5.1", "major")
    finding(org, ev2, "7.2", "minor")
    finding(org, ev2, "7.2", "ofi")
    analysis = gaps.gap_analysis(org)
    assert status_of(analysis, "4.3").status == gaps.NOT_MET
    assert status_of(analysis, "4").status == gaps.NOT_MET  # rolled up from 4.3
    assert status_of(analysis, "6.3").status == gaps.PARTLY_MET
    assert status_of(analysis, "8.5").status == gaps.NOT_MET  # from 8.5.1
    assert status_of(analysis, "7.2").status == gaps.PARTLY_MET
    assert [f.grade for f in status_of(analysis, "7").findings] == ["minor", "ofi"]
    assert status_of(analysis, "7.2").evidence == [
        {"type": "core.person", "id": 1, "ref": "PER000001"}
    ]
    assert status_of(analysis, "9.3").status == gaps.MET  # covered, nothing found
    assert status_of(analysis, clause_without_checks()).status == gaps.NOT_ASSESSED


def test_only_the_latest_evaluation_of_each_stage_counts(org, as_cli):
    old = evaluation(org, 2)
    finding(org, old, "8.5.1", "major")
    evaluation(org, 2)
    assert status_of(gaps.gap_analysis(org), "8.5.1").status == gaps.MET


def test_only_the_checks_of_a_stage_that_has_run_judge_a_clause(org, as_cli):
    assert {gap.status for gap in gaps.gap_analysis(org).clauses} == {gaps.NOT_ASSESSED}
    evaluation(org, 1)
    stage1 = {c.id for c in all_checks() if c.stage == 1}
    judged = [gap for gap in gaps.gap_analysis(org).clauses if gap.checks]
    assert judged
    assert all(set(gap.checks) <= stage1 for gap in judged)


def test_turning_gaps_into_a_plan_adds_one_milestone_per_clause_once(org, plan, manager):
    ev1, ev2 = evaluation(org, 1), evaluation(org, 2)
    finding(org, ev1, "4.3", "area_of_concern", "high")
    finding(org, ev2, "8.5.1", "major")
    finding(org, ev2, "7.2", "minor")
    finding(org, ev1, "6.3", "area_of_concern", "low")
    finding(org, ev2, "7.5.3", "ofi")
    created = gaps.turn_gaps_into_plan(org, plan, manager, today=DAY)
    due = {m.clause: (m.due_date - DAY).days for m in created}
    assert due == {"4.3": 30, "8.5.1": 37, "7.2": 60, "6.3": 90, "7.5.3": 97}
    assert {m.plan for m in created} == {plan}
    assert {m.owner for m in created} == {plan.owner}
    entry = HistoryEntry.objects.filter(object_id=created[0].pk, model="governance.milestone")
    assert entry.get().actor == manager
    assert gaps.turn_gaps_into_plan(org, plan, manager, today=DAY) == []
    analysis = gaps.gap_analysis(org)
    assert [m.ref for m in status_of(analysis, "4.3").milestones] == [created[0].ref]


def test_a_clause_with_an_open_milestone_is_not_planned_again_but_a_done_one_is(org, plan):
    ev = evaluation(org, 2)
    finding(org, ev, "8.5.1", "major")
    finding(org, ev, "7.2", "minor")
    base = {"plan": plan, "title": "Earlier", "due_date": DAY}
    create_record(Milestone, org, clause="8.5.1", **base)
    create_record(Milestone, org, clause="7.2", status="done", **base)
    created = gaps.turn_gaps_into_plan(org, plan, today=DAY)
    assert [m.clause for m in created] == ["7.2"]


def test_a_plan_of_another_organisation_is_refused(org, other_org, as_cli):
    theirs = create_record(SmsPlan, other_org, title="Theirs")
    with pytest.raises(Exception, match="another organisation"):
        gaps.turn_gaps_into_plan(org, theirs)
    assert not scoped(Milestone, other_org).exists()


def test_the_exports_hold_a_row_per_clause(org, as_cli):
    ev = evaluation(org, 2)
    finding(org, ev, "8.5.1", "major", statement="Three changes had no approval.")
    analysis = gaps.gap_analysis(org)
    rows = list(csv.reader(io.StringIO(gaps.as_csv(analysis))))
    assert rows[0] == list(gaps.EXPORT_COLUMNS)
    assert len(rows) == Clause.objects.count() + 1
    change = next(row for row in rows if row[0] == "8.5.1")
    assert change[2] == "Not met"
    assert "Three changes had no approval." in change[6]
    sheet = load_workbook(io.BytesIO(gaps.as_xlsx(analysis))).active
    assert [c.value for c in sheet[1]] == list(gaps.EXPORT_COLUMNS)
    assert sheet.max_row == len(rows)
