"""Reports carry a ledger checkpoint: the PDF names it, the evidence pack holds it."""

import json
import zipfile

import pytest
from django.core.management import call_command

from evident.audits.engine import run_evaluation
from evident.catalogue.models import Service
from evident.core import ledger_anchor, services
from evident.core.models import HistoryEntry
from evident.reports import content as reading
from evident.reports.pack import MANIFEST, build_pack, verify_pack
from evident.reports.pdf import report_html

KEY = "report-tests-ledger-key-00000001"


@pytest.fixture
def report(org, settings, as_cli):
    settings.EVIDENT_LEDGER_KEY = KEY
    for name in ("Email", "Payroll"):
        services.create_record(Service, org, name=name)
    return reading.for_evaluation(run_evaluation(org, 2))


def test_the_report_reads_the_ledger_head_and_the_pdf_names_it(org, report):
    checkpoint = report.ledger_checkpoint
    head = HistoryEntry.objects.filter(organisation=org).order_by("-seq").first()
    assert (checkpoint["seq"], checkpoint["hash"]) == (head.seq, head.hash)
    assert ledger_anchor.check(org, checkpoint) == []

    html = report_html(report)
    assert "Ledger checkpoint" in html
    assert f"entry #{head.seq} of {checkpoint['count']}" in html
    assert head.hash in html and checkpoint["key_id"] in html


def test_the_evidence_pack_holds_the_checkpoint_and_verify_ledger_reads_it(
    org, report, tmp_path, capsys
):
    path = tmp_path / "pack.zip"
    path.write_bytes(build_pack(report))
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        held = json.loads(archive.read(ledger_anchor.PACK_MEMBER))
    assert held == report.ledger_checkpoint
    assert ledger_anchor.PACK_MEMBER in {entry["path"] for entry in manifest["files"]}
    assert verify_pack(path) == []

    call_command("verify_ledger", "--org", org.slug, "--checkpoint", str(path))
    assert "holds" in capsys.readouterr().out

    HistoryEntry.objects.filter(organisation=org, seq=held["seq"]).delete()
    with pytest.raises(SystemExit):
        call_command("verify_ledger", "--org", org.slug, "--checkpoint", str(path))
    assert f"checkpoint: truncated: entry #{held['seq']}" in capsys.readouterr().err
