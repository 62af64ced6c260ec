"""The ``audit`` and ``checks_doc`` commands: output, attribution, and clear errors."""

import getpass
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evident.audits.engine.catalogue_doc import checks_markdown
from evident.audits.models import Evaluation
from evident.core.models import HistoryEntry

from .builders import healthy_fixtures

healthy_template, healthy = healthy_fixtures()

DOCS = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def audit(*args):
    out = StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue()


def test_audit_prints_the_report_as_text(healthy):
    text = audit("--org", "healthy", "--stage", "1", "--date", "2025-06-30")
    assert text.startswith("=" * 88)
    assert "Stage 1 (readiness)" in text and "Outcome: READY" in text


def test_audit_prints_the_json_contract(healthy):
    out = audit(
        "--org",
        "healthy",
        "--stage",
        "2",
        "--date",
        "2025-06-30",
        "--seed",
        "42",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert (data["organisation"], data["stage"], data["seed"]) == ("healthy", 2, 42)
    assert data["recommendation"] == "recommended"
    assert data["period"] == {"start": "2024-06-30", "end": "2025-06-30"}


def test_audit_records_the_evaluation_as_written_from_the_command_line(healthy):
    audit("--org", "healthy", "--stage", "2", "--date", "2025-06-30", "--format", "json")
    evaluation = Evaluation.objects.get(organisation=healthy.build.org)
    entry = HistoryEntry.objects.get(model="audits.evaluation", object_id=evaluation.pk)
    assert (entry.source, entry.actor_name) == ("cli", getpass.getuser())
    assert entry.source_detail == {"command": "audit"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--org", "nobody", "--stage", "1"], "No organisation with the slug 'nobody'"),
        (["--org", "healthy", "--stage", "3"], "--stage must be 1 (readiness) or 2"),
        (["--org", "healthy", "--stage", "2", "--date", "30/06/2025"], "YYYY-MM-DD"),
        (["--org", "healthy", "--stage", "2", "--seed", "lucky"], "--seed must be a whole"),
    ],
    ids=["unknown organisation", "stage 3", "bad date", "bad seed"],
)
def test_audit_explains_bad_arguments(healthy, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        audit(*args)
    assert not Evaluation.objects.exists()


def test_the_committed_check_catalogue_is_up_to_date():
    assert DOCS.read_text(encoding="utf-8") == checks_markdown()


def test_checks_doc_writes_the_catalogue(tmp_path):
    out = StringIO()
    call_command("checks_doc", stdout=out)
    assert out.getvalue() == checks_markdown()
    target = tmp_path / "checks.md"
    call_command("checks_doc", "--output", str(target), stderr=StringIO())
    assert target.read_text(encoding="utf-8") == checks_markdown()


def test_checks_doc_explains_an_unwritable_output(tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("checks_doc", "--output", str(tmp_path / "missing" / "checks.md"))
