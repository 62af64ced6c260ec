"""Every declared lifecycle can be walked in the pages, with the API's walks and rules.

The walks of each ``LifecycleContract`` (tests/api) are replayed here through
the detail page's buttons and the transition forms: each step is offered from
the record's state, moves it to the declared state, and a transition is refused
(with no form to fill) from a state it does not start from.
"""

import importlib
import pkgutil

import pytest

import tests.api
from evident.core.models import Role
from evident.web.record_types import registry
from tests.api import LifecycleContract, as_json


def _contracts() -> list[type[LifecycleContract]]:
    for info in pkgutil.iter_modules(tests.api.__path__):
        if info.name.startswith("test_lifecycle_contracts"):
            importlib.import_module(f"tests.api.{info.name}")
    found, pending = [], list(LifecycleContract.__subclasses__())
    while pending:
        contract = pending.pop()
        found.append(contract)
        pending.extend(contract.__subclasses__())
    return sorted(found, key=lambda c: c.model._meta.label_lower)


CONTRACTS = _contracts()


def pages_of(contract):
    return registry.for_model(contract.model)


@pytest.fixture
def writer(client, make_user, org, contract):
    # A contract may name the role its walks need (an auditor accepts an action plan).
    role = getattr(contract, "role", Role.SMS_MANAGER)
    client.force_login(make_user(org, role, username="page-writer"))
    return client


@pytest.fixture(autouse=True)
def prepared_walks(contract, monkeypatch):
    # A contract may set the scene its walks need (the engine finding nothing to draft).
    prepare = getattr(contract, "prepare_walks", None)
    if prepare is not None:
        prepare(monkeypatch)


def form_data(body: dict) -> dict:
    return {name: value for name, value in as_json(body).items() if value is not None}


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.model._meta.label_lower)
def test_every_walk_can_be_made_with_the_pages_buttons(contract, org, writer):
    pages = pages_of(contract)
    assert pages is not None, f"{contract.model._meta.label_lower} has no pages"
    case = contract()
    lifecycle = case.lifecycle
    for walk in case.walks(org):
        created = case.fresh(org)
        detail = pages.detail_url(org.slug, created.pk)
        for name, body in walk:
            step = f"{detail}{name}/"
            assert step in writer.get(detail).content.decode(), f"no {name} button on {detail}"
            response = writer.post(step, form_data(body))
            assert response.status_code == 302, (name, response.content.decode()[:2000])
            stored = contract.model.objects.get(pk=created.pk)
            target = lifecycle.transition(name).target
            if target:
                assert getattr(stored, lifecycle.field) == target, name


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.model._meta.label_lower)
def test_a_transition_from_the_wrong_state_is_refused_without_a_form(contract, org, writer):
    case = contract()
    lifecycle = case.lifecycle
    created = case.fresh(org)
    field = contract.model._meta.get_field(lifecycle.field)
    # The first state (the record's own, then the others) that some transition does not start from.
    states = [getattr(created, lifecycle.field), *(value for value, _ in field.choices)]
    state = next(s for s in states if any(not t.allowed_from(s) for t in lifecycle.transitions))
    contract.model.objects.filter(pk=created.pk).update(**{lifecycle.field: state})
    refused = [t for t in lifecycle.transitions if not t.allowed_from(state)]
    detail = pages_of(contract).detail_url(org.slug, created.pk)
    for transition in refused:
        page = writer.get(f"{detail}{transition.name}/").content.decode()
        assert f"is {state}: it cannot" in page, transition.name
        response = writer.post(f"{detail}{transition.name}/", {})
        assert response.status_code == 200, transition.name
        assert getattr(contract.model.objects.get(pk=created.pk), lifecycle.field) == state
