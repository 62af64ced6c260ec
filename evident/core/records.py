"""One declaration per record type: how people may enter it and how it may change.

Each app declares its record types in its ``records.py`` (discovered at start-up
like ``admin.py``): the verbs that create and update a record when a person
enters it, the rules its values keep, and its **lifecycle**: the field that holds
its state, the states a person may create it in, and the transitions between
states, each one a verb with the states it starts from, the values a person
gives it and the roles that may make it. The API (``POST …/<id>/<transition>/``),
the pages (a button and a small form per transition) and the generic create and
update (which refuse a lifecycle field) all read this one declaration.

Importers and bundles record reality as the source tool had it (an imported
change may be implemented without approval: that is what the engine judges);
they write through ``core.services`` with the source named in the ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from .filters import PersonFilterSet
from .models import WRITER_ROLES, OrgRecord, Person

# A rule reads the values a record would have after the write (its stored values
# with the changes applied) and answers {field: problem} for each one it refuses.
Rule = Callable[[dict], dict[str, str]]


@dataclass(frozen=True)
class Transition:
    """One move of a record's lifecycle, made by one verb.

    ``run(record, **values)`` receives the values of ``inputs`` (form fields the
    API and the pages both validate) and ``organisation``-scoped choices for
    related records; it returns nothing the callers rely on.
    """

    name: str
    run: Callable
    sources: tuple[str, ...] = ()  # the states it starts from; () means any live state
    target: str = ""  # the state it leads to (for people and docs; the verb sets it)
    inputs: Callable[[], dict[str, forms.Field]] = dict
    roles: frozenset = frozenset(WRITER_ROLES)
    label: str = ""
    help: str = ""

    @property
    def title(self) -> str:
        return self.label or self.name.replace("-", " ").capitalize()

    def allowed_from(self, state: str) -> bool:
        return not self.sources or state in self.sources


@dataclass(frozen=True)
class Lifecycle:
    """The state field of a record type and the transitions that alone may change it."""

    field: str
    initial: tuple[str, ...]
    transitions: tuple[Transition, ...]

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def available(self, record: OrgRecord) -> list[Transition]:
        state = getattr(record, self.field)
        return [t for t in self.transitions if t.allowed_from(state)]


@dataclass(frozen=True)
class Declaration:
    """What one record type is and how it may change."""

    model: type[OrgRecord]
    # How people see and enter it: the fields of its form, the columns and the
    # filters of its list, the fields its search reads, and the one FilterSet the
    # API and the pages both filter with.
    fields: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    filterset: type | None = None
    create: Callable[..., OrgRecord] | None = None  # (organisation, **fields)
    update: Callable[..., OrgRecord] | None = None  # (record, **changes)
    rules: tuple[Rule, ...] = ()
    lifecycle: Lifecycle | None = None
    # Only what no auditor samples (a saved mapping, a draft) may be deleted; the
    # rest is voided with a reason and stays as evidence.
    deletable: bool = False
    # Written by Evident itself (the engine's findings, an import's status steps):
    # people read it, and no entry point creates or edits it.
    read_only: bool = False
    # State fields a person sets by editing (a customer becoming "former"), each
    # named here so that no state field is left ungoverned by accident.
    editable_states: tuple[str, ...] = ()
    # Who may void it, where fewer than the writers may (an auditor's finding).
    void_roles: frozenset | None = None
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_DECLARED: dict[str, Declaration] = {}


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def declare(model: type[OrgRecord], **parts) -> Declaration:
    """Declare ``model``; a second declaration adds parts the first left unset."""
    if not (isinstance(model, type) and issubclass(model, OrgRecord)):
        raise TypeError(f"{model!r} is not a record type")
    known = _DECLARED.get(_label(model))
    if known is not None:
        clash = [k for k, v in parts.items() if getattr(known, k) not in (None, (), False, {})]
        if clash:
            raise ValueError(f"{_label(model)} already declares {', '.join(sorted(clash))}")
        parts = {**{k: getattr(known, k) for k in known.__dataclass_fields__}, **parts}
        parts.pop("model")
    declaration = Declaration(model=model, **parts)
    _DECLARED[_label(model)] = declaration
    return declaration


def declaration_for(model: type[OrgRecord]) -> Declaration:
    """The declaration of ``model``, or the plain one (generic create and update, no rules)."""
    return _DECLARED.get(_label(model)) or Declaration(model=model)


def declared_labels() -> set[str]:
    return set(_DECLARED)


def refuse_void_by(model: type[OrgRecord], role: str) -> None:
    roles = declaration_for(model).void_roles
    if roles is not None and role not in roles:
        name = model._meta.verbose_name
        raise PermissionDenied(f"Your role in this organisation cannot void a {name}.")


def is_declared(model: type[OrgRecord]) -> bool:
    return _label(model) in _DECLARED


def lifecycle_of(model: type[OrgRecord]) -> Lifecycle | None:
    return declaration_for(model).lifecycle


def refuse_lifecycle_changes(record: OrgRecord | None, model, values: dict) -> None:
    """A state is created in an initial state and changed only through a transition."""
    lifecycle = lifecycle_of(model)
    if lifecycle is None or lifecycle.field not in values:
        return
    wanted = values[lifecycle.field]
    if record is None:
        if lifecycle.initial and wanted not in lifecycle.initial:
            allowed = ", ".join(lifecycle.initial)
            raise ValidationError({lifecycle.field: f"A new record starts as {allowed}."})
        return
    if wanted != getattr(record, lifecycle.field):
        names = ", ".join(t.name for t in lifecycle.available(record)) or "none from here"
        raise ValidationError(
            {lifecycle.field: f"Changes only through its transitions ({names}), not by editing."}
        )


# People are entered and edited freely; one who leaves is marked inactive (or
# voided when entered by mistake) and stays named by the records they signed.
declare(
    Person,
    fields=(
        "name",
        "email",
        "job_title",
        "unit",
        "is_top_management",
        "in_sms_scope",
        "active",
        "user",
    ),
    columns=("ref", "name", "job_title", "unit", "is_top_management", "in_sms_scope", "active"),
    filters=("is_top_management", "in_sms_scope", "active"),
    search=("ref", "name", "email", "job_title", "unit"),
    filterset=PersonFilterSet,
)
