"""The API suite's shared parts: clients, small record builders and the endpoint contract.

Each record endpoint is specified by a subclass of ``RecordEndpointContract`` that
names its route and model, builds the fields of one valid record, and says what
an update changes; the contract then checks list, retrieve, create, update and
delete, the ledger entries they leave, and that other organisations stay out.
"""

import datetime as dt
import decimal
from importlib import import_module

import pytest
from django.db import models
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from evident.agreements.models import SLA, SlaTarget, Supplier
from evident.assurance.models import ContinuityPlan
from evident.audits.models import Evaluation, Nonconformity
from evident.catalogue.models import Service
from evident.core.context import acting
from evident.core.models import HistoryEntry, Person
from evident.core.services import create_record, model_label
from evident.governance.models import SmsPlan
from evident.operations.models import Change, Problem
from evident.support.models import Document, DocumentVersion

NOW = dt.datetime(2025, 3, 3, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2025, 3, 3)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Almost every API test makes users; the production hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def client_for(user) -> APIClient:
    """A client that authenticates as ``user`` with an API token, as integrations do."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def record_routes() -> dict:
    """Every route served under /api/orgs/<org_slug>/, with its viewset."""
    from evident.api.urls import RECORD_APPS

    routes = {}
    for app in RECORD_APPS:
        for prefix, viewset, _ in import_module(f"evident.{app}.api.urls").router.registry:
            routes[prefix] = viewset
    return routes


def endpoint(organisation, route: str, pk=None) -> str:
    base = f"/api/orgs/{organisation.slug}/{route}/"
    return f"{base}{pk}/" if pk is not None else base


def record(model, organisation, **fields):
    """Create a record the way a command would: through the service layer."""
    with acting(source="cli", actor_name="test-setup"):
        return create_record(model, organisation, **fields)


def as_json(fields: dict) -> dict:
    """The request body for ``fields``: related records by id, dates as ISO strings."""

    def value(v):
        if isinstance(v, models.Model):
            return v.pk
        if isinstance(v, list | tuple):
            return [value(item) for item in v]
        if isinstance(v, dt.date | dt.datetime):
            return v.isoformat()
        if isinstance(v, decimal.Decimal):
            return str(v)
        return v

    return {name: value(v) for name, v in fields.items()}


def last_entry(model, pk) -> HistoryEntry:
    return (
        HistoryEntry.objects.filter(model=model_label(model), object_id=pk).order_by("seq").last()
    )


def assert_written_by_api(model, pk, action: str, user) -> None:
    entry = last_entry(model, pk)
    assert entry is not None, f"no ledger entry for {model_label(model)} {pk}"
    assert (entry.action, entry.source) == (action, "api")
    assert entry.actor == user
    assert entry.actor_name == user.get_username()


# Builders of the records other records point at: one line each, valid and minimal.


def person(org, name="Grace Hopper"):
    return record(Person, org, name=name)


def service(org, name="E-mail"):
    return record(Service, org, name=name)


def document(org, title="Service management policy"):
    return record(Document, org, title=title, doc_type=Document.Type.SM_POLICY)


def document_version(org):
    return record(DocumentVersion, org, document=document(org), version="1.0")


def sms_plan(org):
    return record(SmsPlan, org, title="SMS plan 2025")


def sla(org):
    return record(SLA, org, name="E-mail SLA", service=service(org))


def sla_target(org):
    return record(
        SlaTarget, org, sla=sla(org), metric="availability", target_value=decimal.Decimal("99.5")
    )


def supplier(org):
    return record(Supplier, org, name="Datacentre Ltd")


def change(org):
    return record(Change, org, title="Patch mail servers", service=service(org), requested_at=NOW)


def problem(org):
    return record(Problem, org, title="Mail queue stalls", service=service(org), opened_at=NOW)


def continuity_plan(org):
    return record(ContinuityPlan, org, title="Mail continuity")


def nonconformity(org):
    return record(
        Nonconformity,
        org,
        title="Changes started before approval",
        source=Nonconformity.Source.EXTERNAL_AUDIT,
        raised_on=TODAY,
    )


def evaluation(org, stage=2):
    return record(
        Evaluation,
        org,
        stage=stage,
        audit_date=TODAY,
        period_start=TODAY - dt.timedelta(days=365),
        period_end=TODAY,
        seed=7,
        engine_version="test",
        evidence_digest="0" * 64,
    )


class RecordEndpointContract:
    """What every record endpoint promises, checked for the model a subclass names.

    Subclasses set ``route``, ``model`` and ``update`` (a JSON body that changes
    the record) and implement ``fields(org)``, the model fields of one valid new
    record (building the records it points at in ``org``).
    """

    route: str
    model: type[models.Model]
    update: dict

    def fields(self, org) -> dict:
        raise NotImplementedError(f"{type(self).__name__} must say how to build a record")

    @pytest.fixture
    def api(self, manager):
        return client_for(manager)

    @pytest.fixture
    def existing(self, org):
        return record(self.model, org, **self.fields(org))

    def test_list_shows_the_organisations_records(self, api, org, existing):
        response = api.get(endpoint(org, self.route))
        assert response.status_code == 200, response.data
        assert [row["ref"] for row in response.data["results"]] == [existing.ref]

    def test_retrieve_shows_one_record(self, api, org, existing):
        response = api.get(endpoint(org, self.route, existing.pk))
        assert response.status_code == 200, response.data
        assert (response.data["id"], response.data["ref"]) == (existing.pk, existing.ref)
        assert {"created_at", "updated_at"} <= set(response.data)

    def test_create_issues_a_ref_and_leaves_a_ledger_entry(self, api, org, manager):
        response = api.post(endpoint(org, self.route), as_json(self.fields(org)), format="json")
        assert response.status_code == 201, response.data
        created = self.model.objects.get(pk=response.data["id"])
        assert created.organisation == org
        assert created.ref and response.data["ref"] == created.ref
        assert_written_by_api(self.model, created.pk, "create", manager)

    def test_update_changes_the_record_and_leaves_a_ledger_entry(self, api, org, manager, existing):
        response = api.patch(endpoint(org, self.route, existing.pk), self.update, format="json")
        assert response.status_code == 200, response.data
        for name, value in self.update.items():
            assert response.data[name] == value
        assert_written_by_api(self.model, existing.pk, "update", manager)
        assert last_entry(self.model, existing.pk).before is not None

    def test_update_answers_the_new_version_as_its_etag(self, api, org, existing):
        response = api.patch(endpoint(org, self.route, existing.pk), self.update, format="json")
        assert response.status_code == 200, response.data
        assert response.data["record_version"] == existing.record_version + 1
        assert response["ETag"] == f'"{existing.record_version + 1}"'

    def test_an_update_based_on_an_older_version_is_refused(self, api, org, existing):
        at = endpoint(org, self.route, existing.pk)
        stale = f'"{existing.record_version}"'
        assert api.patch(at, self.update, format="json", HTTP_IF_MATCH=stale).status_code == 200
        again = api.patch(at, self.update, format="json", HTTP_IF_MATCH=stale)
        assert again.status_code == 412, again.data
        assert again.data["current_version"] == existing.record_version + 1
        first = last_entry(self.model, existing.pk)
        changed = {k for k in first.after if first.before.get(k) != first.after[k]}
        assert set(again.data["changed_fields"]) == changed - {"record_version"}
        assert set(again.data["changed_fields"]) & set(self.update)

    def test_delete_is_refused_and_the_record_is_voided_instead(self, api, org, manager, existing):
        at = endpoint(org, self.route, existing.pk)
        refused = api.delete(at)
        assert refused.status_code == 405, getattr(refused, "data", None)
        assert "void" in str(refused.data["detail"])
        assert api.post(f"{at}void/", {}, format="json").status_code == 400
        stale = f'"{existing.record_version - 1}"'
        refused = api.post(f"{at}void/", {"reason": "x"}, format="json", HTTP_IF_MATCH=stale)
        assert refused.status_code == 412
        voided = api.post(f"{at}void/", {"reason": "entered twice"}, format="json")
        assert voided.status_code == 200, voided.data
        assert voided.data["void_reason"] == "entered twice" and voided.data["voided_at"]
        kept = self.model.objects.get(pk=existing.pk)
        assert kept.voided_by == manager.get_username()
        assert_written_by_api(self.model, existing.pk, "update", manager)
        assert last_entry(self.model, existing.pk).operation
        listed = api.get(endpoint(org, self.route)).data["results"]
        assert existing.ref not in [row["ref"] for row in listed]
        listed = api.get(endpoint(org, self.route), {"voided": "true"}).data["results"]
        assert existing.ref in [row["ref"] for row in listed]
        assert api.patch(at, self.update, format="json").status_code == 400

    def test_another_organisations_record_cannot_be_reached(self, api, org, other_org):
        foreign = record(self.model, other_org, **self.fields(other_org))
        listed = api.get(endpoint(org, self.route))
        assert foreign.ref not in [row["ref"] for row in listed.data["results"]]
        at = endpoint(org, self.route, foreign.pk)
        assert api.get(at).status_code == 404
        assert api.patch(at, self.update, format="json").status_code == 404
        assert api.delete(at).status_code == 404
        assert self.model.objects.filter(pk=foreign.pk).exists()


class LifecycleContract:
    """What every declared lifecycle promises through ``POST …/<id>/<transition>/``.

    Subclasses set ``route`` and ``model``, build one record in an initial state
    with ``fresh(org)``, and give ``walks(org)``: sequences of (transition, body)
    that together make every transition of the declaration at least once, each
    walk from a fresh record (bodies may name records built in ``org``). The
    contract then checks that each step moves the record as declared and leaves
    one operation with its event in the ledger, that every transition is refused
    from each state it does not start from and from a voided record, and that a
    viewer may not make any of them.
    """

    route: str
    model: type[models.Model]

    def fresh(self, org):
        raise NotImplementedError(f"{type(self).__name__} must say how to build a record")

    def walks(self, org) -> tuple[tuple[tuple[str, dict], ...], ...]:
        raise NotImplementedError(f"{type(self).__name__} must say how its lifecycle is walked")

    @pytest.fixture
    def api(self, manager):
        return client_for(manager)

    @property
    def lifecycle(self):
        from evident.core.records import lifecycle_of

        return lifecycle_of(self.model)

    def move(self, api, org, pk, name, body):
        return api.post(f"{endpoint(org, self.route, pk)}{name}/", body, format="json")

    def test_the_walks_make_every_declared_transition(self, org):
        walked = {name for walk in self.walks(org) for name, _ in walk}
        assert walked == {t.name for t in self.lifecycle.transitions}

    def test_each_step_moves_the_record_as_declared_in_one_operation(self, api, org):
        for walk in self.walks(org):
            created = self.fresh(org)
            assert getattr(created, self.lifecycle.field) in self.lifecycle.initial
            for name, body in walk:
                transition = self.lifecycle.transition(name)
                before = last_entry(self.model, created.pk).seq
                response = self.move(api, org, created.pk, name, as_json(body))
                assert response.status_code == 200, (name, response.data)
                if transition.target:
                    assert response.data[self.lifecycle.field] == transition.target, name
                entries = HistoryEntry.objects.filter(seq__gt=before, organisation=org)
                assert entries.exists(), f"{name} left no ledger entry"
                assert {e.operation for e in entries} != {""}, name
                assert len({e.operation for e in entries}) == 1, name
                assert all(e.event for e in entries), name

    def test_a_transition_is_refused_from_a_state_it_does_not_start_from(self, api, org):
        created = self.fresh(org)
        field = self.model._meta.get_field(self.lifecycle.field)
        for state, _ in field.choices:
            self.model.objects.filter(pk=created.pk).update(**{field.name: state})
            for transition in self.lifecycle.transitions:
                if transition.allowed_from(state):
                    continue
                response = self.move(api, org, created.pk, transition.name, {})
                assert response.status_code == 400, (state, transition.name, response.data)
                assert field.name in response.data, (state, transition.name, response.data)
                stored = self.model.objects.get(pk=created.pk)
                assert getattr(stored, field.name) == state

    def test_a_voided_record_makes_no_transition(self, api, org):
        created = self.fresh(org)
        at = endpoint(org, self.route, created.pk)
        assert api.post(f"{at}void/", {"reason": "entered twice"}, format="json").status_code == 200
        for transition in self.lifecycle.transitions:
            response = self.move(api, org, created.pk, transition.name, {})
            assert response.status_code == 400, (transition.name, response.data)

    def test_a_viewer_makes_no_transition(self, org, make_user):
        viewer = client_for(make_user(org, "viewer"))
        created = self.fresh(org)
        for transition in self.lifecycle.transitions:
            response = self.move(viewer, org, created.pk, transition.name, {})
            assert response.status_code == 403, (transition.name, response.data)
