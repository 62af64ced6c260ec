"""The evidence pack: one ZIP with the report, the findings and every record they rest on.

Layout::

    manifest.json            what is in the pack, and its SHA-256 digests
    report.pdf               the audit report
    findings.xlsx            findings, action plans and samples as a workbook
    findings.json            the same as data: audit identity, findings, plans
    samples/<ref>.json       a sample and each record it drew, as the bundle carries it, with
                             the engine's verdict and the auditor's judgement on each
    evidence/<ref>.json      a finding and each record it cites, as the bundle carries it
    interviews/<INT ref>.json  an interview of the engagement: who, role, date, answers, evidence
    ledger-checkpoint.json   the organisation's evidence ledger head when the report was read,
                             signed with the ledger key: ``evident verify-ledger --checkpoint``
                             takes the pack and names entries cut off or rewritten since

The manifest lists every other file with its size and SHA-256, names the
engagement and evaluation and their evidence digest, and carries a ``seal``:
the SHA-256 of its own canonical JSON without the seal, so an edit to the
manifest shows even when the edit keeps the file digests. ``verify_pack``
recomputes all of it and names each problem. The PDF is required: without
WeasyPrint's libraries there is no pack (``PdfUnavailable``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import zipfile
from pathlib import Path

from evident.core.ledger_anchor import PACK_MEMBER
from evident.core.models import Organisation

from .content import ReportContent
from .evidence import serialise
from .pdf import render_pdf
from .xlsx import render_xlsx

PACK_FORMAT = "evident-evidence-pack"
PACK_VERSION = 1
MANIFEST = "manifest.json"
# Every entry gets this timestamp, so the same files make the same ZIP bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ENTRY_KEYS = {"path", "sha256", "size"}


def _json_bytes(data) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n").encode()


def _canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal_of(manifest: dict) -> str:
    """SHA-256 of the manifest's canonical JSON, the ``seal`` key left out."""
    return hashlib.sha256(
        _canonical({k: v for k, v in manifest.items() if k != "seal"})
    ).hexdigest()


def identity(content: ReportContent) -> dict:
    """Which audit the pack is about; written to the manifest and to ``findings.json``."""
    return {
        "organisation": {"slug": content.organisation_slug, "name": content.organisation_name},
        "engagement": (
            {"id": content.engagement_id, "ref": content.engagement_ref, "title": content.title}
            if content.engagement_ref
            else None
        ),
        "evaluation": {
            "id": content.evaluation_id,
            "ref": content.evaluation_ref,
            "stage": content.stage,
            "audit_date": content.audit_date.isoformat(),
            "period": {
                "start": content.period_start.isoformat(),
                "end": content.period_end.isoformat(),
            },
            "seed": content.seed,
            "engine_version": content.engine_version,
        },
        "evidence_digest": content.evidence_digest,
    }


def findings_document(content: ReportContent) -> dict:
    return {
        **identity(content),
        "verdict": content.verdict or None,
        "current_verdict": content.current_verdict or None,
        "decision": dataclasses.asdict(content.decision) if content.decision else None,
        "findings": [dataclasses.asdict(f) for f in content.findings],
        "corrective_action_plans": [dataclasses.asdict(p) for p in content.plans],
        "withdrawn_findings": [dataclasses.asdict(f) for f in content.withdrawn],
        "interviews": [dataclasses.asdict(i) for i in content.interviews],
        "concerns_to_resolve": [dataclasses.asdict(k) for k in content.concerns],
    }


def _record_files(content: ReportContent) -> dict[str, bytes]:
    organisation = Organisation.objects.get(slug=content.organisation_slug)
    cited = [
        dataclasses.asdict(r)
        for item in (*content.findings, *content.withdrawn, *content.samples)
        for r in item.records
    ]
    records = serialise(organisation, cited)

    def contents(refs) -> list[dict]:
        return [records[(r.type, r.id)] for r in refs]

    files = {}
    for sample in content.samples:
        head = {
            k: v for k, v in dataclasses.asdict(sample).items() if k not in ("records", "judged")
        }
        document = {"sample": head, "records": contents(sample.records)}
        if content.engagement_ref:
            document["judgements"] = [dataclasses.asdict(row) for row in sample.judged]
        files[f"samples/{sample.ref}.json"] = _json_bytes(document)
    for interview in content.interviews:
        files[f"interviews/{interview.ref}.json"] = _json_bytes(
            {"interview": dataclasses.asdict(interview)}
        )
    for finding in (*content.findings, *content.withdrawn):
        head = {
            k: v for k, v in dataclasses.asdict(finding).items() if k not in ("records", "plans")
        }
        files[f"evidence/{finding.ref}.json"] = _json_bytes(
            {"finding": head, "records": contents(finding.records)}
        )
    return files


