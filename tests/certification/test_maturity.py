"""Maturity per clause: design beside effectiveness, levels, and the ready-on-paper list."""

import pytest

from evident.audits.engine import run_evaluation
from evident.audits.models import Nonconformity
from evident.certification.maturity import (
    LEVELS,
    clause_maturity,
    is_improving,
    is_measured,
    ready_on_paper,
)
from evident.certification.readiness import readiness_series, readiness_svg
from evident.core.context import acting
from evident.core.services import create_record
from tests.audits.builders import AUDIT_DATE, SEED, healthy_fixtures

from .helpers import give_fieldwork_something_to_find

healthy_template, healthy = healthy_fixtures()


@pytest.fixture
def org(healthy):
    give_fieldwork_something_to_find(healthy)
    return healthy.build.org


def evaluate(org, *stages):
    with acting(source="cli", actor_name="test"):
        return [run_evaluation(org, s, audit_date=AUDIT_DATE, seed=SEED) for s in stages]


def by_number(rows):
    return {row.number: row for row in rows}


def test_before_any_evaluation_every_clause_is_absent_and_unscored(org):
    rows = clause_maturity(org)
    assert {"4", "4.3", "8.5", "10.2"} <= {row.number for row in rows}
    assert "8.5.1" not in {row.number for row in rows}  # two levels only
    assert {(row.design, row.effectiveness, row.level) for row in rows} == {(None, None, "absent")}


def test_scores_follow_the_findings_of_the_latest_evaluation_of_each_stage(org):
    stage1, stage2 = evaluate(org, 1, 2)
    rows = by_number(clause_maturity(org))
    for number, row in rows.items():
        concerns = [
            f
            for f in stage1.findings.all()
            if f.clause == number or f.clause.startswith(number + ".")
        ]
        expected = max(
            0, 100 - sum({"high": 60, "medium": 30, "low": 10}[f.severity] for f in concerns)
        )
        assert row.design == expected, number
        assert 0 <= row.effectiveness <= 100
    # The unreviewed supplier costs 8.3 at least a minor's 25 points.
    assert rows["8.3"].effectiveness <= 75
    assert rows["8.3"].level in LEVELS


def test_a_clause_without_stage2_is_at_most_documented(org):
    evaluate(org, 1)
    rows = clause_maturity(org)
    assert {row.level for row in rows} <= {"absent", "documented"}
    assert all(row.effectiveness is None for row in rows)


def test_clause_9_is_measured_by_completed_audits_and_clause_4_borrows_it(org, other_org):
    assert is_measured(org, "9") and is_measured(org, "9.2") and is_measured(org, "4")
    assert not is_measured(other_org, "9")
    assert not is_measured(other_org, "8.5")


def test_a_verified_closure_in_a_clause_shows_improvement(org):
    assert not is_improving(org, "8.5")
    with acting(source="cli", actor_name="test"):
        create_record(
            Nonconformity,
            org,
            title="Change started early",
            source="external_audit",
            clause="8.5.1",
            grade="minor",
            raised_on=AUDIT_DATE,
            status="closed",
            closed_on=AUDIT_DATE,
            closure_verified=True,
        )
    assert is_improving(org, "8.5") and is_improving(org, "8")
    assert not is_improving(org, "8.6")


def test_ready_on_paper_lists_sound_design_with_weak_effect(org):
    evaluate(org, 1, 2)
    rows = clause_maturity(org)
    listed = ready_on_paper(rows)
    assert all(row.design >= 80 and row.effectiveness < 60 for row in listed)
    assert set(listed) == {r for r in rows if r.ready_on_paper}


def test_the_readiness_series_keeps_each_evaluation_in_order_and_draws_it(org):
    evaluate(org, 1, 2, 1)
    points = readiness_series(org)
    assert [p.stage for p in points] == [1, 2, 1]
    assert all(p.score in (0, 50, 100) for p in points)
    svg = readiness_svg(points)
    assert svg.startswith("<svg") and svg.count("<circle") == 3
    assert readiness_svg([]) == ""
