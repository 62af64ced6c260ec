"""What a report says: an audit's verdict, findings, samples and action plans, as plain data.

``for_engagement`` and ``for_evaluation`` read everything once into frozen
dataclasses, so the renderers (PDF, XLSX, evidence pack) never touch the
database. The reading takes a fixed number of queries, plus one per record
type that the findings and samples cite (to give each cited ref its title).
An engagement without an evaluation has nothing to report yet and raises
``NothingToReport``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from itertools import groupby

from django.db.models import Count, Prefetch
from django.utils import timezone

from evident.audits import clauses
from evident.audits.engine import registry, sampling
from evident.audits.engine.ordering import clause_sort_key, finding_sort_key
from evident.audits.engine.scope import AuditScope
from evident.audits.engine.verdict import answers_for, stage2_recommendation
from evident.audits.levels import finding_level
from evident.audits.models import (
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    Nonconformity,
    Sample,
)
from evident.certification.models import AuditEngagement
from evident.core import ledger_anchor
from evident.core.tenancy import scoped
from evident.governance.models import ScopeStatement

from .evidence import titles_of

VERDICT_WORDS = {
    "ready": "Ready",
    "conditionally_ready": "Conditionally ready",
    "not_ready": "Not ready",
    "recommended": "Recommended for certification",
    "recommended_after_cap": "Recommended once the corrective action plans are accepted",
    "not_recommended": "Not recommended: a follow-up audit is required",
}
VERDICT_TONE = {
    "ready": "good",
    "recommended": "good",
    "conditionally_ready": "warn",
    "recommended_after_cap": "warn",
    "not_ready": "bad",
    "not_recommended": "bad",
}
HISTORY_LIMIT = 24  # evaluations plotted in the readiness chart


class NothingToReport(LookupError):
    """The audit has no evaluation behind it yet, so there are no findings to report."""


@dataclass(frozen=True)
class RecordRef:
    """A record a finding or sample names: its type label, id, ref and (where cheap) title."""

    type: str
    id: int
    ref: str
    title: str = ""

    @property
    def label(self) -> str:
        return f"{self.ref} {self.title}".strip()


@dataclass(frozen=True)
class PlanStatus:
    """A nonconformity raised for a finding, and where its corrective action plan stands."""

    nonconformity_ref: str
    nonconformity_title: str
    finding_key: str
    clause: str
    grade: str
    nonconformity_status: str
    closure_verified: bool
    plan_ref: str = ""
    plan_status: str = ""
    plan_complete: bool = False
    owner: str = ""
    due_date: dt.date | None = None
    decided_by: str = ""
    decided_at: dt.datetime | None = None
    return_reason: str = ""

    @property
    def summary(self) -> str:
        """One phrase for tables: the plan's state, or that there is none yet."""
        if self.nonconformity_status == Nonconformity.Status.CLOSED:
            return "closed, verified" if self.closure_verified else "closed, not verified"
        if not self.plan_ref:
            return "no plan yet"
        if self.plan_status == CorrectiveActionPlan.Status.ACCEPTED and not self.plan_complete:
            return "accepted, incomplete"
        return self.plan_status


@dataclass(frozen=True)
class FindingItem:
    ref: str
    key: str
    check_id: str
    clause: str
    clause_title: str
    grade: str
    grade_label: str
    severity: str
    statement: str
    requirement: str
    fix: str
    records: tuple[RecordRef, ...]
    cap_accepted: bool
    plans: tuple[PlanStatus, ...] = ()
    # What the auditor made of it (engagement reports only; an evaluation has no auditor).
    status: str = ""
    status_label: str = ""
    origin: str = ""
    reason: str = ""
    engine_grade: str = ""  # the engine's grade, when the auditor changed it
    samples: tuple[str, ...] = ()
    interviews: tuple[RecordRef, ...] = ()

    @property
    def awaiting_auditor(self) -> bool:
        """An engine draft the auditor has not yet confirmed, regraded or withdrawn."""
        return self.status == "draft"

    @property
    def level(self) -> str:
        """How much it stands in the way: major, high, minor, medium or low."""
        return finding_level(self.grade, self.severity)

    @property
    def grade_text(self) -> str:
        return f"{self.grade_label} ({self.severity})" if self.severity else self.grade_label

    @property
    def is_nonconformity(self) -> bool:
        return self.grade in (Finding.Grade.MAJOR, Finding.Grade.MINOR)

    @property
    def plan_summary(self) -> str:
        if not self.is_nonconformity:
            return ""
        if not self.plans:
            return "No nonconformity raised yet"
        return "; ".join(f"{p.nonconformity_ref}: {p.summary}" for p in self.plans)


