"""What the bundle carries for each record model, derived from the models themselves.

Every ``OrgRecord`` model joins the bundle without being listed anywhere: its
concrete fields (less ``id``, ``organisation``, the timestamps and the record
version) become the record's keys, links to other records become refs, and the
models are put in an order where every model comes after the models it points
at. Evaluations, findings and samples are left out: they are the engine's
results, recomputed from the records, not records of what happened.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models

from evident.core.models import OrgRecord

from .codecs import CODECS
from .errors import BundleSpecError

FORMAT = "evident-bundle"
VERSION = 1

DERIVED_MODELS = frozenset({"audits.evaluation", "audits.finding", "audits.sample"})
# What the receiving database sets for itself. ``record_version`` counts the writes
# a record had in this database (it guards against concurrent updates), so it is a
# fact about the installation, like the timestamps, not about the record.
NOT_EXPORTED_FIELDS = frozenset(
    {"id", "organisation", "created_at", "updated_at", "record_version"}
)
# Voiding is carried: a voided record stays evidence, with when, by whom and why.
VOID_FIELDS = ("voided_at", "voided_by", "void_reason")

# Checked in order: subclasses before the classes they extend.
_SCALAR_KINDS = (
    (models.BooleanField, "boolean"),
    (models.DecimalField, "decimal"),
    (models.FloatField, "number"),
    (models.IntegerField, "integer"),
    (models.DateTimeField, "date-time"),
    (models.DateField, "date"),
    (models.TimeField, "time"),
    (models.DurationField, "duration"),
    (models.UUIDField, "uuid"),
    (models.JSONField, "json"),
    (models.CharField, "text"),
    (models.TextField, "text"),
    (models.GenericIPAddressField, "text"),
)


def label_of(model) -> str:
    return model._meta.label_lower


def is_record_model(model) -> bool:
    return isinstance(model, type) and issubclass(model, OrgRecord)


@dataclass(frozen=True)
class FieldSpec:
    """One key of a bundle record: the model field behind it and how its value is written."""

    name: str
    field: models.Field
    kind: str
    target: str | None = None
    deferred: bool = False

    @property
    def attname(self) -> str:
        return self.field.attname

    @property
    def is_ref(self) -> bool:
        return self.kind == "ref"

    @property
    def is_refs(self) -> bool:
        return self.kind == "refs"

    @property
    def nullable(self) -> bool:
        return bool(self.field.null) and not self.is_refs

    @property
    def required(self) -> bool:
        """Must be given: it cannot be null and neither the model nor Django fills it in."""
        field = self.field
        if self.is_refs or field.null or field.has_default():
            return False
        return not (field.blank and field.empty_strings_allowed)

    def write(self, value):
        if value is None or self.is_ref or self.is_refs:
            return value
        return CODECS[self.kind][0](value)

    def read(self, value):
        if value is None or self.is_ref or self.is_refs:
            return value
        return CODECS[self.kind][1](value)


@dataclass(frozen=True)
class ModelSpec:
    """A record model as the bundle sees it: label, ref prefix and fields."""

    model: type[OrgRecord]
    fields: tuple[FieldSpec, ...]

    @property
    def label(self) -> str:
        return label_of(self.model)

    @property
    def prefix(self) -> str:
        return self.model.REF_PREFIX

    @functools.cached_property
    def by_name(self) -> dict[str, FieldSpec]:
        return {spec.name: spec for spec in self.fields}


def _relation_spec(model, field) -> FieldSpec | None:
    target = field.related_model
    if target is model and not field.many_to_many:
        if not field.null:
            raise BundleSpecError(
                f"{label_of(model)}.{field.name}: a link to its own model must allow null"
            )
        return FieldSpec(field.name, field, "ref", label_of(target), deferred=True)
    if field.many_to_many:
        if not is_record_model(target) or not field.remote_field.through._meta.auto_created:
            raise BundleSpecError(
                f"{label_of(model)}.{field.name}: "
                "only plain many-to-many links to records can be carried"
            )
        return FieldSpec(field.name, field, "refs", label_of(target), deferred=True)
    if target is apps.get_model(settings.AUTH_USER_MODEL):
        return None  # logins belong to this installation, not to the organisation's records
    if not is_record_model(target):
        raise BundleSpecError(
            f"{label_of(model)}.{field.name}: links only to records can be carried"
        )
    if label_of(target) in DERIVED_MODELS:
        if field.null:
            return None  # the engine's results are recomputed, and so are links to them
        raise BundleSpecError(
            f"{label_of(model)}.{field.name}: a record cannot require an engine result"
        )
    return FieldSpec(field.name, field, "ref", label_of(target))


def field_spec(model, field) -> FieldSpec | None:
    """The bundle key for ``field`` of ``model``, or None when the field is not carried."""
    if field.name in NOT_EXPORTED_FIELDS:
        return None
    if field.is_relation:
        return _relation_spec(model, field)
    for field_class, kind in _SCALAR_KINDS:
        if isinstance(field, field_class):
            return FieldSpec(field.name, field, kind)
    raise BundleSpecError(
        f"{label_of(model)}.{field.name}: a {type(field).__name__} cannot be carried in a bundle"
    )


def model_spec(model) -> ModelSpec:
    """The bundle's view of ``model``; ``ref`` is every record's identity, not one of its fields."""
    own = [*model._meta.concrete_fields, *model._meta.many_to_many]
    specs = (field_spec(model, field) for field in own if field.name != "ref")
    return ModelSpec(model, tuple(sorted((s for s in specs if s), key=lambda s: s.name)))


def _references(model, among: set) -> set:
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    targets = {f.related_model for f in fields if f.is_relation}
    return {t for t in targets if t in among and t is not model}


def in_dependency_order(record_models) -> list:
    """Models ordered so each comes after those it points at; ties broken by label."""
    remaining = {m: _references(m, set(record_models)) for m in record_models}
    ordered = []
    while remaining:
        ready = sorted((m for m, deps in remaining.items() if not deps), key=label_of)
        if not ready:
            cycle = ", ".join(sorted(label_of(m) for m in remaining))
            raise BundleSpecError(f"record models point at each other in a cycle: {cycle}")
        for model in ready:
            del remaining[model]
            ordered.append(model)
        for deps in remaining.values():
            deps.difference_update(ready)
    return ordered


def all_record_models() -> list:
    """Every record model, derived ones included, in dependency order."""
    return in_dependency_order([m for m in apps.get_models() if is_record_model(m)])


@functools.cache
def record_specs() -> tuple[ModelSpec, ...]:
    """The specs of every model the bundle carries, in dependency order."""
    carried = [m for m in all_record_models() if label_of(m) not in DERIVED_MODELS]
    return tuple(model_spec(m) for m in carried)


def specs_by_label() -> dict[str, ModelSpec]:
    return {spec.label: spec for spec in record_specs()}
