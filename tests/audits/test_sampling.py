"""Sampling is reproducible: a published table, a recorded seed, the same records every time."""

import pytest

from evident.audits.engine import run_evaluation
from evident.audits.engine.sampling import (
    POPULATIONS,
    RANDOM,
    SAMPLING_TABLE,
    WHOLE,
    draw,
    sample_size,
    sub_seed,
)
from evident.audits.engine.scope import AuditScope
from evident.catalogue.models import Service
from evident.core.services import bulk_create_records, create_record
from evident.operations.models import Incident

from .builders import AUDIT_DATE, IN_PERIOD, at

INCIDENTS = POPULATIONS[2]


@pytest.mark.parametrize(
    "population, expected",
    [
        (0, 0),
        (1, 1),
        (20, 20),
        (21, 20),
        (50, 20),
        (51, 25),
        (250, 25),
        (251, 40),
        (1000, 40),
        (1001, 60),
        (2_000_000, 60),
    ],
)
def test_sample_sizes_follow_the_published_table(population, expected):
    assert sample_size(population) == expected


def test_the_table_never_asks_for_fewer_records_from_a_larger_population():
    sizes = [sample_size(n) for n in range(0, 1500)]
    assert sizes == sorted(sizes)
    assert SAMPLING_TABLE[-1].max_population is None


def test_sub_seeds_are_stable_across_runs_and_differ_by_population():
    assert sub_seed(20250630, "Incidents resolved in the period") == 1112231218065105103
    seeds = {sub_seed(20250630, p.name) for p in POPULATIONS}
    assert len(seeds) == len(POPULATIONS)
    assert all(0 <= s < 2**60 for s in seeds)


def resolved_incidents(org, count):
    service = create_record(Service, org, name="Email")
    rows = [
        Incident(title=f"Slow mail {i}", service=service, opened_at=at(IN_PERIOD))
        for i in range(count)
    ]
    for incident in rows:
        incident.resolved_at = at(IN_PERIOD, 12)
    return bulk_create_records(Incident, org, rows)


def scope(org, seed):
    return AuditScope.for_date(org, AUDIT_DATE, seed)


def test_the_same_seed_on_the_same_data_draws_the_same_records(org, as_cli):
    resolved_incidents(org, 60)
    first, again = draw(INCIDENTS, scope(org, 7)), draw(INCIDENTS, scope(org, 7))
    assert first == again
    assert (first.population_size, first.sample_size, first.method) == (60, 25, RANDOM)
    assert [r["ref"] for r in first.records] == sorted(r["ref"] for r in first.records)


def test_another_seed_draws_other_records_of_the_same_size(org, as_cli):
    resolved_incidents(org, 60)
    first, other = draw(INCIDENTS, scope(org, 7)), draw(INCIDENTS, scope(org, 8))
    assert len(first.records) == len(other.records) == 25
    assert first.records != other.records
    assert first.seed != other.seed


def test_a_small_population_is_checked_whole(org, as_cli):
    incidents = resolved_incidents(org, 5)
    sample = draw(INCIDENTS, scope(org, 7))
    assert (sample.sample_size, sample.method) == (5, WHOLE)
    assert [r["ref"] for r in sample.records] == [i.ref for i in incidents]
    assert sample.records[0]["type"] == "operations.incident"


def test_a_stage_2_evaluation_stores_one_sample_per_population(org, as_cli):
    resolved_incidents(org, 30)
    evaluation = run_evaluation(org, 2, audit_date=AUDIT_DATE, seed=11)
    samples = {s.population: s for s in evaluation.samples.all()}
    assert evaluation.samples.count() == len(samples) == len(POPULATIONS)
    assert set(samples) == {p.name for p in POPULATIONS}
    incidents = samples["Incidents resolved in the period"]
    assert (incidents.clause, incidents.population_size, incidents.sample_size) == ("8.6.1", 30, 20)
    assert incidents.seed == sub_seed(11, "Incidents resolved in the period")
    rerun = run_evaluation(org, 2, audit_date=AUDIT_DATE, seed=11)
    again = rerun.samples.get(population="Incidents resolved in the period")
    assert again.records == incidents.records


def test_a_stage_1_evaluation_draws_no_sample(org, as_cli):
    resolved_incidents(org, 3)
    assert not run_evaluation(org, 1, audit_date=AUDIT_DATE).samples.exists()