@dataclass(frozen=True)
class ClauseGroup:
    number: str
    title: str
    findings: tuple[FindingItem, ...]


@dataclass(frozen=True)
class SampleItem:
    ref: str
    population: str
    clause: str
    population_size: int
    sample_size: int
    seed: int
    method: str
    records: tuple[RecordRef, ...]
    additional: bool = False  # drawn by the auditor during fieldwork, not by the engine
    judged: tuple[JudgedRecord, ...] = ()

    @property
    def judged_count(self) -> int:
        return sum(1 for row in self.judged if row.verdict != "not_judged")


@dataclass(frozen=True)
class JudgedRecord:
    """One sampled record: the engine's verdict on it and the auditor's, with the note."""

    record: RecordRef
    engine_verdict: str
    verdict: str
    note: str = ""
    judged_by: str = ""
    judged_at: dt.datetime | None = None
    attributes: tuple[tuple[str, str], ...] = ()

    @property
    def agrees(self) -> bool:
        return self.verdict in ("not_judged", self.engine_verdict)


@dataclass(frozen=True)
class InterviewItem:
    """An interview held during the audit, as evidence: who, role, when, clauses, what was seen."""

    ref: str
    interviewee: str
    role: str
    held_on: dt.date
    clauses: tuple[str, ...]
    answers: tuple[tuple[str, str], ...]
    evidence_seen: str
    interviewer: str
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConcernItem:
    """A Stage 1 concern (high or medium) to resolve before the Stage 2 audit."""

    ref: str
    clause: str
    severity: str
    statement: str


@dataclass(frozen=True)
class SamplingBand:
    """One row of the published sampling table, in words."""

    population: str
    sample: str


@dataclass(frozen=True)
class HistoryPoint:
    """One stored evaluation of the organisation, for the readiness-over-time chart."""

    ref: str
    stage: int
    audit_date: dt.date
    verdict: str
    findings: int


@dataclass(frozen=True)
class DecisionItem:
    """The decision recorded on an engagement (the latest, when it was revisited)."""

    ref: str
    decision: str
    decision_label: str
    decided_by: str
    decided_at: dt.datetime
    rationale: str
    recommendation_label: str = ""  # what the rules recommended when it was taken
    concerns: tuple[dict, ...] = ()  # Stage 1: the concerns it listed to resolve before Stage 2


@dataclass(frozen=True)
class ReportContent:
    """Everything one audit report says; renderers depend on this and nothing else."""

    organisation_name: str
    organisation_slug: str
    title: str
    kind: str
    kind_label: str
    stage: int
    evaluation_id: int
    evaluation_ref: str
    audit_date: dt.date
    period_start: dt.date
    period_end: dt.date
    seed: int
    engine_version: str
    evidence_digest: str
    evaluated_at: dt.datetime
    verdict: str
    current_verdict: str
    scope: str
    criteria: str
    findings: tuple[FindingItem, ...]
    samples: tuple[SampleItem, ...]
    plans: tuple[PlanStatus, ...]
    sampling_table: tuple[SamplingBand, ...]
    history: tuple[HistoryPoint, ...]
    catalogue_version: str
    generated_at: dt.datetime
    engagement_id: int | None = None
    engagement_ref: str = ""
    engagement_state: str = ""
    lead_auditor: str = ""
    team: tuple[str, ...] = field(default=())
    decision: DecisionItem | None = None
    withdrawn: tuple[FindingItem, ...] = ()
    interviews: tuple[InterviewItem, ...] = ()
    concerns: tuple[ConcernItem, ...] = ()
    # The organisation's ledger head when the report was read (``core.ledger_anchor``):
    # kept with the report, it later shows entries cut off or rewritten since.
    ledger_checkpoint: dict | None = None

    @property
    def awaiting_auditor(self) -> int:
        """Engine findings the auditor has not yet judged (engagement reports only)."""
        return sum(1 for f in self.findings if f.awaiting_auditor)

    @property
    def subject_ref(self) -> str:
        return self.engagement_ref or self.evaluation_ref

    @property
    def report_title(self) -> str:
        if self.stage == 1:
            return "Stage 1 readiness report"
        return "Stage 2 audit report"

    @property
    def verdict_label(self) -> str:
        return VERDICT_WORDS.get(self.verdict, "No verdict recorded")

    @property
    def current_verdict_label(self) -> str:
        return VERDICT_WORDS.get(self.current_verdict, "No verdict recorded")

    @property
    def verdict_tone(self) -> str:
        return VERDICT_TONE.get(self.current_verdict, "none")

    @property
    def clause_groups(self) -> tuple[ClauseGroup, ...]:
        return tuple(
            ClauseGroup(number, group[0].clause_title, tuple(group))
            for number, group in (
                (number, list(items))
                for number, items in groupby(self.findings, lambda f: f.clause)
            )
        )

    @property
    def grade_counts(self) -> dict[str, int]:
        """Findings per grade label (Stage 1: per severity), in order of gravity."""
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.grade_text] = counts.get(finding.grade_text, 0) + 1
        return counts

    @property
    def file_stem(self) -> str:
        return f"{self.organisation_slug}-{self.subject_ref}-stage{self.stage}".lower()


