"""The page forms hold people to the same rules as the API and the verbs.

A form writes through the record type's entry verbs (``core.writers``): a
standard change names its template, a KPI names a computation Evident knows,
a review action has a due date, a decision is dated, a known error carries its
workaround, and an incident's new status is a dated step of its history.
"""

import pytest

from evident.audits.models import Improvement, Kpi, ManagementReview, ReviewOutput
from evident.catalogue.models import Service
from evident.core.services import create_record
from evident.operations.models import Change, Incident, Problem, ServiceRequest

from .test_record_pages import AT


@pytest.fixture
def service(org, as_cli):
    return create_record(Service, org, name="Email")


@pytest.fixture
def writer(client, manager):
    client.force_login(manager)
    return client


def refused(response, field):
    """The form came back with an error beside ``field`` (nothing was written)."""
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    return " ".join(errors[field])


def test_a_standard_change_without_its_template_is_refused_beside_the_template(writer, service):
    data = {
        "title": "Patch mail relay",
        "change_type": "standard",
        "service": service.pk,
        "risk": "low",
        "status": "requested",
        "requested_at": "2025-03-04T10:30",
    }
    response = writer.post("/o/acme/changes/new/", data)
    assert "standard template" in refused(response, "template")
    assert not Change.objects.exists()
    data["change_type"] = "normal"
    assert writer.post("/o/acme/changes/new/", data).status_code == 302


def test_a_kpi_naming_an_unknown_computation_is_refused(writer):
    data = {"key": "mttr", "name": "Mean time to resolve", "computation": "guesswork"}
    data |= {"direction": "lower"}
    assert "no computed KPI" in refused(writer.post("/o/acme/kpis/new/", data), "computation")
    assert not Kpi.objects.exists()


def test_a_review_action_needs_a_due_date_and_a_decision_a_date(writer, org, as_cli):
    review = create_record(ManagementReview, org, title="Q1 review", planned_date=AT.date())
    action = {"review": review.pk, "kind": "action", "description": "Hire a problem manager"}
    response = writer.post("/o/acme/review-outputs/new/", action)
    assert "due date" in refused(response, "due_date")
    assert not ReviewOutput.objects.exists()
    idea = {"title": "Self-service resets", "source": "staff", "raised_on": "2025-03-04"}
    idea |= {"decision": "accepted", "status": "proposed"}
    response = writer.post("/o/acme/improvements/new/", idea)
    assert "decision was taken" in refused(response, "decided_on")
    assert not Improvement.objects.exists()


def test_an_incident_resolved_by_its_button_gets_a_dated_step_in_its_history(writer, service):
    opened = {"title": "Mail delayed", "service": service.pk, "priority": "2"}
    opened |= {"status": "new", "opened_at": "2025-03-04T10:30"}
    writer.post("/o/acme/incidents/new/", opened)
    incident = Incident.objects.get()
    resolved = {"changed_at": "2025-03-04T12:00"}
    assert writer.post(f"/o/acme/incidents/{incident.pk}/resolve/", resolved).status_code == 302
    steps = list(incident.status_changes.order_by("changed_at").values_list("status", "changed_at"))
    assert [status for status, _ in steps] == ["new", "resolved"]
    assert steps[1][1].isoformat() == "2025-03-04T12:00:00+00:00"


def test_an_incident_is_entered_new_and_closed_only_by_its_steps(writer, service):
    data = {"title": "Printer jam", "service": service.pk, "priority": "3", "status": "closed"}
    data |= {"opened_at": "2025-03-04T10:30", "resolved_at": "2025-03-04T11:00"}
    refused(writer.post("/o/acme/incidents/new/", data), "status")
    assert not Incident.objects.exists()


def test_a_closed_incident_cannot_be_reopened_from_its_page(writer, service):
    data = {"title": "Printer jam", "service": service.pk, "priority": "3", "status": "new"}
    writer.post("/o/acme/incidents/new/", {**data, "opened_at": "2025-03-04T10:30"})
    incident = Incident.objects.get()
    page = f"/o/acme/incidents/{incident.pk}/"
    writer.post(f"{page}resolve/", {"changed_at": "2025-03-04T11:00"})
    writer.post(f"{page}close/", {"changed_at": "2025-03-04T12:00"})
    response = writer.post(f"{page}reopen/", {"changed_at": "2025-03-04T13:00"})
    assert "is closed: it cannot reopen" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == "closed"


def test_a_known_error_needs_its_workaround_and_a_resolved_problem_its_cause(writer, service):
    data = {"title": "Relay drops mail", "service": service.pk, "opened_at": "2025-03-04T10:30"}
    writer.post("/o/acme/problems/new/", {**data, "status": "open"})
    page = f"/o/acme/problems/{Problem.objects.get().pk}/"
    published = {"workaround": " ", "known_error_at": "2025-03-04T11:00"}
    refused(writer.post(f"{page}publish-known-error/", published), "workaround")
    response = writer.post(f"{page}resolve/", {"resolved_at": "2025-03-04T12:00"})
    assert "cause" in refused(response, "root_cause")
    assert Problem.objects.get().status == "open"


def test_a_request_needing_approval_is_not_fulfilled_without_it(writer, org, as_cli, service):
    request = create_record(
        ServiceRequest, org, title="New laptop", service=service, opened_at=AT, needs_approval=True
    )
    fulfilled = {"fulfilled_at": "2025-03-05T10:30"}
    response = writer.post(f"/o/acme/service-requests/{request.pk}/fulfil/", fulfilled)
    assert "needs approval before fulfilment" in refused(response, "__all__")
    request.refresh_from_db()
    assert request.status == "open"


def test_an_engagements_audit_date_is_fixed_once_fieldwork_starts(writer, org, as_cli):
    from evident.certification.models import AuditEngagement
    from evident.core.services import update_record

    data = {"title": "Stage 2 audit", "kind": "stage2", "audit_date": "2025-06-30"}
    data |= {"period_start": "2025-06-30", "period_end": "2024-06-30"}
    response = writer.post("/o/acme/audit-engagements/new/", data)
    assert "start before it ends" in refused(response, "period_start")
    data |= {"period_start": "2024-06-30", "period_end": "2025-06-30"}
    assert writer.post("/o/acme/audit-engagements/new/", data).status_code == 302
    engagement = AuditEngagement.objects.get()
    assert engagement.state == "planned"
    update_record(engagement, state=AuditEngagement.State.FIELDWORK)
    moved = {**data, "audit_date": "2025-07-31"}
    response = writer.post(f"/o/acme/audit-engagements/{engagement.pk}/edit/", moved)
    assert "Fixed once fieldwork starts" in refused(response, "audit_date")
