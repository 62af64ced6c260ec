"""Stage 2 fieldwork: the sampled records, the auditor's judgements, more samples, interviews.

The engine's samples come with the evaluation the engagement works from. For
each sampled record the auditor sees the attributes tested and the engine's
verdict on each: nonconforming where a finding of the checks testing that
attribute names the record, conforming otherwise. An additional sample is
drawn from the same population as at the audit date, leaving out the records
already sampled, with its own seed; seed, method, sizes, the records left out
and the records drawn are stored, so ``redraw`` gives the same records again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from evident.audits import clauses as catalogue
from evident.audits.engine.sampling import EMPTY, POPULATIONS, RANDOM, WHOLE, sample_size, sub_seed
from evident.audits.engine.scope import AuditScope
from evident.audits.models import Finding, Sample
from evident.core import services
from evident.core.context import current
from evident.core.tenancy import scoped
from evident.core.verbs import verb

from .interview_guide import ROLES
from .models import AuditEngagement, FieldworkSample, Interview, SampleJudgement
from .rules import State, require_auditor, require_state

Verdict = SampleJudgement.Verdict

# What is tested on each sampled record, in our words, and the engine checks that test it.
ATTRIBUTES = {
    "Non-standard changes implemented in the period": (
        (
            "Approved by the change authority before the work started",
            ("s2.change.approved-before-start", "s2.change.uncontrolled-caused-incident"),
        ),
        ("Type and risk recorded so the right authority could decide", ()),
    ),
    "Emergency, failed or backed-out changes needing review": (
        ("Reviewed after implementation, with the review recorded", ("s2.change.reviewed",)),
    ),
    "Incidents resolved in the period": (
        ("Logged with the service affected and a priority", ()),
        ("Resolved and closed with a resolution recorded", ()),
    ),
    "SLA measurements in the period": (
        ("Measured for the month against the agreed target", ("s2.sla.monthly",)),
        ("Met or missed stated, so a breach can be followed up", ()),
    ),
    "Supplier reviews in the period": (
        ("Performance reviewed against the contract within the period", ("s2.supplier.reviewed",)),
    ),
}


def find_population(name: str):
    for candidate in POPULATIONS:
        if candidate.name == name:
            return candidate
    known = ", ".join(p.name for p in POPULATIONS)
    raise ValidationError({"population": f"{name!r} is not a sampled population ({known})."})


# Engine verdicts ----------------------------------------------------------------------


def _named_by(evaluation) -> dict[tuple[str, int], set[str]]:
    """For each record named by a finding of ``evaluation``: the check ids naming it."""
    named: dict[tuple[str, int], set[str]] = {}
    if evaluation is None:
        return named
    rows = scoped(Finding, evaluation.organisation).filter(evaluation=evaluation)
    for check_id, records in rows.values_list("check_id", "records"):
        for record in records or []:
            named.setdefault((record.get("type"), record.get("id")), set()).add(check_id)
    return named


def engine_attributes(population_name: str, record: dict, named) -> list[dict]:
    """The attributes tested on ``record``, each with the engine's verdict."""
    checks_naming = named.get((record.get("type"), record.get("id")), set())
    return [
        {
            "attribute": text,
            "engine": Verdict.NONCONFORMING
            if checks_naming & set(check_ids)
            else Verdict.CONFORMING,
        }
        for text, check_ids in ATTRIBUTES.get(population_name, ())
    ]


def engine_verdict(record: dict, named) -> str:
    """Nonconforming when any finding of the evaluation names the record."""
    named_by = named.get((record.get("type"), record.get("id")))
    return Verdict.NONCONFORMING if named_by else Verdict.CONFORMING


@dataclass(frozen=True)
class SampledRecord:
    """One row of fieldwork: a sampled record, what was tested, and both verdicts."""

    record: dict
    attributes: list[dict]
    engine_verdict: str
    judgement: SampleJudgement | None

    @property
    def as_list(self) -> list[dict]:
        return [self.record]


@dataclass(frozen=True)
class SampleView:
    """A sample (the engine's or an additional one) with its rows."""

    sample: Sample | FieldworkSample
    additional: bool
    rows: list[SampledRecord]


