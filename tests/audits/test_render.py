"""Evaluations as JSON (the CLI contract) and as the lead auditor's terminal report."""

import json

from evident.audits.engine import evaluation_as_dict, render_text, run_evaluation
from evident.audits.models import CorrectiveAction, Nonconformity
from evident.core.services import delete_record
from evident.operations.models import Incident

from .builders import AUDIT_DATE, IN_PERIOD, SEED, healthy_fixtures

healthy_template, healthy = healthy_fixtures()

FINDING_KEYS = {
    "check",
    "key",
    "clause",
    "grade",
    "severity",
    "statement",
    "fix",
    "records",
    "cap_accepted",
}
SAMPLE_KEYS = {
    "population",
    "clause",
    "population_size",
    "sample_size",
    "seed",
    "method",
    "records",
}


def break_three_clauses(h):
    """Majors in 4.3 and 8.2.4 and a minor in 10.1, with 14 incidents behind the majors."""
    ghost = h.build.service("Ghost VPN", catalogued=False)
    h.build.make_many(
        Incident,
        [
            {"title": f"VPN {i}", "service": ghost, "opened_at": h.incident.opened_at}
            for i in range(14)
        ],
    )
    nc = h.build.make(Nonconformity, title="Gap", source="internal_audit", raised_on=IN_PERIOD)
    h.build.make(
        CorrectiveAction, nonconformity=nc, description="Fix", due_date=IN_PERIOD.replace(month=1)
    )


def test_the_json_has_the_documented_shape(healthy, as_cli):
    break_three_clauses(healthy)
    data = evaluation_as_dict(run_evaluation(healthy.build.org, 2, audit_date=AUDIT_DATE))
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {
        "organisation",
        "evaluation",
        "stage",
        "audit_date",
        "period",
        "outcome",
        "recommendation",
        "findings",
        "samples",
        "seed",
        "engine_version",
        "evidence_digest",
    }
    assert (data["organisation"], data["stage"], data["audit_date"]) == ("healthy", 2, "2025-06-30")
    assert data["period"] == {"start": "2024-06-30", "end": "2025-06-30"}
    assert (data["outcome"], data["recommendation"], data["seed"]) == (
        None,
        "not_recommended",
        SEED,
    )
    assert data["evaluation"].startswith("EV")
    assert all(set(f) == FINDING_KEYS for f in data["findings"])
    assert all(set(s) == SAMPLE_KEYS for s in data["samples"])
    first = data["findings"][0]
    assert set(first["records"][0]) == {"type", "id", "ref"}


def test_findings_are_ordered_by_clause_number_then_gravity(healthy, as_cli):
    break_three_clauses(healthy)
    data = evaluation_as_dict(run_evaluation(healthy.build.org, 2, audit_date=AUDIT_DATE))
    assert [(f["clause"], f["grade"]) for f in data["findings"]] == [
        ("4.3", "major"),
        ("8.2.4", "major"),
        ("8.3.1", "minor"),  # the uncatalogued service also has no customer
        ("8.4.2", "minor"),  # ... and no demand forecast
        ("10.1", "minor"),
    ]


def test_a_stage_1_evaluation_has_an_outcome_and_no_recommendation(healthy, as_cli):
    delete_record(healthy.scope)
    data = evaluation_as_dict(run_evaluation(healthy.build.org, 1, audit_date=AUDIT_DATE))
    assert (data["outcome"], data["recommendation"], data["samples"]) == ("not_ready", None, [])
    assert data["findings"][0]["severity"] == "high"


def test_the_text_report_reads_like_an_auditors_summary(healthy, as_cli):
    break_three_clauses(healthy)
    text = render_text(run_evaluation(healthy.build.org, 2, audit_date=AUDIT_DATE))
    assert "Healthy Hosting (healthy): Stage 2 (effectiveness) evaluation EV" in text
    assert "Audit date 2025-06-30   period 2024-06-30 to 2025-06-30" in text
    assert "Recommendation: NOT RECOMMENDED: follow-up audit required" in text
    assert text.index("Clause 4.3") < text.index("Clause 8.2.4") < text.index("Clause 10.1")
    assert "Major nonconformity  [s2.catalogue.services-delivered]" in text
    assert "Fix: Publish catalogue entries" in text
    assert "and 5 more" in text  # 15 records named: the service and 14 incidents
    assert "Samples for the auditor to re-perform" in text
    assert "Incidents resolved in the period" in text


def test_the_text_report_of_a_ready_organisation(healthy, as_cli):
    text = render_text(run_evaluation(healthy.build.org, 1, audit_date=AUDIT_DATE))
    assert "Outcome: READY" in text
    assert "No findings." in text
    assert "Samples" not in text
