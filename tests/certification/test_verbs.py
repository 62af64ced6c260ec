"""Every function of the certification app that writes is a verb: one operation, one event."""

import inspect

import pytest

from evident.certification import decisions, entry, fieldwork, plans, services
from evident.core.verbs import is_verb

# What a function calls when it writes: the generic services, the audits app's verbs, or
# another verb of ours.
WRITES = ("create_record(", "update_record(", "audits.", "plan_engagement(")


def public_functions(module):
    for name, func in inspect.getmembers(module, inspect.isfunction):
        if func.__module__ == module.__name__ and not name.startswith("_"):
            yield func


def writes(func) -> bool:
    body = inspect.getsource(func).split('"""')[-1]  # the code after the docstring
    return any(call in body for call in WRITES)


@pytest.mark.parametrize("module", [services, decisions, fieldwork, plans, entry])
def test_every_public_function_that_writes_is_a_verb(module):
    writers = [f for f in public_functions(module) if writes(f)]
    assert writers, f"{module.__name__} has no writer: the scan no longer sees them"
    assert [f.__name__ for f in writers if not is_verb(f)] == []


def test_the_reading_functions_are_left_alone():
    assert not writes(fieldwork.redraw) and not is_verb(fieldwork.redraw)
    assert not writes(decisions.concerns_to_resolve)