def fieldwork_samples(engagement: AuditEngagement) -> list[SampleView]:
    """Every sample of the engagement, engine samples first, each record with its verdicts."""
    named = _named_by(engagement.evaluation)
    judgements = {
        (j.sample_id, j.fieldwork_sample_id, j.record.get("ref")): j
        for j in engagement.judgements.all()
    }
    views = []
    engine = []
    if engagement.evaluation_id:
        engine = scoped(Sample, engagement.organisation).filter(evaluation=engagement.evaluation)
    for sample in sorted(engine, key=lambda s: (catalogue.sort_key(s.clause), s.population)):
        rows = [
            SampledRecord(
                r,
                engine_attributes(sample.population, r, named),
                engine_verdict(r, named),
                judgements.get((sample.pk, None, r.get("ref"))),
            )
            for r in sample.records
        ]
        views.append(SampleView(sample, False, rows))
    for extra in engagement.fieldwork_samples.order_by("ref"):
        rows = [
            SampledRecord(
                r,
                engine_attributes(extra.population, r, named),
                engine_verdict(r, named),
                judgements.get((None, extra.pk, r.get("ref"))),
            )
            for r in extra.records
        ]
        views.append(SampleView(extra, True, rows))
    return views


# Judging a sampled record -------------------------------------------------------------


@verb("sample_judgement.recorded")
def judge_sample_record(
    engagement: AuditEngagement,
    *,
    record_ref: str,
    verdict: str,
    note: str = "",
    sample: Sample | None = None,
    fieldwork_sample: FieldworkSample | None = None,
) -> SampleJudgement:
    """The auditor marks one sampled record conforming or not; a nonconformity needs a note."""
    require_auditor(engagement.organisation, "judge a sampled record")
    require_state(engagement, {State.FIELDWORK}, "judge a sampled record")
    if (sample is None) == (fieldwork_sample is None):
        raise ValidationError({"sample": "Name either the engine's sample or an additional one."})
    if sample is not None and sample.evaluation_id != engagement.evaluation_id:
        raise ValidationError({"sample": f"{sample.ref} is not a sample of this audit."})
    if fieldwork_sample is not None and fieldwork_sample.engagement_id != engagement.pk:
        raise ValidationError({"sample": f"{fieldwork_sample.ref} is not a sample of this audit."})
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": f"{verdict!r} is not conforming or nonconforming."})
    if verdict == Verdict.NONCONFORMING and not note.strip():
        raise ValidationError({"note": "Say what does not conform."})
    drawn = sample or fieldwork_sample
    record = next((r for r in drawn.records if r.get("ref") == record_ref), None)
    if record is None:
        raise ValidationError({"record_ref": f"{record_ref!r} is not in sample {drawn.ref}."})
    judged = {
        "verdict": verdict,
        "note": note.strip(),
        "judged_by": current().actor_name,
        "judged_at": timezone.now(),
    }
    existing = engagement.judgements.filter(
        sample=sample, fieldwork_sample=fieldwork_sample, record__ref=record_ref
    ).first()
    if existing is not None:
        return services.update_record(existing, **judged)
    named = _named_by(engagement.evaluation)
    return services.create_record(
        SampleJudgement,
        engagement.organisation,
        engagement=engagement,
        sample=sample,
        fieldwork_sample=fieldwork_sample,
        record=record,
        attributes=engine_attributes(drawn.population, record, named),
        engine_verdict=engine_verdict(record, named),
        **judged,
    )


# Additional samples -------------------------------------------------------------------


@dataclass(frozen=True)
class Draw:
    population_size: int
    sample_size: int
    method: str
    records: list[dict]


def draw_records(
    engagement: AuditEngagement, population_name: str, seed: int, excluded, size=None
) -> Draw:
    """Draw from the population as at the audit date, leaving out ``excluded`` refs."""
    chosen_population = find_population(population_name)
    scope = AuditScope.for_date(engagement.organisation, engagement.audit_date, seed)
    queryset = chosen_population.records(scope).exclude(ref__in=list(excluded)).order_by("ref")
    rows = list(queryset.values_list("pk", "ref"))
    wanted = sample_size(len(rows)) if size is None else min(int(size), len(rows))
    if wanted == len(rows):
        picked = rows
    else:
        indexes = sorted(
            random.Random(sub_seed(seed, population_name)).sample(range(len(rows)), wanted)
        )
        picked = [rows[i] for i in indexes]
    method = EMPTY if not rows else WHOLE if wanted == len(rows) else RANDOM
    label = queryset.model._meta.label_lower
    records = [{"type": label, "id": pk, "ref": ref} for pk, ref in picked]
    return Draw(len(rows), wanted, method, records)


