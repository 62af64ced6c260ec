"""Additional samples re-draw from their seed; the interview guide asks about real clauses."""

import pytest

from evident.audits import clauses as catalogue
from evident.certification import fieldwork, services
from evident.certification.interview_guide import (
    ROLES,
    GuideError,
    guide,
    parse_guide,
    questions_for,
)
from evident.certification.models import AuditEngagement
from evident.core.models import Role
from tests.audits.builders import AUDIT_DATE, SEED, healthy_fixtures

from .helpers import as_user, give_fieldwork_something_to_find, user_with_role

healthy_template, healthy = healthy_fixtures()
INCIDENTS = "Incidents resolved in the period"


@pytest.fixture
def engagement(healthy):
    give_fieldwork_something_to_find(healthy)
    org = healthy.build.org
    auditor = user_with_role(org, Role.EXTERNAL_AUDITOR, "auditor")
    with as_user(auditor):
        engagement = services.plan_engagement(
            org, title="Stage 2", kind=AuditEngagement.Kind.STAGE2, audit_date=AUDIT_DATE
        )
        services.start_fieldwork(engagement, seed=SEED)
    return engagement


def refs(records):
    return [r["ref"] for r in records]


def test_the_same_seed_draws_the_same_records(engagement):
    excluded = fieldwork.already_sampled(engagement, INCIDENTS)
    first = fieldwork.draw_records(engagement, INCIDENTS, 99, excluded, 10)
    again = fieldwork.draw_records(engagement, INCIDENTS, 99, excluded, 10)
    assert refs(first.records) == refs(again.records)
    assert (first.population_size, first.sample_size, first.method) == (21, 10, fieldwork.RANDOM)


def test_a_new_seed_draws_a_different_sample_of_the_same_size(engagement):
    excluded = fieldwork.already_sampled(engagement, INCIDENTS)
    one = fieldwork.draw_records(engagement, INCIDENTS, 99, excluded, 10)
    other = fieldwork.draw_records(engagement, INCIDENTS, 100, excluded, 10)
    assert len(one.records) == len(other.records) == 10
    assert refs(one.records) != refs(other.records)


def test_a_stored_additional_sample_is_redrawn_exactly_and_successive_draws_differ(engagement):
    with as_user(user_with_role(engagement.organisation, Role.INTERNAL_AUDITOR, "ia")):
        first = fieldwork.draw_additional_sample(engagement, population=INCIDENTS, size=5)
        second = fieldwork.draw_additional_sample(engagement, population=INCIDENTS, size=5)
    assert fieldwork.redraw(first) == first.records
    assert fieldwork.redraw(second) == second.records
    assert first.seed != second.seed
    assert not set(refs(first.records)) & set(refs(second.records))
    assert set(refs(first.records)) <= set(second.excluded)


def test_every_guide_question_is_attached_to_a_catalogue_clause():
    for entry in guide():
        assert catalogue.is_known_clause(entry.clause), entry.clause
        assert set(entry.questions) <= set(ROLES)
        for questions in entry.questions.values():
            assert 2 <= len(questions) <= 4
            assert all(10 < len(q) <= 200 for q in questions)


def test_the_guide_covers_clauses_4_to_10_and_the_clause_8_processes():
    covered = {entry.clause for entry in guide()}
    assert {"4", "5", "6", "7", "8", "9", "10"} <= covered
    assert {"8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7"} <= covered


def test_a_deeper_clause_takes_the_questions_of_the_nearest_clause_above():
    assert questions_for("8.5.1.2", "staff") == questions_for("8.5.1", "staff")
    assert questions_for("8.2.4", "sms_manager") == questions_for("8.2", "sms_manager")
    assert questions_for("99", "staff") == ()


def test_a_malformed_guide_is_refused_naming_the_problem():
    with pytest.raises(GuideError, match="unknown role"):
        parse_guide({"guide": [{"clause": "4", "roles": {"janitor": ["a?", "b?"]}}]})
    with pytest.raises(GuideError, match="2 to 4 questions"):
        parse_guide({"guide": [{"clause": "4", "roles": {"staff": ["only one?"]}}]})
