"""Checks of clauses 8.6.1-8.6.3: priority matrix, majors, problems, recurring incidents, requests.

Each case starts from the healthy organisation with its resolution and assurance
records (``resolution_records``), breaks or bends one thing, and says what the
named check finds.
"""

import copy
import datetime as dt

import pytest

from evident.core.services import create_record, delete_record, update_record
from evident.operations.models import IncidentReview, Problem, ServiceRequest
from evident.operations.resolution_services import classify_incident

from .builders import IN_PERIOD, Cases, at, findings, found, healthy_fixtures

AOC = "area_of_concern"
stage1 = Cases(stage=1)
stage2 = Cases(stage=2)
healthy_template, _ = healthy_fixtures()


@pytest.fixture
def healthy(healthy_template, db, as_builder):
    return copy.deepcopy(healthy_template)  # 8.6 and 8.7 records included


@pytest.fixture
def as_builder():
    from evident.core.context import acting

    with acting(source="cli", actor_name="test-builder"):
        yield


def test_the_healthy_organisation_raises_no_concern_and_no_finding_here(healthy):
    ours = {case.check_id for case in stage1.cases + stage2.cases}
    assert [f for f in findings(healthy.build.org, 1) if f.check_id in ours] == []
    assert [f for f in findings(healthy.build.org, 2) if f.check_id in ours] == []


def _incidents(h, count, **fields):
    return [h.build.incident(h.email, **fields) for _ in range(count)]


# Stage 1 ------------------------------------------------------------------------------


@stage1("s1.incident.priority-matrix")
def no_priority_matrix(h):
    delete_record(h.matrix)
    return [found("s1.incident.priority-matrix", "8.6.1", AOC, "medium")]


@stage1("s1.incident.priority-matrix")
def a_matrix_never_approved(h):
    update_record(h.matrix, approved_at=None)
    return [found("s1.incident.priority-matrix", "8.6.1", AOC, "medium", [h.matrix])]


@stage1("s1.incident.major-procedure")
def no_major_incident_procedure(h):
    update_record(h.matrix, major_incident_procedure=None)
    return [found("s1.incident.major-procedure", "8.6.1", AOC, "medium", [h.matrix])]


@stage1("s1.incident.major-procedure")
def a_major_incident_procedure_never_approved(h):
    draft = h.build.document("Major incident procedure")
    update_record(h.matrix, major_incident_procedure=draft)
    return [found("s1.incident.major-procedure", "8.6.1", AOC, "medium", [h.matrix, draft])]


# Stage 2 ------------------------------------------------------------------------------


@stage2("s2.incident.prioritised")
def one_incident_in_many_prioritised_against_the_matrix(h):
    good = _incidents(h, 10, impact=2, urgency=2, priority=3)
    bad = h.build.incident(h.email, impact=1, urgency=1, priority=4)
    assert good
    return [found("s2.incident.prioritised", "8.6.1", "minor", "", [bad])]


@stage2("s2.incident.prioritised")
def many_incidents_prioritised_against_the_matrix(h):
    bad = _incidents(h, 2, impact=3, urgency=3, priority=1)
    return [found("s2.incident.prioritised", "8.6.1", "major", "", sorted(bad, key=_ref))]


@stage2("s2.incident.prioritised", passes=True)
def an_override_with_its_reason_is_no_deviation(h):
    incident = h.build.incident(h.email)
    classify_incident(incident, 3, 3, priority=1, override_reason="Board meeting relies on it")
    return []


@stage2("s2.incident.major-reviewed")
def a_major_incident_without_review(h):
    reviewed = _incidents(h, 9, major=True)
    for incident in reviewed:
        create_record(IncidentReview, h.build.org, incident=incident, held_on=IN_PERIOD)
    missed = h.build.incident(h.email, major=True)
    return [found("s2.incident.major-reviewed", "8.6.1", "minor", "", [missed])]


@stage2("s2.incident.major-reviewed")
def most_major_incidents_without_review(h):
    missed = _incidents(h, 2, major=True)
    return [found("s2.incident.major-reviewed", "8.6.1", "major", "", sorted(missed, key=_ref))]


@stage2("s2.incident.major-reviewed", passes=True)
def a_major_resolved_days_before_the_audit_is_not_yet_due(h):
    h.build.incident(h.email, opened=dt.date(2025, 6, 25), major=True)
    return []


@stage2("s2.problem.recurring-incidents")
def three_incidents_of_one_category_in_a_month_with_no_problem(h):
    runs = [
        h.build.incident(h.email, opened=dt.date(2025, 2, day), category="mail relay")
        for day in (3, 12, 27)
    ]
    return [found("s2.problem.recurring-incidents", "8.6.3", "minor", "", [h.email, *runs])]


@stage2("s2.problem.recurring-incidents", passes=True)
def recurring_incidents_linked_to_a_problem(h):
    problem = h.build.make(Problem, title="Relay", service=h.email, opened_at=at(IN_PERIOD))
    for day in (3, 12, 27):
        h.build.incident(h.email, opened=dt.date(2025, 2, day), category="relay", problem=problem)
    return []


@stage2("s2.problem.recurring-incidents", passes=True)
def three_incidents_spread_over_more_than_the_window(h):
    for day in (dt.date(2025, 1, 2), dt.date(2025, 1, 20), dt.date(2025, 2, 10)):
        h.build.incident(h.email, opened=day, category="mail relay")
    return []


@stage2("s2.problem.known-error-workaround")
def a_known_error_without_workaround(h):
    problem = h.build.make(
        Problem, title="Queue", service=h.email, opened_at=at(IN_PERIOD), status="known_error"
    )
    return [found("s2.problem.known-error-workaround", "8.6.3", "minor", "", [problem])]


@stage2("s2.problem.root-cause")
def a_problem_open_for_eight_months_without_root_cause(h):
    problem = h.build.make(
        Problem, title="Slow sync", service=h.email, opened_at=at(dt.date(2024, 10, 1))
    )
    return [found("s2.problem.root-cause", "8.6.3", "minor", "", [problem])]


@stage2("s2.request.fulfilled")
def a_request_left_open_for_months(h):
    request = h.build.make(
        ServiceRequest, title="Laptop", service=h.email, opened_at=at(dt.date(2025, 1, 6))
    )
    for day in range(1, 10):
        h.build.make(
            ServiceRequest,
            title="Mailbox",
            service=h.email,
            opened_at=at(dt.date(2025, 2, day)),
            status="closed",
        )
    return [found("s2.request.fulfilled", "8.6.2", "minor", "", [request])]


def _ref(record):
    return record.ref


@pytest.mark.parametrize("case", stage1.params())
def test_stage_1_case(healthy, case, as_builder):
    stage1.run(healthy, case)


@pytest.mark.parametrize("case", stage2.params())
def test_stage_2_case(healthy, case, as_builder):
    stage2.run(healthy, case)
