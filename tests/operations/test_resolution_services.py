"""Resolution verbs: classification by the matrix, status history, majors, problems, requests."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.catalogue.models import Service
from evident.core.context import acting
from evident.core.models import Organisation, Person
from evident.core.services import create_record
from evident.core.tenancy import scoped
from evident.operations import resolution_services as rs
from evident.operations.models import IncidentStatusChange, PriorityMatrix, ServiceRequest
from evident.operations.models.priority import DEFAULT_CELLS

T0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def org(db):
    with acting(source="cli", actor_name="test"):
        yield Organisation.objects.create(slug="res", name="Res")


@pytest.fixture
def service(org):
    return create_record(Service, org, name="Email")


def test_an_organisation_without_a_matrix_gets_the_usual_three_by_three(org, service):
    incident = rs.log_incident(service, "Mail down", T0, impact=1, urgency=2)
    assert incident.priority == 2 and not incident.priority_overridden
    assert scoped(PriorityMatrix, org).get().cells == DEFAULT_CELLS


def test_the_approved_matrix_in_force_sets_priority(org, service):
    cells = dict(DEFAULT_CELLS, **{"3,3": 3})
    rs.define_priority_matrix(org, cells, approved_at=T0)
    incident = rs.log_incident(service, "Printer jam", T0, impact=3, urgency=3)
    assert incident.priority == 3


def test_an_override_needs_a_reason_and_is_recorded(org, service):
    incident = rs.log_incident(service, "Mail slow", T0, impact=3, urgency=3)
    with pytest.raises(ValidationError, match="override_reason"):
        rs.classify_incident(incident, 3, 3, priority=1)
    rs.classify_incident(incident, 3, 3, priority=1, override_reason="Board pack due")
    incident.refresh_from_db()
    assert (incident.priority, incident.priority_overridden) == (1, True)
    assert incident.override_reason == "Board pack due"


def test_a_matrix_must_give_all_nine_cells(org):
    with pytest.raises(ValidationError, match="cells"):
        rs.define_priority_matrix(org, {"1,1": 1})


def test_each_status_change_is_timestamped_in_the_history(org, service):
    incident = rs.log_incident(service, "VPN down", T0, impact=2, urgency=2)
    rs.assign_incident(incident, "Network", T0 + HOUR)
    rs.resolve_incident(incident, T0 + 3 * HOUR)
    rs.close_incident(incident, T0 + 30 * HOUR)
    history = scoped(IncidentStatusChange, org).filter(incident=incident).order_by("changed_at")
    assert [(h.status, h.changed_at - T0) for h in history] == [
        ("new", dt.timedelta(0)),
        ("in_progress", HOUR),
        ("resolved", 3 * HOUR),
        ("closed", 30 * HOUR),
    ]
    assert (incident.resolved_at, incident.closed_at) == (T0 + 3 * HOUR, T0 + 30 * HOUR)
    assert incident.assignment_group == "Network"


def test_only_a_resolved_incident_can_be_closed(org, service):
    incident = rs.log_incident(service, "VPN down", T0, impact=2, urgency=2)
    with pytest.raises(ValidationError, match="Only a resolved"):
        rs.close_incident(incident, T0 + HOUR)


def test_only_a_declared_major_incident_gets_a_major_review(org, service):
    incident = rs.log_incident(service, "Site down", T0, impact=1, urgency=1)
    with pytest.raises(ValidationError, match="not a major"):
        rs.review_major_incident(incident, T0.date())
    rs.declare_major_incident(incident)
    review = rs.review_major_incident(incident, T0.date(), lessons="Page the on-call sooner")
    assert (review.kind, review.incident) == ("major", incident)


def test_a_problem_is_resolved_only_once_its_root_cause_is_known(org, service):
    incident = rs.log_incident(service, "Mail slow", T0, impact=2, urgency=2)
    problem = rs.raise_problem(service, "Mail slow every Monday", T0 + HOUR, [incident])
    incident.refresh_from_db()
    assert incident.problem == problem
    with pytest.raises(ValidationError, match="workaround"):
        rs.publish_known_error(problem, "", T0 + 2 * HOUR)
    rs.publish_known_error(problem, "Restart the indexer", T0 + 2 * HOUR)
    assert (problem.status, problem.known_error_at) == ("known_error", T0 + 2 * HOUR)
    with pytest.raises(ValidationError, match="root_cause"):
        rs.resolve_problem(problem, T0 + 48 * HOUR)
    rs.record_root_cause(problem, "Weekly batch locks the index")
    rs.resolve_problem(problem, T0 + 48 * HOUR)
    assert problem.status == "resolved"


def test_a_request_needing_approval_is_fulfilled_only_after_it(org, service):
    approver = create_record(Person, org, name="Ann")
    request = create_record(
        ServiceRequest, org, title="Admin rights", service=service, opened_at=T0,
        needs_approval=True, request_type="Elevated access",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="approved_at"):
        rs.fulfil_request(request, approver, T0 + HOUR)
    rs.approve_request(request, approver, T0 + HOUR)
    rs.fulfil_request(request, approver, T0 + 2 * HOUR, notes="Granted for 30 days")
    assert (request.status, request.fulfilled_by) == ("fulfilled", approver)


def test_an_incident_is_held_resumed_and_reopened_with_dated_steps(org, service):
    incident = rs.log_incident(service, "VPN down", T0, impact=2, urgency=2)
    rs.hold_incident(incident, T0 + HOUR)
    with pytest.raises(ValidationError) as error:
        rs.hold_incident(incident, T0 + HOUR)
    assert "status" in error.value.message_dict
    rs.start_incident_work(incident, T0 + 2 * HOUR)
    with pytest.raises(ValidationError) as error:
        rs.reopen_incident(incident, T0 + 2 * HOUR)
    assert "status" in error.value.message_dict
    rs.resolve_incident(incident, T0 + 3 * HOUR)
    rs.reopen_incident(incident, T0 + 4 * HOUR)
    assert (incident.status, incident.resolved_at) == ("in_progress", None)
    with pytest.raises(ValidationError) as error:
        rs.start_incident_work(incident, T0 + 5 * HOUR)
    assert "status" in error.value.message_dict
    history = scoped(IncidentStatusChange, org).filter(incident=incident).order_by("changed_at")
    assert [(h.status, h.changed_at - T0) for h in history] == [
        ("new", dt.timedelta(0)),
        ("on_hold", HOUR),
        ("in_progress", 2 * HOUR),
        ("resolved", 3 * HOUR),
        ("in_progress", 4 * HOUR),
    ]


def test_a_step_before_the_incident_opened_is_refused_naming_its_time(org, service):
    incident = rs.log_incident(service, "VPN down", T0, impact=2, urgency=2)
    with pytest.raises(ValidationError) as error:
        rs.hold_incident(incident, T0 - HOUR)
    assert "changed_at" in error.value.message_dict


def test_a_problem_is_reopened_to_its_known_error_and_closed_once(org, service):
    problem = rs.raise_problem(service, "Mail slow every Monday", T0)
    rs.publish_known_error(problem, "Restart the indexer", T0 + HOUR)
    with pytest.raises(ValidationError) as error:
        rs.reopen_problem(problem)
    assert "status" in error.value.message_dict
    rs.resolve_problem(problem, T0 + 2 * HOUR, root_cause="Weekly batch locks the index")
    rs.reopen_problem(problem)
    assert (problem.status, problem.resolved_at) == ("known_error", None)
    rs.close_problem(problem)
    with pytest.raises(ValidationError) as error:
        rs.close_problem(problem)
    assert "status" in error.value.message_dict
    unpublished = rs.raise_problem(service, "Printer offline", T0)
    rs.resolve_problem(unpublished, T0 + HOUR, root_cause="Driver")
    assert rs.reopen_problem(unpublished).status == "open"


def test_a_request_is_approved_after_it_opened_then_closed_or_cancelled(org, service):
    approver = create_record(Person, org, name="Ann")
    request = create_record(ServiceRequest, org, title="Laptop", service=service, opened_at=T0)
    with pytest.raises(ValidationError) as error:
        rs.approve_request(request, approver, T0 - HOUR)
    assert "approved_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        rs.close_request(request)
    assert "status" in error.value.message_dict
    rs.fulfil_request(request, approver, T0 + HOUR)
    with pytest.raises(ValidationError) as error:
        rs.cancel_request(request)
    assert "status" in error.value.message_dict
    assert rs.close_request(request).status == "closed"
    other = create_record(ServiceRequest, org, title="Phone", service=service, opened_at=T0)
    assert rs.cancel_request(other).status == "cancelled"
