"""``evident report`` and ``evident verify-pack``: files written, problems named, exit codes."""

import sys
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook


@pytest.mark.django_db
def test_report_writes_the_workbook_of_an_evaluation(audited, tmp_path):
    target = tmp_path / "findings.xlsx"
    out = StringIO()
    call_command(
        "report",
        "--org",
        audited.organisation.slug,
        "--evaluation",
        audited.stage2.ref,
        "--format",
        "xlsx",
        "--output",
        str(target),
        stdout=out,
    )
    assert f"Wrote {target}" in out.getvalue()
    assert load_workbook(target)["Findings"].max_row == 1 + audited.stage2.findings.count()


@pytest.mark.django_db
def test_report_finds_an_audit_by_id_and_names_the_file_after_it(audited, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command(
        "report",
        "--org",
        audited.organisation.slug,
        "--audit",
        str(audited.engagement.pk),
        "--format",
        "zip",
        stdout=StringIO(),
    )
    written = (
        tmp_path
        / f"{audited.organisation.slug}-{audited.engagement.ref.lower()}-stage2-evidence-pack.zip"
    )
    assert zipfile.is_zipfile(written)
    out = StringIO()
    call_command("verify_pack", str(written), stdout=out)
    assert out.getvalue().strip() == f"{written}: intact"


@pytest.mark.django_db
def test_report_refuses_an_unknown_audit_or_organisation(audited):
    with pytest.raises(CommandError, match="No evaluation 'EV999999'"):
        call_command(
            "report",
            "--org",
            audited.organisation.slug,
            "--evaluation",
            "EV999999",
            "--format",
            "pdf",
        )
    with pytest.raises(CommandError, match="No organisation"):
        call_command("report", "--org", "nowhere", "--evaluation", "1", "--format", "pdf")


@pytest.mark.django_db
def test_report_says_what_to_install_when_pdfs_cannot_be_drawn(audited, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(CommandError, match="Pango"):
        call_command(
            "report",
            "--org",
            audited.organisation.slug,
            "--evaluation",
            audited.stage1.ref,
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "r.pdf"),
        )


def test_verify_pack_exits_1_naming_each_problem(tmp_path):
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("report.pdf", b"%PDF")
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_pack", str(pack), stderr=err)
    assert exit_info.value.code == 1
    assert "manifest.json is missing" in err.getvalue()
