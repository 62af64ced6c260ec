"""Reproducible attribute sampling: the published table, the populations, the draw.

The engine grades attributes on whole populations (a machine can read every
record); the samples are what an auditor re-performs by hand. Each population's
sample is drawn from its records in ref order with ``random.Random`` seeded by a
sub-seed derived from the evaluation's seed and the population's name with
SHA-256, so the same seed on the same data always draws the same records.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass

from evident.agreements.models import SlaMeasurement, SupplierReview
from evident.operations.models import Incident

from .checks.change import implemented_non_standard, needing_review
from .evidence import record_type
from .scope import AuditScope


@dataclass(frozen=True)
class Band:
    """One row of the sampling table: populations up to ``max_population`` records."""

    max_population: int | None  # None: no upper bound
    sample_size: int | None  # None: the whole population is checked


# The published attribute-sampling table. Populations of up to 20 records are
# checked whole; above that the size rises with the population so that a sample
# without deviation gives roughly 90 % confidence or better that the population's
# deviation rate is under the 10 % line between an isolated and a systemic lapse.
SAMPLING_TABLE = (
    Band(20, None),
    Band(50, 20),
    Band(250, 25),
    Band(1000, 40),
    Band(None, 60),
)

WHOLE = "whole population, in ref order"
RANDOM = "simple random sample without replacement (SHA-256 sub-seed)"
EMPTY = "empty population"


def sample_size(population_size: int) -> int:
    """How many records the table asks for out of ``population_size``."""
    for band in SAMPLING_TABLE:
        if band.max_population is None or population_size <= band.max_population:
            size = population_size if band.sample_size is None else band.sample_size
            return min(size, population_size)
    raise AssertionError("the sampling table has an unbounded last band")


def sub_seed(seed: int, population: str) -> int:
    """A per-population seed, stable across processes and machines (unlike ``hash()``).

    Kept to 60 bits so it fits a signed 64-bit database column.
    """
    digest = hashlib.sha256(f"{seed}:{population}".encode()).hexdigest()
    return int(digest[:15], 16)


@dataclass(frozen=True)
class Population:
    """A tested population: its name, clause, and the query that lists it."""

    name: str
    clause: str
    records: Callable[[AuditScope], object]


POPULATIONS = (
    Population("Non-standard changes implemented in the period", "8.5.1", implemented_non_standard),
    Population("Emergency, failed or backed-out changes needing review", "8.5.1", needing_review),
    Population(
        "Incidents resolved in the period",
        "8.6.1",
        lambda scope: scope.records(Incident).filter(scope.timestamp_in_period("resolved_at")),
    ),
    Population(
        "SLA measurements in the period",
        "8.3.3",
        lambda scope: scope.records(SlaMeasurement).filter(scope.date_in_period("month")),
    ),
    Population(
        "Supplier reviews in the period",
        "8.3.4",
        lambda scope: scope.records(SupplierReview).filter(scope.date_in_period("reviewed_on")),
    ),
)


@dataclass(frozen=True)
class DrawnSample:
    """A sample ready to be stored: what was drawn, from how many, with which seed."""

    population: str
    clause: str
    population_size: int
    sample_size: int
    seed: int
    method: str
    records: tuple[dict, ...]


def draw(population: Population, scope: AuditScope) -> DrawnSample:
    """Draw the table's sample from ``population``: deterministic for a seed and data."""
    queryset = population.records(scope).order_by("ref")
    refs = list(queryset.values_list("pk", "ref"))
    size = sample_size(len(refs))
    seed = sub_seed(scope.seed, population.name)
    if size == len(refs):
        chosen = refs
    else:
        picks = sorted(random.Random(seed).sample(range(len(refs)), size))
        chosen = [refs[i] for i in picks]
    method = EMPTY if not refs else WHOLE if size == len(refs) else RANDOM
    label = record_type(queryset.model)
    return DrawnSample(
        population=population.name,
        clause=population.clause,
        population_size=len(refs),
        sample_size=size,
        seed=seed,
        method=method,
        records=tuple({"type": label, "id": pk, "ref": ref} for pk, ref in chosen),
    )


def draw_samples(scope: AuditScope) -> list[DrawnSample]:
    return [draw(population, scope) for population in POPULATIONS]
