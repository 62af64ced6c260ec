"""The admin is a writer like any other: its saves and deletes leave ledger entries."""

import pytest
from django.contrib.auth import get_user_model

from evident.catalogue.models import Service
from evident.core.models import HistoryEntry


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return client


def test_adding_and_changing_a_record_in_the_admin_leaves_web_entries(admin_client, org):
    response = admin_client.post(
        "/admin/catalogue/service/add/",
        {"organisation": org.pk, "ref": "", "name": "Email", "status": "live", "description": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get(organisation=org)
    assert service.ref == "SVC000001"

    response = admin_client.post(
        f"/admin/catalogue/service/{service.pk}/change/",
        {
            "organisation": org.pk,
            "ref": service.ref,
            "name": "Mail",
            "status": "live",
            "description": "",
        },
    )
    assert response.status_code == 302
    entries = HistoryEntry.objects.filter(organisation=org).order_by("seq")
    assert [(e.action, e.source, e.actor_name) for e in entries] == [
        ("create", "web", "root"),
        ("update", "web", "root"),
    ]
    assert entries[1].after["name"] == "Mail"


def test_evidence_is_voided_not_deleted_in_the_admin(admin_client, org):
    from evident.core import services

    service = services.create_record(Service, org, name="Email")
    response = admin_client.post(f"/admin/catalogue/service/{service.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Service.objects.filter(pk=service.pk).exists()
    data = {"action": "void_selected", "_selected_action": [service.pk]}
    admin_client.post("/admin/catalogue/service/", data)
    assert Service.objects.get(pk=service.pk).voided_at is not None
    last = HistoryEntry.objects.filter(organisation=org).order_by("-seq").first()
    assert (last.action, last.source, last.event) == ("update", "web", "service.voided")


def test_the_ledger_cannot_be_edited_in_the_admin(admin_client, org):
    from evident.core import services

    services.create_record(Service, org, name="Email")
    entry = HistoryEntry.objects.get()
    response = admin_client.post(f"/admin/core/historyentry/{entry.pk}/change/", {})
    assert response.status_code == 403
