"""The evidence pack: every file digested in the manifest; any tampering is named."""

import io
import json
import zipfile

import pytest

from evident.reports.pack import MANIFEST, build_pack, verify_pack

from .conftest import INTERVIEW_EVIDENCE, JUDGEMENT_NOTE, WITHDRAW_REASON

# Set up the test database even when this file runs alone: its tests read the package's
# shared audit, and pytest-django creates databases only for tests that ask for one.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pack(stage2_content, tmp_path_factory, django_db_blocker):
    with django_db_blocker.unblock():
        data = build_pack(stage2_content)
    path = tmp_path_factory.mktemp("pack") / "pack.zip"
    path.write_bytes(data)
    return path


def entries(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewritten(pack, tmp_path, change) -> str:
    """A copy of the pack with ``change(files)`` applied to its entries."""
    files = entries(pack)
    change(files)
    target = tmp_path / "tampered.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return target


def test_the_pack_holds_the_report_the_findings_and_every_cited_record(pack, stage2_content):
    files = entries(pack)
    assert {"report.pdf", "findings.xlsx", "findings.json", MANIFEST} <= set(files)
    for sample in stage2_content.samples:
        drawn = json.loads(files[f"samples/{sample.ref}.json"])
        assert [r["ref"] for r in drawn["records"]] == [r.ref for r in sample.records]
        assert all("fields" in r for r in drawn["records"])  # carried as the bundle carries it
    for finding in stage2_content.findings:
        cited = json.loads(files[f"evidence/{finding.ref}.json"])
        assert cited["finding"]["statement"] == finding.statement
        assert [r["ref"] for r in cited["records"]] == [r.ref for r in finding.records]


def test_the_pack_holds_the_interviews_and_the_auditors_judgements(pack, stage2_content):
    files = entries(pack)
    (interview,) = stage2_content.interviews
    held = json.loads(files[f"interviews/{interview.ref}.json"])["interview"]
    assert held["evidence_seen"] == INTERVIEW_EVIDENCE and held["clauses"] == ["8.3.4"]
    notes = [
        row["note"]
        for sample in stage2_content.samples
        for row in json.loads(files[f"samples/{sample.ref}.json"])["judgements"]
    ]
    assert JUDGEMENT_NOTE in notes
    document = json.loads(files["findings.json"])
    assert [f["reason"] for f in document["withdrawn_findings"]] == [WITHDRAW_REASON]
    assert document["interviews"][0]["ref"] == interview.ref
    assert verify_pack(pack) == []


def test_an_edited_judgement_is_named(pack, tmp_path):
    def change(files):
        name = next(n for n in files if n.startswith("samples/"))
        files[name] = files[name].replace(JUDGEMENT_NOTE.encode(), b"All fine.")
        if JUDGEMENT_NOTE.encode() not in entries(pack)[name]:
            files["interviews/edited.json"] = b"{}"

    problems = verify_pack(rewritten(pack, tmp_path, change))
    assert problems and all("samples/" in p or "interviews/edited.json" in p for p in problems)


def test_the_manifest_names_the_audit_and_digests_every_file(pack, stage2_content):
    manifest = json.loads(entries(pack)[MANIFEST])
    assert manifest["evaluation"]["ref"] == stage2_content.evaluation_ref
    assert manifest["engagement"]["ref"] == stage2_content.engagement_ref
    assert manifest["evidence_digest"] == stage2_content.evidence_digest
    listed = {entry["path"] for entry in manifest["files"]}
    assert listed == set(entries(pack)) - {MANIFEST}


def test_an_intact_pack_verifies(pack):
    assert verify_pack(pack) == []


def test_a_changed_byte_is_a_digest_mismatch(pack, tmp_path):
    def flip(files):
        data = bytearray(files["findings.json"])
        data[10] ^= 1
        files["findings.json"] = bytes(data)

    problems = verify_pack(rewritten(pack, tmp_path, flip))
    assert any(p.startswith("digest mismatch: findings.json") for p in problems)


def test_a_removed_file_is_named(pack, tmp_path):
    problems = verify_pack(rewritten(pack, tmp_path, lambda files: files.pop("findings.xlsx")))
    assert problems == ["missing file: findings.xlsx"]


def test_an_added_file_is_named(pack, tmp_path):
    problems = verify_pack(
        rewritten(pack, tmp_path, lambda files: files.update({"evidence/extra.json": b"{}"}))
    )
    assert problems == ["extra file not in the manifest: evidence/extra.json"]


def test_an_edited_manifest_breaks_its_seal(pack, tmp_path):
    def edit(files):
        manifest = json.loads(files[MANIFEST])
        manifest["evidence_digest"] = "0" * 64
        files[MANIFEST] = json.dumps(manifest).encode()

    problems = verify_pack(rewritten(pack, tmp_path, edit))
    assert "manifest.json has been edited: its seal does not match its contents" in problems
    assert "findings.json and manifest.json disagree on the evidence digest" in problems


def test_a_malformed_manifest_or_archive_is_named(pack, tmp_path):
    broken = rewritten(pack, tmp_path, lambda files: files.update({MANIFEST: b"{not json"}))
    assert verify_pack(broken)[0].startswith("manifest.json is malformed: not valid JSON")
    no_manifest = rewritten(pack, tmp_path, lambda files: files.pop(MANIFEST))
    assert verify_pack(no_manifest) == ["manifest.json is missing"]
    not_zip = tmp_path / "not.zip"
    not_zip.write_bytes(b"plain text")
    assert "is not a readable ZIP archive" in verify_pack(not_zip)[0]


def test_the_same_files_make_the_same_archive_entries(pack):
    with zipfile.ZipFile(io.BytesIO(pack.read_bytes())) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
