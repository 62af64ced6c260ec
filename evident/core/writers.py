"""How entry points write a record type: one answer for the API, the pages and the admin.

The models accept whatever an imported bundle or another tool's export carries
(an older catalogue, a standard change without a template of ours); a person
entering or editing a record is held to the domain's rules as well, and moves
it through its lifecycle only by its transitions. Both come from the record
type's declaration (``core.records``); entry points ask ``writer_for`` and
``perform_transition`` and never choose between the generic services and a
verb themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from . import services
from .models import Organisation, OrgRecord
from .records import Rule, declaration_for, declare, refuse_lifecycle_changes
from .tenancy import scoped


@dataclass(frozen=True)
class Writer:
    """How entry points create and update one record type."""

    create: Callable[..., OrgRecord]  # (organisation, **fields)
    update: Callable[..., OrgRecord]  # (record, *, expected_version=None, **changes)


def register_writer(model: type[OrgRecord], *, create, update) -> None:
    """Enter and edit records of ``model`` through a domain verb pair."""
    declare(model, create=create, update=update)


def register_rules(model: type[OrgRecord], *rules: Rule) -> None:
    """Enter and edit records of ``model`` through the generic services, after ``rules``."""
    declare(model, rules=tuple(rules))


def writer_for(model: type[OrgRecord]) -> Writer:
    """The declared entry verbs of ``model`` (the generic services where it has none).

    Either way the lifecycle field is refused unless it keeps its value (on
    create: unless it is an initial state), and the declared rules apply.
    """
    declaration = declaration_for(model)

    def create(organisation: Organisation, **fields):
        refuse_read_only(declaration)
        refuse_lifecycle_changes(None, model, fields)
        refuse_broken_rules(declaration.rules, fields)
        if declaration.create is not None:
            return declaration.create(organisation, **fields)
        return services.create_record(model, organisation, **fields)

    def update(record: OrgRecord, *, expected_version: int | None = None, **changes):
        refuse_read_only(declaration)
        refuse_lifecycle_changes(record, model, changes)
        refuse_broken_rules(declaration.rules, values_after(record, changes))
        with transaction.atomic():
            # Declared update verbs take no version: the check is made here, in their transaction.
            if expected_version is not None:
                services.refuse_stale(
                    type(record)._base_manager.get(pk=record.pk), expected_version
                )
            if declaration.update is not None:
                return declaration.update(record, **changes)
            return services.update_record(record, expected_version=expected_version, **changes)

    return Writer(create=create, update=update)


def refuse_read_only(declaration) -> None:
    if declaration.read_only:
        name = declaration.model._meta.verbose_name_plural
        raise PermissionDenied(f"Evident writes {name} itself; they are not entered or edited.")


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


def transition_form(record: OrgRecord, name: str, data=None) -> forms.Form:
    """The form of one transition's inputs, its record choices limited to the organisation."""
    transition = _transition(record, name)
    form_class = type("TransitionForm", (forms.Form,), transition.inputs())
    form = form_class(data=data, prefix=None)
    for form_field in form.fields.values():
        queryset = getattr(form_field, "queryset", None)
        if queryset is not None and issubclass(queryset.model, OrgRecord):
            form_field.queryset = scoped(queryset.model, record.organisation)
    return form


def perform_transition(
    record: OrgRecord, name: str, *, role: str, data, expected_version: int | None = None
) -> OrgRecord:
    """Move ``record`` by its transition ``name`` for someone in ``role``; answer it re-read.

    Refused (``PermissionDenied``) for a role the transition does not admit and
    (``ValidationError``) from a state it does not start from, for inputs that do
    not validate, for a stale version, or by the verb's own rules.
    """
    transition = _transition(record, name)
    if role not in transition.roles:
        raise PermissionDenied(f"Your role in this organisation cannot {transition.title.lower()}.")
    with transaction.atomic():
        stored = type(record)._base_manager.get(pk=record.pk)
        _refuse_from_here(stored, transition, expected_version)
        form = transition_form(stored, name, data)
        if not form.is_valid():
            raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        transition.run(stored, **form.cleaned_data)
    return type(record)._base_manager.get(pk=record.pk)


def _refuse_from_here(stored: OrgRecord, transition, expected_version: int | None) -> None:
    """A stale version, a voided record or a state the transition does not start from."""
    services.refuse_stale(stored, expected_version)
    if stored.is_voided:
        raise services.VoidedRecord(f"{stored.ref} is voided and is kept as it was.")
    lifecycle = declaration_for(type(stored)).lifecycle
    state = getattr(stored, lifecycle.field)
    if not transition.allowed_from(state):
        raise ValidationError(
            {lifecycle.field: f"{stored.ref} is {state}: it cannot {transition.title.lower()}."}
        )


def _transition(record: OrgRecord, name: str):
    lifecycle = declaration_for(type(record)).lifecycle
    transition = lifecycle.transition(name) if lifecycle else None
    if transition is None:
        raise LookupError(f"{record._meta.verbose_name} has no transition {name!r}")
    return transition