# Reading ---------------------------------------------------------------------------


def for_engagement(engagement: AuditEngagement) -> ReportContent:
    """The report of an audit engagement: what the auditor concluded (``reports.engagement``)."""
    # Imported here: the engagement reading builds on this module's dataclasses and helpers.
    from .engagement import read_engagement

    return read_engagement(engagement)


def for_evaluation(evaluation: Evaluation) -> ReportContent:
    """The report of an engine evaluation on its own (no engagement around it)."""
    return _evaluation_content(evaluation)


def _evaluation_content(evaluation: Evaluation, *, with_results: bool = True) -> ReportContent:
    """The evaluation's report; without its results (findings, samples, plans) when an
    engagement reports what its auditor concluded instead."""
    evaluation = Evaluation.objects.select_related("organisation").get(pk=evaluation.pk)
    organisation = evaluation.organisation
    findings, samples = [], []
    if with_results:
        findings = sorted(
            scoped(Finding, organisation).filter(evaluation=evaluation),
            key=lambda f: (*finding_sort_key(f.clause, f.grade, f.severity, f.key), f.ref),
        )
        samples = sorted(
            scoped(Sample, organisation).filter(evaluation=evaluation),
            key=lambda s: (clause_sort_key(s.clause), s.ref),
        )
    plans = _plans(organisation, {f.key for f in findings}) if findings else {}
    titles = titles_of(
        organisation, [r for item in [*findings, *samples] for r in (item.records or [])]
    )
    stage1 = evaluation.stage == Evaluation.Stage.READINESS
    verdict = evaluation.outcome if stage1 else evaluation.recommendation
    kind = "stage1" if stage1 else "stage2"
    return ReportContent(
        organisation_name=organisation.name,
        organisation_slug=organisation.slug,
        title=f"{evaluation.get_stage_display()} evaluation {evaluation.ref}",
        kind=kind,
        kind_label=evaluation.get_stage_display(),
        stage=evaluation.stage,
        evaluation_id=evaluation.pk,
        evaluation_ref=evaluation.ref,
        audit_date=evaluation.audit_date,
        period_start=evaluation.period_start,
        period_end=evaluation.period_end,
        seed=evaluation.seed,
        engine_version=evaluation.engine_version,
        evidence_digest=evaluation.evidence_digest,
        evaluated_at=evaluation.created_at,
        verdict=verdict,
        current_verdict=verdict
        if stage1 or not with_results
        else _current_recommendation(evaluation, findings),
        scope=_scope_in_force(organisation, evaluation.audit_date),
        criteria=clauses.catalogue().standard,
        findings=tuple(_finding(f, titles, plans) for f in findings),
        samples=tuple(_sample(s, titles) for s in samples),
        plans=tuple(
            sorted(
                (p for found in plans.values() for p in found),
                key=lambda p: (clause_sort_key(p.clause), p.nonconformity_ref),
            )
        ),
        sampling_table=_sampling_table(),
        history=_history(organisation),
        catalogue_version=clauses.catalogue().version,
        generated_at=timezone.now(),
        ledger_checkpoint=ledger_anchor.checkpoint(organisation),
    )


def _current_recommendation(evaluation: Evaluation, findings: list[Finding]) -> str:
    """Rule 8 applied to the stored findings and the action plans as they stand today.

    The stored recommendation is the one at evaluation time; plans accepted (or
    majors closed) since then change it, and the report says both.
    """
    scope = AuditScope.for_date(evaluation.organisation, evaluation.audit_date, evaluation.seed)
    answers = answers_for(scope, {f.key for f in findings})
    return stage2_recommendation(findings, answers)


