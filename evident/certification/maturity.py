"""Maturity per clause: design beside effectiveness, and a level from the records.

For clauses 4 to 10 and the clauses one level below them:

* **Design** (0-100) comes from the latest Stage 1 evaluation: 100 less 60 for
  each high concern in the clause, 30 for each medium and 10 for each low.
* **Effectiveness** (0-100) comes from the latest Stage 2 evaluation: 100 less
  60 for each major, 25 for each minor and 5 for each OFI in the clause; where
  an auditor judged sampled records of the clause, it is capped at the share
  judged conforming.
* **Level**: *absent* until Stage 1 has been run, or while a high concern
  (a missing foundation) stands; *documented* when the design stands but
  Stage 2 has not been run or finds a major; *implemented* when Stage 2 finds
  no major; *measured* when, on top, the organisation keeps measurement
  records for the clause (``MEASURES``); *improving* when, on top, a
  nonconformity of the clause was closed with its closure verified or its
  corrective action checked effective.

A clause is *ready on paper, not effective* when its design score is at
least ``PAPER_DESIGN`` and its effectiveness is below ``PAPER_EFFECTIVE``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from evident.audits import clauses as catalogue
from evident.audits.models import CorrectiveAction, Evaluation, Finding, Nonconformity
from evident.core.tenancy import scoped

from .models import SampleJudgement

LEVELS = ("absent", "documented", "implemented", "measured", "improving")
TOP_LEVEL = ("4", "5", "6", "7", "8", "9", "10")
DESIGN_PENALTY = {"high": 60, "medium": 30, "low": 10}
EFFECT_PENALTY = {"major": 60, "minor": 25, "ofi": 5}
PAPER_DESIGN, PAPER_EFFECTIVE = 80, 60

# The records that show a clause is measured: (model label, filter). A clause
# without its own entry takes its parent's; clause 4 and any other without one
# is measured by the SMS's own measurement, the completed internal audits.
MEASURES = {
    "5": (("support.acknowledgement", Q()),),
    "6": (("governance.objective", Q(target_value__isnull=False)),),
    "7": (("support.trainingrecord", Q()),),
    "8": (("agreements.slameasurement", Q()),),
    "8.3": (("agreements.slameasurement", Q()), ("agreements.supplierreview", Q())),
    "8.5": (("operations.change", Q(review_completed_at__isnull=False)),),
    "8.7": (("assurance.continuitytest", Q()),),
    "9": (
        ("audits.internalaudit", Q(status="completed")),
        ("audits.managementreview", Q(status="held")),
    ),
    "10": (("audits.correctiveaction", Q(effectiveness_checked_on__isnull=False)),),
}


@dataclass(frozen=True)
class ClauseMaturity:
    number: str
    title: str
    design: int | None
    effectiveness: int | None
    level: str
    judged: int = 0
    conforming: int = 0

    @property
    def level_index(self) -> int:
        return LEVELS.index(self.level)

    @property
    def ready_on_paper(self) -> bool:
        return (
            self.design is not None
            and self.effectiveness is not None
            and self.design >= PAPER_DESIGN
            and self.effectiveness < PAPER_EFFECTIVE
        )


def in_clause(clause: str, number: str) -> bool:
    return clause == number or clause.startswith(number + ".")


def clause_q(field: str, number: str) -> Q:
    return Q(**{field: number}) | Q(**{f"{field}__startswith": f"{number}."})


def maturity_clauses() -> list[tuple[str, str]]:
    return [
        (e.number, e.title)
        for e in catalogue.all_clauses()
        if e.number.split(".")[0] in TOP_LEVEL and e.level <= 2
    ]


def latest(organisation, stage: int) -> Evaluation | None:
    return (
        scoped(Evaluation, organisation)
        .filter(voided_at__isnull=True)
        .filter(stage=stage)
        .order_by("-created_at", "-pk")
        .first()
    )


def _finding_rows(organisation, evaluation) -> list[tuple[str, str, str]]:
    if evaluation is None:
        return []
    rows = scoped(Finding, organisation).filter(evaluation=evaluation)
    return list(rows.values_list("clause", "grade", "severity"))


def _judged_rows(organisation, evaluation) -> list[tuple[str, str]]:
    """(clause, verdict) of every judged sampled record of the Stage 2 evaluation's audits."""
    if evaluation is None:
        return []
    judged = scoped(SampleJudgement, organisation).filter(
        engagement__evaluation=evaluation, verdict__in=["conforming", "nonconforming"]
    )
    return [
        (s_clause or f_clause or "", verdict)
        for s_clause, f_clause, verdict in judged.values_list(
            "sample__clause", "fieldwork_sample__clause", "verdict"
        )
    ]


def _score(penalties) -> int:
    return max(0, 100 - sum(penalties))


def _measures_for(number: str):
    while number:
        if number in MEASURES:
            return MEASURES[number]
        number = number.rpartition(".")[0]
    return MEASURES["9"]


def is_measured(organisation, number: str) -> bool:
    for label, condition in _measures_for(number):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if scoped(model, organisation).filter(condition).exists():
            return True
    return False


def is_improving(organisation, number: str) -> bool:
    ncs = scoped(Nonconformity, organisation).filter(clause_q("clause", number))
    if ncs.filter(status=Nonconformity.Status.CLOSED, closure_verified=True).exists():
        return True
    effective = scoped(CorrectiveAction, organisation).filter(
        nonconformity__in=ncs, effectiveness=CorrectiveAction.Effectiveness.EFFECTIVE
    )
    return effective.exists()


def _level(organisation, number, stage1, stage2, s1_rows, s2_rows) -> str:
    if stage1 is None or any(sev == "high" for c, _, sev in s1_rows if in_clause(c, number)):
        return "absent"
    if stage2 is None or any(g == "major" for c, g, _ in s2_rows if in_clause(c, number)):
        return "documented"
    if not is_measured(organisation, number):
        return "implemented"
    if not is_improving(organisation, number):
        return "measured"
    return "improving"


def clause_maturity(organisation) -> list[ClauseMaturity]:
    """Design, effectiveness and level for clauses 4-10 and their second-level clauses."""
    stage1, stage2 = latest(organisation, 1), latest(organisation, 2)
    s1_rows = _finding_rows(organisation, stage1)
    s2_rows = _finding_rows(organisation, stage2)
    judged = _judged_rows(organisation, stage2)
    result = []
    for number, title in maturity_clauses():
        design = effect = None
        if stage1 is not None:
            design = _score(
                DESIGN_PENALTY.get(sev, 0) for c, _, sev in s1_rows if in_clause(c, number)
            )
        verdicts = [v for c, v in judged if in_clause(c, number)]
        conforming = verdicts.count("conforming")
        if stage2 is not None:
            effect = _score(EFFECT_PENALTY.get(g, 0) for c, g, _ in s2_rows if in_clause(c, number))
            if verdicts:
                effect = min(effect, round(100 * conforming / len(verdicts)))
        level = _level(organisation, number, stage1, stage2, s1_rows, s2_rows)
        result.append(
            ClauseMaturity(number, title, design, effect, level, len(verdicts), conforming)
        )
    return result


def ready_on_paper(rows: list[ClauseMaturity]) -> list[ClauseMaturity]:
    """Clauses that look sound in design but whose records do not show them working."""
    return [row for row in rows if row.ready_on_paper]
