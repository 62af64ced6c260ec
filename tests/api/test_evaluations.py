"""Running the audit engine over the API, and reading its evaluations, findings and samples."""

import importlib.util

import pytest

from evident.audits.models import Evaluation, Finding, Sample
from evident.core.models import Role
from tests.api import (
    assert_written_by_api,
    client_for,
    endpoint,
    evaluation,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    record,
)

needs_engine = pytest.mark.skipif(
    importlib.util.find_spec("evident.audits.engine") is None,
    reason="evident.audits.engine has not landed yet; the API imports it when asked to run",
)


def finding(org, run, clause="9.3", grade=Finding.Grade.MAJOR):
    return record(
        Finding,
        org,
        evaluation=run,
        check_id="management_review_held",
        key=f"{clause}:{grade}",
        clause=clause,
        grade=grade,
        statement="No management review was held in the audit period.",
        records=["MR000001"],
    )


@needs_engine
def test_running_an_evaluation_answers_with_it(org, manager):
    response = client_for(manager).post(endpoint(org, "evaluations"), {"stage": 1}, format="json")
    assert response.status_code == 201, response.data
    run = Evaluation.objects.get(pk=response.data["id"])
    assert run.organisation == org
    assert response.data["stage"] == 1
    assert response.data["outcome"] == run.outcome != ""
    assert response.data["findings_count"] == run.findings.count() > 0
    assert_written_by_api(Evaluation, run.pk, "create", manager)


@needs_engine
def test_an_evaluation_keeps_the_audit_date_and_seed_it_was_given(org, manager):
    body = {"stage": 2, "audit_date": "2025-01-31", "seed": 42}
    response = client_for(manager).post(endpoint(org, "evaluations"), body, format="json")
    assert response.status_code == 201, response.data
    assert (response.data["audit_date"], response.data["seed"]) == ("2025-01-31", 42)
    assert response.data["period_end"] <= "2025-01-31"
    assert response.data["recommendation"] != ""


@needs_engine
def test_an_external_auditor_may_run_an_evaluation(org, make_user):
    api = client_for(make_user(org, Role.EXTERNAL_AUDITOR))
    assert api.post(endpoint(org, "evaluations"), {"stage": 1}, format="json").status_code == 201


def test_a_viewer_may_not_run_an_evaluation(org, make_user):
    api = client_for(make_user(org, Role.VIEWER))
    assert api.post(endpoint(org, "evaluations"), {"stage": 1}, format="json").status_code == 403
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "stage"),
        ({"stage": 3}, "stage"),
        ({"stage": 1, "audit_date": "last tuesday"}, "audit_date"),
        ({"stage": 1, "audit_date": "0001-01-01"}, "audit_date"),
        ({"stage": 2, "audit_date": "9999-12-31"}, "audit_date"),
        ({"stage": 2, "seed": -1}, "seed"),
        ({"stage": 2, "seed": "lucky"}, "seed"),
    ],
)
def test_a_malformed_run_request_is_refused_naming_its_field(org, manager, body, field):
    response = client_for(manager).post(endpoint(org, "evaluations"), body, format="json")
    assert response.status_code == 400
    assert set(response.data) == {field}
    assert not Evaluation.objects.exists()


def test_evaluations_list_with_their_findings_count(org, manager):
    run = evaluation(org)
    finding(org, run)
    finding(org, run, clause="9.2")
    response = client_for(manager).get(endpoint(org, "evaluations"), {"stage": 2})
    assert response.status_code == 200
    assert [(row["ref"], row["findings_count"]) for row in response.data["results"]] == [
        (run.ref, 2)
    ]


def test_evaluations_and_their_findings_cannot_be_edited(org, manager):
    run = evaluation(org)
    found = finding(org, run)
    api = client_for(manager)
    assert api.patch(endpoint(org, "evaluations", run.pk), {"seed": 1}).status_code == 405
    assert api.delete(endpoint(org, "evaluations", run.pk)).status_code == 405
    assert api.patch(endpoint(org, "findings", found.pk), {"grade": "ofi"}).status_code == 405
    assert api.post(endpoint(org, "findings"), {}).status_code == 405
    assert api.post(endpoint(org, "samples"), {}).status_code == 405


def test_findings_filter_by_stage_evaluation_clause_and_grade(org, manager):
    stage2, stage1 = evaluation(org, stage=2), evaluation(org, stage=1)
    major = finding(org, stage2, clause="8.5.1")
    finding(org, stage2, clause="8.50", grade=Finding.Grade.MINOR)
    finding(org, stage1, clause="8.5", grade=Finding.Grade.AREA_OF_CONCERN)
    api = client_for(manager)

    def refs(**query):
        response = api.get(endpoint(org, "findings"), query)
        assert response.status_code == 200, response.data
        return {row["ref"] for row in response.data["results"]}

    assert refs(stage=2, clause="8.5") == {major.ref}
    assert refs(evaluation=stage2.pk, grade="major") == {major.ref}
    assert len(refs(clause="8")) == 3
    assert refs(grade="area_of_concern", stage=2) == set()


def test_a_finding_shows_its_clause_grade_statement_and_records(org, manager):
    found = finding(org, evaluation(org))
    response = client_for(manager).get(endpoint(org, "findings", found.pk))
    assert response.status_code == 200
    data = response.data
    assert (data["clause"], data["grade"], data["records"]) == ("9.3", "major", ["MR000001"])
    assert data["evaluation_ref"] == found.evaluation.ref
    assert {"severity", "statement", "fix_hint", "key", "check_id", "cap_accepted"} <= set(data)


def test_samples_list_by_evaluation(org, manager):
    run = evaluation(org)
    sample = record(
        Sample,
        org,
        evaluation=run,
        population="changes",
        clause="8.5.1",
        population_size=300,
        sample_size=25,
        seed=7,
        method="attribute table",
        records=["CHG000001"],
    )
    response = client_for(manager).get(endpoint(org, "samples"), {"evaluation": run.pk})
    assert response.status_code == 200
    assert [row["ref"] for row in response.data["results"]] == [sample.ref]


def test_another_organisations_evaluations_cannot_be_reached(org, other_org, manager):
    theirs = evaluation(other_org)
    api = client_for(manager)
    assert api.get(endpoint(org, "evaluations")).data["count"] == 0
    assert api.get(endpoint(org, "evaluations", theirs.pk)).status_code == 404
    assert api.get(endpoint(org, "findings"), {"evaluation": theirs.pk}).status_code == 400
