"""Forms write through the service layer as the signed-in user, inside the organisation only."""

import pytest

from evident.agreements.models import Supplier, SupplierReview
from evident.audits.models import CorrectiveAction, Nonconformity
from evident.catalogue.models import Service
from evident.core.models import HistoryEntry, Person, Role
from evident.core.services import create_record
from evident.operations.models import Change, ChangeApproval, Incident

from .test_record_pages import (
    AT,
)


@pytest.fixture
def service(org, as_cli):
    return create_record(Service, org, name="Email")


@pytest.fixture
def foreign_service(other_org, as_cli):
    return create_record(Service, other_org, name="Globex hosting")


@pytest.fixture
def writer(client, manager):
    client.force_login(manager)
    return client


def ledger_entry(record, action="create"):
    return HistoryEntry.objects.get(
        organisation=record.organisation,
        model=record._meta.label_lower,
        object_id=record.pk,
        action=action,
    )


INCIDENT = {
    "title": "Mail delayed",
    "priority": "2",
    "status": "new",
    "opened_at": "2025-03-04T10:30",
}


def test_creating_an_incident_leaves_a_web_entry_in_the_ledger_naming_the_user(
    writer, manager, service
):
    response = writer.post("/o/acme/incidents/new/", {**INCIDENT, "service": service.pk})
    incident = Incident.objects.get(title="Mail delayed")
    assert response.status_code == 302
    assert response["Location"] == f"/o/acme/incidents/{incident.pk}/"
    assert incident.ref == "INC000001"
    assert incident.opened_at == AT
    entry = ledger_entry(incident)
    assert (entry.source, entry.actor, entry.actor_name) == ("web", manager, manager.username)


def test_editing_a_record_records_what_changed(writer, service):
    writer.post("/o/acme/incidents/new/", {**INCIDENT, "service": service.pk})
    incident = Incident.objects.get()
    # The status moves by the incident's transitions; an edit changes the other fields.
    data = {**INCIDENT, "service": service.pk, "priority": "1", "assignment_group": "Messaging"}
    response = writer.post(f"/o/acme/incidents/{incident.pk}/edit/", data)
    assert response.status_code == 302
    entry = ledger_entry(incident, "update")
    assert entry.source == "web"
    assert (entry.before["priority"], entry.after["priority"]) == (2, 1)
    page = writer.get(f"/o/acme/incidents/{incident.pk}/").content.decode()
    assert "Assignment group" in page and "<del>2 - High</del>" in page


