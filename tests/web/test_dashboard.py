"""The dashboard shows the latest verdicts, findings by grade and each clause's worst finding."""

import datetime as dt

import pytest

from evident.audits import levels as gravity
from evident.audits.models import Clause, Evaluation, Finding
from evident.core.models import Membership, Role
from evident.core.services import create_record
from evident.web import dashboard

DAY = dt.date(2025, 6, 30)


def evaluation(org, stage, **verdict):
    return create_record(
        Evaluation,
        org,
        stage=stage,
        audit_date=DAY,
        period_start=DAY.replace(year=2024),
        period_end=DAY,
        seed=1,
        engine_version="1",
        evidence_digest="a" * 64,
        **verdict,
    )


def finding(org, evaluation, clause, grade, severity="", key=None):
    return create_record(
        Finding,
        org,
        evaluation=evaluation,
        check_id=f"check.{clause}",
        key=key or f"{clause}-{grade}-{severity}",
        clause=clause,
        grade=grade,
        severity=severity,
        statement=f"Clause {clause} needs attention.",
        fix_hint="Do the right thing.",
    )


@pytest.fixture
def judged(org, as_cli):
    """An older Stage 2, then a newer one; a Stage 1 with concerns."""
    stage1 = evaluation(org, 1, outcome="conditionally_ready")
    finding(org, stage1, "5.2", "area_of_concern", "medium")
    finding(org, stage1, "7.5.3", "area_of_concern", "low")
    finding(org, stage1, "4.3", "area_of_concern", "high")
    old = evaluation(org, 2, recommendation="recommended")
    finding(org, old, "10.1", "major")
    stage2 = evaluation(org, 2, recommendation="not_recommended")
    finding(org, stage2, "8.5.1", "major")
    finding(org, stage2, "8.3.4", "minor")
    finding(org, stage2, "9.1", "ofi")
    return stage1, stage2


def levels_by_clause(tree):
    found = {}
    stack = list(tree)
    while stack:
        node = stack.pop()
        found[node.number] = node.level
        stack.extend(node.children)
    return found


def test_the_dashboard_shows_the_latest_outcome_and_recommendation(client, manager, judged):
    client.force_login(manager)
    page = client.get("/o/acme/").content.decode()
    assert "Conditionally ready" in page
    assert "verdict-warn" in page
    assert "Not recommended; follow-up audit required" in page
    assert "verdict-bad" in page
    # The older Stage 2 no longer speaks for the organisation.
    assert ">Recommended<" not in page


def test_findings_are_counted_by_grade_across_the_latest_evaluations(org, judged):
    counts = {grade: n for grade, _, n in dashboard.grade_counts(org, list(judged))}
    assert counts == {"major": 1, "minor": 1, "ofi": 1, "area_of_concern": 3}


def test_a_clause_takes_the_colour_of_its_worst_finding_sub_clauses_included(org, judged):
    levels = levels_by_clause(dashboard.clause_tree(org, list(judged)))
    assert levels["8"] == "major"
    assert levels["8.5.1"] == "major"
    assert levels["8.3.4"] == "minor"
    assert levels["8.3"] == "minor"
    assert levels["4"] == "high"
    assert levels["5.2"] == "medium"
    assert levels["7"] == "low"
    assert levels["9"] == "low"
    assert levels["6"] == "clear"
    # The major of the older Stage 2 evaluation does not colour clause 10 any more.
    assert levels["10"] == "clear"


def test_the_clause_tree_comes_from_the_catalogue_when_it_is_loaded(org, judged):
    Clause.objects.all().delete()
    top = Clause.objects.create(number="8", title="Operation", level=1, position=1)
    Clause.objects.create(
        number="8.5", title="Design and transition", parent=top, level=2, position=2
    )
    tree = dashboard.clause_tree(org, list(judged))
    assert [(n.number, n.title, n.level) for n in tree] == [("8", "Operation", "major")]
    assert [(c.number, c.level) for c in tree[0].children] == [("8.5", "major")]


def test_without_a_catalogue_the_tree_is_built_from_the_findings(org, judged):
    Clause.objects.all().delete()
    tree = dashboard.clause_tree(org, list(judged))
    assert [n.number for n in tree] == ["4", "5", "6", "7", "8", "9", "10"]
    levels = levels_by_clause(tree)
    assert levels["8.5"] == "major"
    assert "8.2" not in levels


def test_before_any_evaluation_clauses_are_not_evaluated_rather_than_clear(org, client, manager):
    client.force_login(manager)
    page = client.get("/o/acme/").content.decode()
    assert "Not evaluated yet" in page
    levels = levels_by_clause(dashboard.clause_tree(org, []))
    assert set(levels.values()) == {"none"}


def test_each_clause_links_to_its_findings(client, manager, judged):
    client.force_login(manager)
    page = client.get("/o/acme/").content.decode()
    assert 'href="/o/acme/findings/?clause=8.5.1" data-level="major"' in page
    assert 'href="/o/acme/findings/?clause=4" data-level="high"' in page


def test_finding_levels_rank_majors_above_high_concerns_above_minors():
    assert gravity.worst(["low", "minor", "medium"]) == "minor"
    assert gravity.worst(["minor", "high"]) == "high"
    assert gravity.worst(["high", "major"]) == "major"
    assert gravity.finding_level("area_of_concern", "low") == "low"
    assert gravity.finding_level("ofi", "") == "low"


def test_viewers_see_no_run_buttons(client, org, make_user):
    client.force_login(make_user(org, Role.VIEWER))
    assert "Run Stage 1" not in client.get("/o/acme/").content.decode()


def test_the_home_page_lists_several_organisations_and_redirects_for_one(
    client, manager, other_org
):
    client.force_login(manager)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/o/acme/"
    Membership.objects.create(user=manager, organisation=other_org, role=Role.VIEWER)
    page = client.get("/").content.decode()
    assert "Acme IT Services" in page and "Globex Hosting" in page
