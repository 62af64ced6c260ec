"""Entry writers: one answer, for the API and the pages, to "which verbs write this record type"."""

import pytest
from django.core.exceptions import ValidationError

from evident.catalogue.models import Service
from evident.core.context import acting
from evident.core.records import declaration_for
from evident.core.writers import register_writer, values_after, writer_for
from evident.operations import change_services
from evident.operations.models import Change, Incident
from tests.api import NOW, client_for, endpoint, service


def test_a_record_type_without_verbs_is_written_by_the_generic_services(org, as_cli):
    created = writer_for(Service).create(org, name="Email")
    assert (created.ref, created.name) == ("SVC000001", "Email")
    assert writer_for(Service).update(created, name="Mail").name == "Mail"


def test_a_record_type_with_verbs_is_written_by_them():
    declared = declaration_for(Change)
    assert (declared.create, declared.update) == (
        change_services.record_change,
        change_services.revise_change,
    )


def test_a_record_type_cannot_be_given_two_sets_of_verbs():
    with pytest.raises(ValueError, match="already declares create, update"):
        register_writer(Change, create=lambda *a, **k: None, update=lambda *a, **k: None)


def test_rules_read_the_record_as_it_would_be_after_the_edit(org, as_cli):
    mail = writer_for(Service).create(org, name="Email")
    values = values_after(mail, {"name": "Mail"})
    assert (values["name"], values["status"]) == ("Mail", mail.status)
    assert "organisation" not in values


def test_rules_refuse_naming_the_field(org, as_cli):
    from evident.audits.models import Kpi

    with pytest.raises(ValidationError) as refused:
        writer_for(Kpi).create(org, key="x", name="X", computation="guesswork")
    assert list(refused.value.message_dict) == ["computation"]


def test_the_api_enters_an_incident_through_the_same_verbs_as_the_pages(org, manager):
    body = {
        "title": "Mail down",
        "service": service(org).pk,
        "priority": 1,
        "opened_at": NOW.isoformat(),
    }
    api = client_for(manager)
    response = api.post(endpoint(org, "incidents"), body, format="json")
    assert response.status_code == 201, response.json()
    incident = Incident.objects.get()
    # Its status moves by its transitions, each a dated step (operations/resolution_records.py).
    resolved = {"changed_at": NOW.replace(hour=11).isoformat()}
    api.post(f"{endpoint(org, 'incidents', incident.pk)}resolve/", resolved, format="json")
    steps = incident.status_changes.order_by("changed_at").values_list("status", flat=True)
    assert list(steps) == ["new", "resolved"]
    with acting(source="cli", actor_name="test"), pytest.raises(ValidationError):
        writer_for(Incident).update(incident, status="in_progress")
    assert incident.status_changes.count() == 2
