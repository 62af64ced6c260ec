"""The evaluation runner: run a stage's checks, draw the samples, store the verdict.

The runner writes through ``core.services`` in the caller's ``acting(...)``
context; it never opens one of its own, so the ledger says who asked for the
evaluation and from where.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from evident.audits.models import Evaluation, Finding, Sample
from evident.core import services
from evident.core.models import Organisation

from . import checks  # noqa: F401  (registers the checks)
from .digest import evidence_digest
from .ordering import finding_sort_key
from .registry import MAJOR, CompletedFinding, checks_for_stage
from .sampling import draw_samples
from .scope import AuditScope, today_utc
from .verdict import answers_for, cap_accepted, stage1_outcome, stage2_recommendation

ENGINE_VERSION = "1.0.0"

VERIFIED_CLOSED_NOTE = (
    " A nonconformity raised for this finding is closed and its closure verified, so it no "
    "longer blocks the recommendation."
)


def default_seed(audit_date: dt.date) -> int:
    """The day as a number (20250630), so a rerun on the same day draws the same samples."""
    return int(audit_date.strftime("%Y%m%d"))


def run_checks(scope: AuditScope, stage: int) -> list[CompletedFinding]:
    """Every finding of the stage's checks, in reading order."""
    findings = [
        check.complete(result) for check in checks_for_stage(stage) for result in check.run(scope)
    ]
    return sorted(findings, key=lambda f: finding_sort_key(f.clause, f.grade, f.severity, f.key))


def run_evaluation(
    organisation: Organisation,
    stage: int,
    *,
    audit_date: dt.date | None = None,
    seed: int | None = None,
) -> Evaluation:
    """Judge ``organisation`` at ``stage`` (1 readiness, 2 effectiveness) and store the result."""
    stage = int(stage)
    if stage not in (1, 2):
        raise ValueError(f"stage must be 1 or 2, not {stage}")
    audit_date = audit_date or today_utc()
    seed = default_seed(audit_date) if seed is None else int(seed)
    scope = AuditScope.for_date(organisation, audit_date, seed)

    digest = evidence_digest(scope, stage, ENGINE_VERSION)
    findings = run_checks(scope, stage)
    samples = draw_samples(scope) if stage == 2 else []
    answers = answers_for(scope, {f.key for f in findings})

    verdict = {}
    if stage == 1:
        verdict["outcome"] = stage1_outcome(findings)
    else:
        verdict["recommendation"] = stage2_recommendation(findings, answers)

    with transaction.atomic():
        evaluation = services.create_record(
            Evaluation,
            organisation,
            stage=stage,
            audit_date=audit_date,
            period_start=scope.period_start,
            period_end=scope.period_end,
            seed=seed,
            engine_version=ENGINE_VERSION,
            evidence_digest=digest,
            **verdict,
        )
        services.bulk_create_records(
            Finding, organisation, [_finding(evaluation, f, answers) for f in findings]
        )
        services.bulk_create_records(
            Sample, organisation, [_sample(evaluation, s) for s in samples]
        )
    return evaluation


def _finding(evaluation: Evaluation, finding: CompletedFinding, answers) -> Finding:
    statement = finding.statement
    if finding.grade == MAJOR and finding.key in answers.verified_closed:
        statement += VERIFIED_CLOSED_NOTE
    return Finding(
        evaluation=evaluation,
        check_id=finding.check_id,
        key=finding.key,
        clause=finding.clause,
        grade=finding.grade,
        severity=finding.severity,
        statement=statement,
        fix_hint=finding.fix,
        records=list(finding.records),
        cap_accepted=cap_accepted(finding, answers),
    )


def _sample(evaluation: Evaluation, sample) -> Sample:
    return Sample(
        evaluation=evaluation,
        population=sample.population,
        clause=sample.clause,
        population_size=sample.population_size,
        sample_size=sample.sample_size,
        seed=sample.seed,
        method=sample.method,
        records=list(sample.records),
    )
