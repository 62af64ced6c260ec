"""In the pages, two people editing one record never undo each other, a record moves by the
buttons of its lifecycle, and evidence is voided with a reason instead of deleted."""

import pytest

from evident.catalogue.models import CatalogueEntry, Service
from evident.core.models import HistoryEntry, Person, Role
from evident.core.services import create_record
from evident.operations.models import Change

from .test_record_pages import AT


@pytest.fixture
def service(org, as_cli):
    return create_record(Service, org, name="Email", status="live")


@pytest.fixture
def change(org, service, as_cli):
    return create_record(Change, org, title="Patch mail", service=service, requested_at=AT)


@pytest.fixture
def writer(client, manager):
    client.force_login(manager)
    return client


def change_form(change, **values):
    return {
        "title": change.title,
        "change_type": change.change_type,
        "service": change.service_id,
        "risk": change.risk,
        "requested_at": "2025-03-04T10:30",
        "record_version": change.record_version,
        **values,
    }


def test_a_save_from_an_older_version_names_what_someone_else_changed(writer, change):
    alice = change_form(change, title="Patch mail servers")
    bob = change_form(change, risk="high")
    assert writer.post(f"/o/acme/changes/{change.pk}/edit/", alice).status_code == 302
    refused = writer.post(f"/o/acme/changes/{change.pk}/edit/", bob)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else changed this record" in page
    assert "it is now: Patch mail servers" in page
    stored = Change.objects.get(pk=change.pk)
    assert (stored.title, stored.risk) == ("Patch mail servers", "low")
    # The form now carries the current version: saving again is a deliberate choice.
    assert f'name="record_version" value="{stored.record_version}"' in page


def test_an_edit_leaves_the_other_persons_field_alone(writer, change):
    first = change_form(change, title="Patch mail servers")
    writer.post(f"/o/acme/changes/{change.pk}/edit/", first)
    current = Change.objects.get(pk=change.pk)
    second = change_form(current, risk="high")
    assert writer.post(f"/o/acme/changes/{change.pk}/edit/", second).status_code == 302
    stored = Change.objects.get(pk=change.pk)
    assert (stored.title, stored.risk) == ("Patch mail servers", "high")


def test_the_status_is_not_in_the_edit_form(writer, change):
    page = writer.get(f"/o/acme/changes/{change.pk}/edit/").content.decode()
    assert 'name="status"' not in page


def test_the_detail_page_offers_the_transitions_from_the_current_state(writer, change):
    page = writer.get(f"/o/acme/changes/{change.pk}/").content.decode()
    assert f"/o/acme/changes/{change.pk}/assess/" in page
    assert f"/o/acme/changes/{change.pk}/implement/" not in page
    assert f"/o/acme/changes/{change.pk}/void/" in page


def test_a_transition_runs_from_its_form_and_shows_refusals_by_field(writer, org, change, as_cli):
    assessor = create_record(Person, org, name="Ada")
    url = f"/o/acme/changes/{change.pk}/assess/"
    refused = writer.post(url, {"risk": "medium"})
    assert refused.status_code == 200
    assert "This field is required" in refused.content.decode()
    done = writer.post(
        url,
        {
            "risk": "medium",
            "assessment": "Drain the queues first.",
            "assessed_by": assessor.pk,
            "assessed_at": "2025-03-04T11:00",
        },
    )
    assert done.status_code == 302
    assert Change.objects.get(pk=change.pk).status == "assessed"
    implement = writer.post(f"/o/acme/changes/{change.pk}/implement/", {})
    assert "it cannot implement" in implement.content.decode()


def test_retiring_a_service_from_its_page_withdraws_the_catalogue_entry(writer, org, service):
    entry = create_record(
        CatalogueEntry, org, service=service, summary="Mailboxes", published_on=AT.date()
    )
    response = writer.post(f"/o/acme/services/{service.pk}/retire/", {"retired_on": "2025-04-01"})
    assert response.status_code == 302
    assert CatalogueEntry.objects.get(pk=entry.pk).status == CatalogueEntry.Status.WITHDRAWN


def test_voiding_asks_for_a_reason_and_keeps_the_record(writer, manager, change):
    url = f"/o/acme/changes/{change.pk}/void/"
    assert "This field is required" in writer.post(url, {"reason": ""}).content.decode()
    assert writer.post(url, {"reason": "Raised twice"}).status_code == 302
    kept = Change.objects.get(pk=change.pk)
    assert (kept.void_reason, kept.voided_by) == ("Raised twice", manager.username)
    page = writer.get(f"/o/acme/changes/{change.pk}/").content.decode()
    assert "Voided" in page and "Raised twice" in page
    assert change.ref not in writer.get("/o/acme/changes/").content.decode()
    assert change.ref in writer.get("/o/acme/changes/?voided=1").content.decode()
    entry = HistoryEntry.objects.filter(model="operations.change", object_id=change.pk).last()
    assert (entry.action, entry.source, entry.actor) == ("update", "web", manager)


def test_a_viewer_gets_no_buttons_and_cannot_act(client, org, make_user, change):
    client.force_login(make_user(org, Role.VIEWER))
    page = client.get(f"/o/acme/changes/{change.pk}/").content.decode()
    assert "/assess/" not in page and "/void/" not in page
    assert client.post(f"/o/acme/changes/{change.pk}/void/", {"reason": "x"}).status_code == 403
