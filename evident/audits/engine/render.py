"""Evaluations as data (the CLI's JSON contract) and as a lead auditor's terminal report."""

from __future__ import annotations

import textwrap
from itertools import groupby

from evident.audits.models import Evaluation

from .ordering import clause_sort_key, finding_sort_key

REFS_SHOWN = 10
WIDTH = 88

HEADLINE_WORDS = {
    "ready": "READY",
    "conditionally_ready": "CONDITIONALLY READY",
    "not_ready": "NOT READY",
    "recommended": "RECOMMENDED for certification",
    "recommended_after_cap": "RECOMMENDED once the corrective action plan is accepted",
    "not_recommended": "NOT RECOMMENDED: follow-up audit required",
}


def _sorted_findings(evaluation: Evaluation) -> list:
    findings = list(evaluation.findings.all())
    return sorted(findings, key=lambda f: finding_sort_key(f.clause, f.grade, f.severity, f.key))


def _sorted_samples(evaluation: Evaluation) -> list:
    return sorted(evaluation.samples.all(), key=lambda s: (clause_sort_key(s.clause), s.ref))


def evaluation_as_dict(evaluation: Evaluation) -> dict:
    """The evaluation in the stable shape the ``audit --format json`` command prints."""
    return {
        "organisation": evaluation.organisation.slug,
        "evaluation": evaluation.ref,
        "stage": evaluation.stage,
        "audit_date": evaluation.audit_date.isoformat(),
        "period": {
            "start": evaluation.period_start.isoformat(),
            "end": evaluation.period_end.isoformat(),
        },
        "outcome": evaluation.outcome or None,
        "recommendation": evaluation.recommendation or None,
        "findings": [
            {
                "check": f.check_id,
                "key": f.key,
                "clause": f.clause,
                "grade": f.grade,
                "severity": f.severity,
                "statement": f.statement,
                "fix": f.fix_hint,
                "records": f.records,
                "cap_accepted": f.cap_accepted,
            }
            for f in _sorted_findings(evaluation)
        ],
        "samples": [
            {
                "population": s.population,
                "clause": s.clause,
                "population_size": s.population_size,
                "sample_size": s.sample_size,
                "seed": s.seed,
                "method": s.method,
                "records": s.records,
            }
            for s in _sorted_samples(evaluation)
        ],
        "seed": evaluation.seed,
        "engine_version": evaluation.engine_version,
        "evidence_digest": evaluation.evidence_digest,
    }


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def _refs(records: list) -> str:
    refs = [r["ref"] for r in records]
    text = ", ".join(refs[:REFS_SHOWN])
    if len(refs) > REFS_SHOWN:
        text += f" and {len(refs) - REFS_SHOWN} more"
    return text


def _grade_label(finding) -> str:
    label = finding.get_grade_display()
    if finding.severity:
        label += f" ({finding.severity})"
    if finding.cap_accepted:
        label += ", action plan accepted"
    return label


def _headline(evaluation: Evaluation) -> list[str]:
    verdict = evaluation.outcome or evaluation.recommendation
    org = evaluation.organisation
    return [
        f"{org.name} ({org.slug}): {evaluation.get_stage_display()} evaluation {evaluation.ref}",
        f"Audit date {evaluation.audit_date}   period {evaluation.period_start} to "
        f"{evaluation.period_end}",
        f"{'Outcome' if evaluation.stage == 1 else 'Recommendation'}: "
        f"{HEADLINE_WORDS.get(verdict, verdict)}",
        f"Seed {evaluation.seed}   engine {evaluation.engine_version}   evidence "
        f"{evaluation.evidence_digest[:16]}",
    ]


def _findings_section(findings: list) -> list[str]:
    if not findings:
        return ["No findings."]
    lines = [f"Findings ({len(findings)})"]
    for clause, group in groupby(findings, key=lambda f: f.clause):
        lines += ["", f"Clause {clause}"]
        for finding in group:
            lines.append(f"  - {_grade_label(finding)}  [{finding.key}]")
            lines += _wrap(finding.statement, "      ")
            if finding.fix_hint:
                lines += _wrap(f"Fix: {finding.fix_hint}", "      ")
            if finding.records:
                lines += _wrap(f"Records: {_refs(finding.records)}", "      ")
    return lines


def _samples_section(samples: list) -> list[str]:
    if not samples:
        return []
    lines = ["", "Samples for the auditor to re-perform"]
    lines.append(f"  {'clause':<7} {'population':<56} {'size':>11}  seed")
    for s in samples:
        size = f"{s.sample_size}/{s.population_size}"
        lines.append(f"  {s.clause:<7} {s.population:<56} {size:>11}  {s.seed}")
        if s.records:  # the whole sample: it is the auditor's list to re-perform
            lines += _wrap(", ".join(r["ref"] for r in s.records), "          ")
    return lines


def render_text(evaluation: Evaluation) -> str:
    """A terminal report: headline, findings by clause with fixes and records, the samples."""
    rule = "=" * WIDTH
    lines = [rule, *_headline(evaluation), rule, ""]
    lines += _findings_section(_sorted_findings(evaluation))
    lines += _samples_section(_sorted_samples(evaluation))
    return "\n".join(lines) + "\n"
