"""The records that point at a record: "12 incidents, 3 changes" on a service's page."""

from __future__ import annotations

from dataclasses import dataclass

from evident.core.models import OrgRecord
from evident.core.tenancy import scoped

from .record_types import registry


@dataclass(frozen=True)
class RelatedCount:
    """How many records of one type point at the record through one field, and where to see them."""

    label: str
    count: int
    url: str


def _reverse_relations(model):
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and rel.is_relation):
            continue
        source = rel.related_model
        if isinstance(source, type) and issubclass(source, OrgRecord):
            yield rel


def _label(record_type, rel, model) -> str:
    field = rel.field
    target = str(model._meta.verbose_name)
    if field.name == model._meta.model_name or str(field.verbose_name) == target:
        return record_type.title
    return f"{record_type.title} ({field.verbose_name})"


def related_counts(obj: OrgRecord, org_slug: str) -> list[RelatedCount]:
    """Counts of the registered records that refer to ``obj``, each with a filtered list link.

    Relations without a reverse name (``related_name="+"``, such as every owner
    field pointing at a person) are listed only when something uses them.
    """
    model = type(obj)
    counts = []
    for rel in _reverse_relations(model):
        record_type = registry.for_model(rel.related_model)
        if record_type is None:
            continue
        field_name = rel.field.name
        count = scoped(rel.related_model, obj.organisation).filter(**{field_name: obj}).count()
        if rel.hidden and not count:
            continue
        url = f"{record_type.list_url(org_slug)}?{field_name}={obj.pk}"
        counts.append(RelatedCount(_label(record_type, rel, model), count, url))
    return counts
