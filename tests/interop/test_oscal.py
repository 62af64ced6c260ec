"""OSCAL export: the clause catalogue, an evaluation's results and its action plans.

Every document is validated against the OSCAL models of compliance-trestle.
"""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from trestle.oscal import OSCAL_VERSION as TRESTLE_OSCAL_VERSION
from trestle.oscal import assessment_results, catalog, poam

from evident.audits import services as audit_services
from evident.audits.clauses import catalogue
from evident.audits.engine import run_evaluation
from evident.catalogue.models import Service
from evident.core.models import Person
from evident.core.services import create_record
from evident.interop.oscal import (
    OSCAL_VERSION,
    PROPERTY_NS,
    NothingToPlan,
    assessment_results_document,
    catalog_document,
    poam_document,
)

AUDIT_DATE = dt.date(2026, 11, 22)


def controls(items):
    for item in items:
        yield item
        yield from controls(item.get("controls", []))


@pytest.fixture
def stage2(org, as_cli):
    """A Stage 2 evaluation of an organisation with no records: Majors for every absence."""
    return run_evaluation(org, 2, audit_date=AUDIT_DATE, seed=11)


@pytest.fixture
def planned(stage2, as_cli):
    """One nonconformity raised from a Major, with a submitted corrective action plan."""
    finding = stage2.findings.filter(grade="major").order_by("key").first()
    nc = audit_services.raise_nonconformity_from_finding(finding, raised_on=AUDIT_DATE)
    owner = create_record(Person, stage2.organisation, name="Dana Reyes")
    plan = audit_services.draft_action_plan(
        nc,
        correction="Hold the overdue review now.",
        root_cause="Nobody owned the review calendar.",
        corrective_action="The SMS manager books reviews a year ahead.",
        owner=owner,
        due_date=dt.date(2027, 1, 31),
    )
    audit_services.submit_action_plan(plan)
    return nc


def test_the_documents_follow_the_oscal_release_trestle_implements():
    assert OSCAL_VERSION == TRESTLE_OSCAL_VERSION


def test_the_catalog_validates_and_holds_every_clause_with_our_checkpoints(db):
    document = catalog_document()
    catalog.Model.model_validate(document)
    groups = document["catalog"]["groups"]
    assert [g["title"].split(" ")[0] for g in groups] == ["4", "5", "6", "7", "8", "9", "10"]
    numbers = {p["value"] for c in controls(groups) for p in c["props"] if p["name"] == "label"}
    below_top = {c.number for c in catalogue().clauses if c.parent}
    assert numbers == below_top
    change = next(c for c in controls(groups) if c["id"] == "clause-8.5.1")
    assert change["title"] == "Change management"
    assert change["parts"][0]["name"] == "guidance"
    first_checkpoint = catalogue().by_number["8.5.1"].checkpoints[0]
    assert first_checkpoint in change["parts"][0]["prose"]


def test_the_same_catalogue_exports_to_the_same_document(db):
    assert catalog_document() == catalog_document()


def test_assessment_results_validate_and_carry_each_finding_with_its_grade(stage2):
    document = assessment_results_document(stage2)
    assessment_results.Model.model_validate(document)
    result = document["assessment-results"]["results"][0]
    assert len(result["findings"]) == stage2.findings.count()
    majors = [
        f
        for f in result["findings"]
        if {"name": "grade", "ns": PROPERTY_NS, "value": "major"} in f["props"]
    ]
    assert majors and all(f["target"]["status"]["state"] == "not-satisfied" for f in majors)
    clause_ids = {f["target"]["target-id"] for f in result["findings"]}
    assert {f"clause-{c}" for c in stage2.findings.values_list("clause", flat=True)} == clause_ids
    observed = {o["uuid"] for o in result["observations"]}
    assert all(f["related-observations"][0]["observation-uuid"] in observed for f in majors)
    assert {"name": "seed", "ns": PROPERTY_NS, "value": "11"} in result["props"]


def test_observations_name_the_records_a_finding_rests_on(org, as_cli):
    create_record(Service, org, name="Email")  # live, with no records: "no record, no reality"
    evaluation = run_evaluation(org, 2, audit_date=AUDIT_DATE, seed=11)
    document = assessment_results_document(evaluation)
    assessment_results.Model.model_validate(document)
    observations = document["assessment-results"]["results"][0]["observations"]
    record_props = [p["value"] for o in observations for p in o.get("props", [])]
    service = Service.objects.get(organisation=org)
    assert f"catalogue.service {service.ref}" in record_props


def test_the_poam_validates_and_carries_the_corrective_action_plan(stage2, planned):
    document = poam_document(stage2)
    poam.Model.model_validate(document)
    (item,) = document["plan-of-action-and-milestones"]["poam-items"]
    assert item["title"] == planned.title
    props = {p["name"]: p["value"] for p in item["props"]}
    assert props["nonconformity"] == planned.ref
    assert props["grade"] == "major"
    assert props["plan-status"] == "submitted"
    assert props["due-date"] == "2027-01-31"
    assert props["owner"] == "Dana Reyes"
    assert "**Root cause:** Nobody owned the review calendar." in item["remarks"]


def test_there_is_no_poam_before_a_nonconformity_is_raised(stage2):
    # OSCAL requires at least one item in a POA&M.
    with pytest.raises(NothingToPlan, match=f"no nonconformity has been raised from {stage2.ref}"):
        poam_document(stage2)


def test_the_command_writes_each_model(org, stage2, planned, tmp_path):
    for model, root in [
        ("catalog", "catalog"),
        ("assessment-results", "assessment-results"),
        ("poam", "plan-of-action-and-milestones"),
    ]:
        target = tmp_path / f"{model}.json"
        call_command("export_oscal", model=model, org="acme", output=str(target))
        assert root in json.loads(target.read_text())
    out = StringIO()
    call_command("export_oscal", model="poam", org="acme", evaluation=stage2.ref, stdout=out)
    assert planned.ref in out.getvalue()


def test_the_command_names_what_is_missing(org, as_cli):
    with pytest.raises(CommandError, match="--org is required"):
        call_command("export_oscal", model="poam")
    with pytest.raises(CommandError, match="no organisation with slug 'nope'"):
        call_command("export_oscal", model="poam", org="nope")
    with pytest.raises(CommandError, match="acme has no Stage 2 evaluation"):
        call_command("export_oscal", model="assessment-results", org="acme")
    evaluation = run_evaluation(org, 2, audit_date=AUDIT_DATE, seed=11)
    with pytest.raises(CommandError, match="no nonconformity has been raised"):
        call_command("export_oscal", model="poam", org="acme", evaluation=evaluation.ref)
    with pytest.raises(CommandError, match="no evaluation 'EV-99' in acme"):
        call_command("export_oscal", model="poam", org="acme", evaluation="EV-99")
