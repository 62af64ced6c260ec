"""Which verbs write a record type when a person enters it: one answer for the API and the pages.

The models accept whatever an imported bundle or another tool's export carries
(an older catalogue, a standard change without a template of ours); a person
entering or editing a record is held to the domain's rules as well. Each app
registers, in its ``AppConfig.ready``, either a pair of verbs for a record type
or the rules a record's values must keep; entry points ask ``writer_for`` and
never choose between the generic services and a verb themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models

from . import services
from .models import Organisation, OrgRecord

# A rule reads the values a record would have after the write (its stored values
# with the changes applied) and answers {field: problem} for each one it refuses.
Rule = Callable[[dict], dict[str, str]]


@dataclass(frozen=True)
class Writer:
    """How entry points create and update one record type."""

    create: Callable[..., OrgRecord]  # (organisation, **fields)
    update: Callable[..., OrgRecord]  # (record, **changes)


_WRITERS: dict[str, Writer] = {}


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def register_writer(model: type[OrgRecord], *, create, update) -> None:
    """Enter and edit records of ``model`` through a domain verb pair."""
    if _label(model) in _WRITERS:
        raise ValueError(f"{_label(model)} already has its writers")
    _WRITERS[_label(model)] = Writer(create=create, update=update)


def register_rules(model: type[OrgRecord], *rules: Rule) -> None:
    """Enter and edit records of ``model`` through the generic services, after ``rules``."""

    def create(organisation: Organisation, **fields):
        refuse_broken_rules(rules, fields)
        return services.create_record(model, organisation, **fields)

    def update(record: OrgRecord, **changes):
        refuse_broken_rules(rules, values_after(record, changes))
        return services.update_record(record, **changes)

    register_writer(model, create=create, update=update)


def writer_for(model: type[OrgRecord]) -> Writer:
    """The registered verbs of ``model``, or the generic services when it has none."""
    writer = _WRITERS.get(_label(model))
    if writer is not None:
        return writer
    return Writer(
        create=lambda organisation, **fields: services.create_record(model, organisation, **fields),
        update=services.update_record,
    )


def values_after(record: OrgRecord, changes: dict) -> dict:
    """The record's own field values with ``changes`` applied (relations as objects)."""
    values = {
        field.name: getattr(record, field.name)
        for field in record._meta.concrete_fields
        if field.name not in services.SKIPPED_IN_SNAPSHOT
    }
    values.update(changes)
    return values


def refuse_broken_rules(rules, values: dict) -> None:
    problems = {}
    for rule in rules:
        for field, problem in rule(values).items():
            problems.setdefault(field, problem)
    if problems:
        raise ValidationError(problems)
