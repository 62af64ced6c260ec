"""The check registry: every check is declared in full, and every check is specified by a test."""

import pytest

from evident.audits.engine import Check, all_checks, checks_for_stage, register
from evident.audits.engine.ordering import clause_sort_key
from evident.audits.engine.registry import MAJOR, MINOR, get_check, grade_by_rate

from . import (
    test_checks_agreements,
    test_checks_assurance,
    test_checks_context_policy,
    test_checks_design_transition,
    test_checks_documented_information,
    test_checks_evaluation,
    test_checks_journey,
    test_checks_leadership_competence,
    test_checks_objectives_awareness,
    test_checks_portfolio,
    test_checks_resolution,
    test_checks_stage1,
    test_checks_stage2_delivery,
    test_checks_stage2_operations,
    test_checks_suppliers_security,
    test_checks_transition,
)

CHECKS = all_checks()


def test_every_check_is_declared_in_full():
    for check in CHECKS:
        assert check.id.startswith(f"s{check.stage}."), check.id
        assert all([check.clause, check.title, check.looks_at, check.grade_rule, check.fix]), check
        assert callable(check.run), check.id


def test_the_catalogue_has_both_stages_in_clause_order():
    assert {c.stage for c in CHECKS} == {1, 2}
    assert checks_for_stage(1) + checks_for_stage(2) == CHECKS
    for stage in (1, 2):
        clauses = [clause_sort_key(c.clause) for c in checks_for_stage(stage)]
        assert clauses == sorted(clauses)


def test_clause_numbers_sort_numerically():
    numbers = ["10.1", "8.2.4", "4.3", "8.10", "8.5.1", "9.2"]
    assert sorted(numbers, key=clause_sort_key) == ["4.3", "8.2.4", "8.5.1", "8.10", "9.2", "10.1"]


def test_every_check_has_a_specification_in_which_it_finds_something():
    specified = (
        test_checks_stage1.cases.failing_checks()
        | test_checks_stage2_delivery.cases.failing_checks()
        | test_checks_stage2_operations.cases.failing_checks()
        | test_checks_leadership_competence.stage1.failing_checks()
        | test_checks_leadership_competence.stage2.failing_checks()
        | test_checks_transition.stage1.failing_checks()
        | test_checks_transition.stage2.failing_checks()
        | test_checks_portfolio.stage1.failing_checks()
        | test_checks_portfolio.stage2.failing_checks()
        | test_checks_agreements.stage1.failing_checks()
        | test_checks_agreements.stage2.failing_checks()
        | test_checks_resolution.stage1.failing_checks()
        | test_checks_resolution.stage2.failing_checks()
        | test_checks_assurance.stage1.failing_checks()
        | test_checks_assurance.stage2.failing_checks()
        | test_checks_journey.cases.failing_checks()
        | test_checks_evaluation.stage1.failing_checks()
        | test_checks_evaluation.stage2.failing_checks()
        | test_checks_documented_information.stage1.failing_checks()
        | test_checks_documented_information.stage2.failing_checks()
        | test_checks_suppliers_security.stage1.failing_checks()
        | test_checks_suppliers_security.stage2.failing_checks()
        | test_checks_context_policy.stage1.failing_checks()
        | test_checks_context_policy.stage2.failing_checks()
        | test_checks_design_transition.stage1.failing_checks()
        | test_checks_design_transition.stage2.failing_checks()
        | test_checks_objectives_awareness.stage1.failing_checks()
        | test_checks_objectives_awareness.stage2.failing_checks()
    )
    assert specified == {c.id for c in CHECKS}


def test_a_check_id_cannot_be_registered_twice():
    existing = CHECKS[0]
    with pytest.raises(ValueError, match="registered twice"):
        register(existing)(lambda scope: [])
    assert get_check(existing.id) is existing


def test_a_check_must_belong_to_stage_1_or_2():
    check = Check(
        id="s3.nothing", clause="4", stage=3, title="t", looks_at="l", grade_rule="g", fix="f"
    )
    with pytest.raises(ValueError, match="stage must be 1 or 2"):
        register(check)


def test_a_deviation_rate_above_ten_percent_of_a_whole_population_is_major():
    assert grade_by_rate(3, 30) == MINOR  # exactly 10 %: still an isolated lapse
    assert grade_by_rate(4, 30) == MAJOR
    assert grade_by_rate(1, 1) == MAJOR
    assert grade_by_rate(1, 1000) == MINOR