def build_pack(content: ReportContent) -> bytes:
    """The evidence pack as ZIP bytes."""
    files = {
        "report.pdf": render_pdf(content),
        "findings.xlsx": render_xlsx(content),
        "findings.json": _json_bytes(findings_document(content)),
        **_record_files(content),
    }
    if content.ledger_checkpoint:
        files[PACK_MEMBER] = _json_bytes(content.ledger_checkpoint)
    manifest = {
        "format": PACK_FORMAT,
        "version": PACK_VERSION,
        "generated_at": content.generated_at.isoformat(),
        **identity(content),
        "files": [
            {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for path, data in sorted(files.items())
        ],
    }
    manifest["seal"] = seal_of(manifest)
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in [(MANIFEST, _json_bytes(manifest)), *sorted(files.items())]:
            archive.writestr(zipfile.ZipInfo(path, date_time=ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return stream.getvalue()


# Verification ------------------------------------------------------------------------


def verify_pack(path: str | Path) -> list[str]:
    """Every problem with the pack at ``path``, each naming its file; empty when intact."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            contents = {name: archive.read(name) for name in set(names)}
    except (OSError, zipfile.BadZipFile) as error:
        return [f"{path} is not a readable ZIP archive: {error}"]
    problems = [
        f"duplicate entry in the archive: {n}" for n in sorted(set(names)) if names.count(n) > 1
    ]
    if MANIFEST not in contents:
        return [*problems, f"{MANIFEST} is missing"]
    manifest, malformed = _read_manifest(contents[MANIFEST])
    if malformed:
        return [*problems, *malformed]
    if manifest.get("seal") != seal_of(manifest):
        problems.append(f"{MANIFEST} has been edited: its seal does not match its contents")
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for name, entry in sorted(listed.items()):
        if name not in contents:
            problems.append(f"missing file: {name}")
            continue
        data = contents[name]
        actual = hashlib.sha256(data).hexdigest()
        if actual != entry["sha256"]:
            problems.append(
                f"digest mismatch: {name} (manifest {entry['sha256']}, actual {actual})"
            )
        if len(data) != entry["size"]:
            problems.append(f"size mismatch: {name} (manifest {entry['size']}, actual {len(data)})")
    for name in sorted(set(contents) - set(listed) - {MANIFEST}):
        problems.append(f"extra file not in the manifest: {name}")
    return problems + _identity_problems(manifest, contents.get("findings.json"))


def _read_manifest(data: bytes) -> tuple[dict, list[str]]:
    try:
        manifest = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, [f"{MANIFEST} is malformed: not valid JSON ({error})"]
    if not isinstance(manifest, dict):
        return {}, [f"{MANIFEST} is malformed: not a JSON object"]
    problems = []
    if manifest.get("format") != PACK_FORMAT or manifest.get("version") != PACK_VERSION:
        problems.append(f"{MANIFEST} is malformed: not an {PACK_FORMAT} version {PACK_VERSION}")
    files = manifest.get("files")
    if not isinstance(files, list) or not all(_good_entry(entry) for entry in files):
        problems.append(f"{MANIFEST} is malformed: 'files' must be a list of path, sha256 and size")
    elif len({entry["path"] for entry in files}) != len(files):
        problems.append(f"{MANIFEST} is malformed: a path is listed twice")
    return manifest, problems


def _good_entry(entry) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) == ENTRY_KEYS
        and isinstance(entry["path"], str)
        and isinstance(entry["sha256"], str)
        and isinstance(entry["size"], int)
    )


def _identity_problems(manifest: dict, findings: bytes | None) -> list[str]:
    """The manifest and findings.json must name the same audit and evidence digest."""
    if findings is None:
        return []  # already reported as missing (or extra) above
    try:
        document = json.loads(findings)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ["findings.json is not valid JSON"]
    problems = []
    for key in ("evaluation", "engagement", "evidence_digest", "organisation"):
        if document.get(key) != manifest.get(key):
            problems.append(f"findings.json and {MANIFEST} disagree on the {key.replace('_', ' ')}")
    return problems