def already_sampled(engagement: AuditEngagement, population_name: str) -> list[str]:
    refs = set()
    if engagement.evaluation_id:
        for records in (
            scoped(Sample, engagement.organisation)
            .filter(evaluation=engagement.evaluation, population=population_name)
            .values_list("records", flat=True)
        ):
            refs.update(r["ref"] for r in records)
    for records in engagement.fieldwork_samples.filter(population=population_name).values_list(
        "records", flat=True
    ):
        refs.update(r["ref"] for r in records)
    return sorted(refs)


@verb("fieldwork_sample.drawn")
def draw_additional_sample(
    engagement: AuditEngagement,
    *,
    population: str,
    seed: int | None = None,
    size: int | None = None,
) -> FieldworkSample:
    """Draw more records from a population, none already sampled, and store the draw."""
    require_auditor(engagement.organisation, "draw a sample")
    require_state(engagement, {State.FIELDWORK}, "draw a sample")
    chosen = find_population(population)
    if size is not None and int(size) < 1:
        raise ValidationError({"size": "Draw at least one record."})
    if seed is None:
        base = engagement.evaluation.seed if engagement.evaluation_id else 0
        count = engagement.fieldwork_samples.filter(population=population).count()
        seed = sub_seed(base, f"{engagement.ref}/{population}/{count + 1}")
    excluded = already_sampled(engagement, population)
    drawn = draw_records(engagement, population, int(seed), excluded, size)
    if not drawn.records:
        raise ValidationError({"population": "Every record of this population is sampled already."})
    return services.create_record(
        FieldworkSample,
        engagement.organisation,
        engagement=engagement,
        population=population,
        clause=chosen.clause,
        seed=int(seed),
        method=drawn.method,
        population_size=drawn.population_size,
        sample_size=drawn.sample_size,
        excluded=excluded,
        records=drawn.records,
    )


def redraw(sample: FieldworkSample) -> list[dict]:
    """Re-perform a stored draw: the same seed on the same data gives the same records."""
    drawn = draw_records(
        sample.engagement, sample.population, sample.seed, sample.excluded, sample.sample_size
    )
    return drawn.records


# Interviews ---------------------------------------------------------------------------


@verb("interview.recorded")
def record_interview(
    engagement: AuditEngagement,
    *,
    interviewee,
    role: str,
    held_on,
    clauses,
    answers,
    evidence_seen: str = "",
    interviewer=None,
) -> Interview:
    """Record who was interviewed, on which clauses, what they answered and what was shown."""
    require_auditor(engagement.organisation, "record an interview")
    require_state(engagement, {State.FIELDWORK}, "record an interview")
    if role not in ROLES:
        raise ValidationError({"role": f"{role!r} is not one of {', '.join(ROLES)}."})
    clauses = [str(c).strip() for c in clauses if str(c).strip()]
    if not clauses:
        raise ValidationError({"clauses": "Name at least one clause the interview covered."})
    unknown = [c for c in clauses if not catalogue.is_known_clause(c)]
    if unknown:
        raise ValidationError({"clauses": f"Not clauses of the catalogue: {', '.join(unknown)}."})
    answered = []
    for item in answers or []:
        if not isinstance(item, dict) or not str(item.get("question", "")).strip():
            raise ValidationError({"answers": "Each answer gives its question and the answer."})
        answered.append(
            {
                "question": str(item["question"]).strip(),
                "answer": str(item.get("answer", "")).strip(),
            }
        )
    if not any(a["answer"] for a in answered):
        raise ValidationError({"answers": "Record at least one answer."})
    return services.create_record(
        Interview,
        engagement.organisation,
        engagement=engagement,
        interviewee=interviewee,
        role=role,
        held_on=held_on,
        clauses=clauses,
        answers=answered,
        evidence_seen=evidence_seen.strip(),
        interviewer=interviewer,
    )
