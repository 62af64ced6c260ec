"""The evidence digest: the same data gives the same digest; any write changes it."""

from evident.audits.engine import ENGINE_VERSION, run_evaluation
from evident.audits.engine.digest import evidence_digest, evidence_models
from evident.audits.engine.scope import AuditScope
from evident.core.services import create_record, delete_record, update_record

from .builders import AUDIT_DATE, SEED, healthy_fixtures

healthy_template, healthy = healthy_fixtures()


def digest(h, stage=2, seed=SEED):
    return evidence_digest(
        AuditScope.for_date(h.build.org, AUDIT_DATE, seed), stage, ENGINE_VERSION
    )


def test_a_rerun_on_unchanged_data_gives_the_same_digest(healthy, as_cli):
    first = run_evaluation(healthy.build.org, 2, audit_date=AUDIT_DATE)
    second = run_evaluation(healthy.build.org, 2, audit_date=AUDIT_DATE)
    assert first.evidence_digest == second.evidence_digest
    assert len(first.evidence_digest) == 64
    assert first.seed == second.seed == SEED
    assert first.engine_version == ENGINE_VERSION


def test_an_update_changes_the_digest(healthy, as_cli):
    before = digest(healthy)
    update_record(healthy.incident, title="Mail delayed for everyone")
    assert digest(healthy) != before


def test_a_deletion_and_a_creation_change_the_digest(healthy, as_cli):
    before = digest(healthy)
    delete_record(healthy.incident)
    after_delete = digest(healthy)
    healthy.build.incident(healthy.email)
    assert len({before, after_delete, digest(healthy)}) == 3


def test_stage_and_seed_are_part_of_the_digest(healthy):
    assert len({digest(healthy), digest(healthy, stage=1), digest(healthy, seed=1)}) == 3


def test_another_organisation_writing_does_not_change_the_digest(healthy, other_org, as_cli):
    before = digest(healthy)
    create_record(type(healthy.email), other_org, name="Their service")
    assert digest(healthy) == before


def test_the_engine_output_is_not_evidence():
    labels = {m._meta.label_lower for m in evidence_models()}
    assert {"audits.evaluation", "audits.finding", "audits.sample"}.isdisjoint(labels)
    assert {"operations.incident", "core.person", "audits.nonconformity"} <= labels