def test_a_form_with_errors_is_shown_again_with_messages_beside_the_fields(writer, service):
    response = writer.post("/o/acme/incidents/new/", {"service": service.pk, "priority": "9"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert 'id="id_title_errors"' in page
    assert "Select a valid choice" in page
    assert not Incident.objects.exists()


def test_another_organisations_service_cannot_be_attached(writer, foreign_service):
    response = writer.post("/o/acme/incidents/new/", {**INCIDENT, "service": foreign_service.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Incident.objects.exists()


def test_related_choices_list_only_the_organisations_own_records(writer, service, foreign_service):
    page = writer.get("/o/acme/incidents/new/").content.decode()
    assert service.ref in page
    assert "Globex hosting" not in page


def test_a_viewer_may_not_open_or_post_a_form(client, org, make_user, service):
    client.force_login(make_user(org, Role.VIEWER))
    assert client.get("/o/acme/incidents/new/").status_code == 403
    response = client.post("/o/acme/incidents/new/", {**INCIDENT, "service": service.pk})
    assert response.status_code == 403
    assert not Incident.objects.exists()


def test_an_external_auditor_may_raise_a_nonconformity_but_not_an_incident(
    client, org, make_user, service
):
    client.force_login(make_user(org, Role.EXTERNAL_AUDITOR))
    assert client.get("/o/acme/incidents/new/").status_code == 403
    response = client.post(
        "/o/acme/nonconformities/new/",
        {
            "title": "No reviews",
            "source": "external_audit",
            "grade": "minor",
            "raised_on": "2025-05-01",
            "status": "open",
        },
    )
    assert response.status_code == 302
    assert ledger_entry(Nonconformity.objects.get()).source == "web"


def test_a_non_member_cannot_reach_a_form(client, other_org, make_user, service):
    client.force_login(make_user(other_org, Role.ADMIN))
    assert client.get("/o/acme/incidents/new/").status_code == 404
    assert client.post("/o/acme/services/new/", {"name": "x", "status": "live"}).status_code == 404


def test_engine_results_have_no_forms(writer):
    assert writer.get("/o/acme/evaluations/new/").status_code == 404
    assert writer.get("/o/acme/findings/new/").status_code == 404


def test_a_service_can_be_created_and_its_page_counts_its_incidents_and_changes(writer, org):
    person = create_record(Person, org, name="Ola Berg")
    response = writer.post(
        "/o/acme/services/new/", {"name": "Payroll", "status": "live", "owner": person.pk}
    )
    service = Service.objects.get(name="Payroll")
    assert response.status_code == 302 and service.owner == person
    writer.post("/o/acme/incidents/new/", {**INCIDENT, "service": service.pk})
    page = writer.get(f"/o/acme/services/{service.pk}/").content.decode()
    assert (
        f'href="/o/acme/incidents/?service={service.pk}">Incidents</a> <span class="badge">1</span>'
        in page
    )
    assert (
        f'href="/o/acme/changes/?service={service.pk}">Changes</a> <span class="badge">0</span>'
        in page
    )


def test_change_and_its_approval_are_recorded_through_forms(writer, org, service, as_cli):
    writer.post(
        "/o/acme/changes/new/",
        {
            "title": "Patch relay",
            "change_type": "normal",
            "service": service.pk,
            "risk": "low",
            "status": "requested",
            "requested_at": "2025-03-01T09:00",
        },
    )
    change = Change.objects.get()
    # A normal change is decided once assessed for risk: its Assess transition, in the pages.
    assessor = create_record(Person, org, name="Ada")
    writer.post(
        f"/o/acme/changes/{change.pk}/assess/",
        {
            "risk": "low",
            "assessment": "Relay restarts in seconds.",
            "assessed_by": assessor.pk,
            "assessed_at": "2025-03-01T12:00",
        },
    )
    writer.post(
        "/o/acme/change-approvals/new/",
        {
            "change": change.pk,
            "authority": "cab",
            "decision": "approved",
            "decided_at": "2025-03-02T09:00",
        },
    )
    approval = ChangeApproval.objects.get()
    assert approval.change == change
    assert ledger_entry(approval).source == "web"
    approvals = writer.get(f"/o/acme/change-approvals/?change={change.pk}").content.decode()
    assert approval.ref in approvals and change.ref in approvals


def test_suppliers_reviews_and_corrective_actions_are_created_through_forms(writer, service):
    writer.post(
        "/o/acme/suppliers/new/",
        {
            "name": "Relay Co",
            "supplier_type": "external",
            "services": [service.pk],
            "status": "active",
        },
    )
    supplier = Supplier.objects.get()
    assert list(supplier.services.all()) == [service]
    assert ledger_entry(supplier).after["services"] == [service.pk]
    writer.post(
        "/o/acme/supplier-reviews/new/",
        {"supplier": supplier.pk, "reviewed_on": "2025-04-01", "rating": "4"},
    )
    assert SupplierReview.objects.get().supplier == supplier
    writer.post(
        "/o/acme/nonconformities/new/",
        {
            "title": "Late reviews",
            "source": "internal_audit",
            "grade": "minor",
            "raised_on": "2025-05-01",
            "status": "open",
        },
    )
    nonconformity = Nonconformity.objects.get()
    writer.post(
        "/o/acme/corrective-actions/new/",
        {
            "nonconformity": nonconformity.pk,
            "description": "Book the reviews",
            "due_date": "2025-06-01",
        },
    )
    action = CorrectiveAction.objects.get()
    assert action.nonconformity == nonconformity
    assert ledger_entry(action).source == "web"