def _plans(organisation, keys: set[str] = frozenset(), ids=None) -> dict[str, list[PlanStatus]]:
    """Nonconformities carrying the finding keys (or with these ids), each with its latest plan."""
    latest_first = CorrectiveActionPlan.objects.select_related("owner").order_by(
        "-created_at", "-pk"
    )
    chosen = {"pk__in": list(ids)} if ids is not None else {"finding_key__in": keys}
    ncs = (
        scoped(Nonconformity, organisation)
        .filter(**chosen)
        .prefetch_related(Prefetch("action_plans", queryset=latest_first))
        .order_by("ref")
    )
    by_key: dict[str, list[PlanStatus]] = {}
    for nc in ncs:
        plan = next(iter(nc.action_plans.all()), None)
        status = PlanStatus(
            nonconformity_ref=nc.ref,
            nonconformity_title=nc.title,
            finding_key=nc.finding_key,
            clause=nc.clause,
            grade=nc.grade,
            nonconformity_status=nc.status,
            closure_verified=nc.closure_verified,
        )
        if plan is not None:
            status = _replace_plan(status, plan)
        by_key.setdefault(nc.finding_key, []).append(status)
    return by_key


def _replace_plan(status: PlanStatus, plan: CorrectiveActionPlan) -> PlanStatus:
    return replace(
        status,
        plan_ref=plan.ref,
        plan_status=plan.status,
        plan_complete=plan.is_complete,
        owner=plan.owner.name if plan.owner else "",
        due_date=plan.due_date,
        decided_by=plan.decided_by,
        decided_at=plan.decided_at,
        return_reason=plan.return_reason if plan.status == "returned" else "",
    )


def _finding(finding: Finding, titles: dict, plans: dict) -> FindingItem:
    try:
        check = registry.get_check(finding.check_id)
        requirement = check.title
    except KeyError:  # a check retired since the evaluation ran
        requirement = ""
    return FindingItem(
        ref=finding.ref,
        key=finding.key,
        check_id=finding.check_id,
        clause=finding.clause,
        clause_title=_clause_title(finding.clause),
        grade=finding.grade,
        grade_label=finding.get_grade_display(),
        severity=finding.severity,
        statement=finding.statement,
        requirement=requirement,
        fix=finding.fix_hint,
        records=_refs(finding.records, titles),
        cap_accepted=finding.cap_accepted,
        plans=tuple(plans.get(finding.key, ())),
    )


def _sample(sample: Sample, titles: dict) -> SampleItem:
    return SampleItem(
        ref=sample.ref,
        population=sample.population,
        clause=sample.clause,
        population_size=sample.population_size,
        sample_size=sample.sample_size,
        seed=sample.seed,
        method=sample.method,
        records=_refs(sample.records, titles),
    )


def _refs(records, titles: dict) -> tuple[RecordRef, ...]:
    return tuple(
        RecordRef(r["type"], r["id"], r["ref"], titles.get((r["type"], r["id"]), ""))
        for r in records or []
    )


def _clause_title(number: str) -> str:
    return clauses.clause_title(number) if clauses.is_known_clause(number) else ""


def _scope_in_force(organisation, on: dt.date) -> str:
    """The scope statement approved last on or before ``on``, in words, or a note of its absence."""
    end_of_day = dt.datetime.combine(on, dt.time.max, tzinfo=dt.UTC)
    statement = (
        scoped(ScopeStatement, organisation)
        .filter(status__in=["approved", "superseded"], approved_at__lte=end_of_day)
        .prefetch_related("services")
        .order_by("-approved_at", "-pk")
        .first()
    )
    if statement is None:
        return "No approved scope statement was in force on the audit date."
    parts = [
        f"Scope statement {statement.ref} (version {statement.version}): {statement.statement}"
    ]
    services = sorted(service.name for service in statement.services.all())
    if services:
        parts.append("Services: " + ", ".join(services) + ".")
    if statement.exclusions:
        parts.append(f"Exclusions: {statement.exclusions}")
    return "\n".join(parts)


def _sampling_table() -> tuple[SamplingBand, ...]:
    bands, low = [], 1
    for band in sampling.SAMPLING_TABLE:
        if band.max_population is None:
            population = f"more than {low - 1}"
        else:
            population = f"{low} to {band.max_population}"
            low = band.max_population + 1
        size = "all (checked whole)" if band.sample_size is None else str(band.sample_size)
        bands.append(SamplingBand(population, size))
    return tuple(bands)


def _history(organisation) -> tuple[HistoryPoint, ...]:
    """The organisation's latest evaluations, oldest first, with their verdicts."""
    rows = (
        scoped(Evaluation, organisation)
        .annotate(finding_count=Count("findings"))
        .order_by("-audit_date", "-created_at", "-pk")
        .values("ref", "stage", "audit_date", "outcome", "recommendation", "finding_count")
    )[:HISTORY_LIMIT]
    return tuple(
        HistoryPoint(
            ref=row["ref"],
            stage=row["stage"],
            audit_date=row["audit_date"],
            verdict=row["outcome"] if row["stage"] == 1 else row["recommendation"],
            findings=row["finding_count"],
        )
        for row in reversed(list(rows))
    )
