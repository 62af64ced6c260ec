"""Meta-tests: the generic contracts cover every record type their declarations describe.

Each record type people write has a ``RecordEndpointContract`` (create, update,
stale update refused, void instead of delete, ledger entries, tenancy), and each
lifecycle with transitions has a ``LifecycleContract`` (every transition allowed
from its states and refused from the others, in one operation with its event).
"""

import importlib
import pkgutil

from django.apps import apps

import tests.api
from evident.core.models import OrgRecord
from evident.core.records import declaration_for
from tests.api import LifecycleContract, RecordEndpointContract

RECORD_MODELS = [m for m in apps.get_models() if issubclass(m, OrgRecord)]


def _subclasses(base) -> set:
    for info in pkgutil.iter_modules(tests.api.__path__):
        if info.name.startswith("test_"):
            importlib.import_module(f"tests.api.{info.name}")
    found, pending = set(), list(base.__subclasses__())
    while pending:
        contract = pending.pop()
        found.add(contract)
        pending.extend(contract.__subclasses__())
    return {c for c in found if getattr(c, "model", None) is not None}


def test_every_record_type_people_write_has_an_endpoint_contract():
    covered = {c.model for c in _subclasses(RecordEndpointContract)}
    written = {m for m in RECORD_MODELS if not declaration_for(m).read_only}
    missing = sorted(m._meta.label_lower for m in written - covered)
    assert missing == []


def test_every_lifecycle_with_transitions_has_a_lifecycle_contract():
    covered = {c.model for c in _subclasses(LifecycleContract)}
    moving = {
        m
        for m in RECORD_MODELS
        if declaration_for(m).lifecycle and declaration_for(m).lifecycle.transitions
    }
    missing = sorted(m._meta.label_lower for m in moving - covered)
    assert missing == []
