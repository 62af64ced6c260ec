"""The record registry: how each record type appears in the pages.

NetBox style: one generic list view, one generic detail view and one generic
form serve every record type; a ``RecordType`` entry says what is specific to
a model in the pages (its URL segment, navigation area, names and panels);
its list columns, filters, search fields and form fields are read from the
record type's declaration, which the API shares.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

from evident.core.models import OrgRecord
from evident.core.records import Declaration, declaration_for

# Navigation areas, in the order of the standard's clauses.
CONTEXT = "Context & leadership"
PLANNING = "Planning"
SUPPORT = "Support"
OPERATION = "Operation"
EVALUATION = "Performance evaluation & improvement"
AUDIT = "Audit"
AREAS = (CONTEXT, PLANNING, SUPPORT, OPERATION, EVALUATION, AUDIT)


def _capitalised(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class RecordType:
    """One record model as the pages show it."""

    model: type[OrgRecord]
    slug: str
    area: str
    # External auditors may write these as well as the writer roles (as in the API).
    auditor_writable: bool = False
    clause: str = ""
    # Extra joins for list columns whose text reaches one relation further.
    select_related: tuple[str, ...] = ()
    # Display names, where the model's verbose names do not read well ("SLA targets").
    name: str = ""
    plural: str = ""
    # Sections the detail page adds below the fields: (heading, callable(record) -> HTML),
    # for records whose content reads better drawn than listed (a KPI's series).
    panels: tuple[tuple[str, Callable], ...] = ()

    # What a person enters and sees of the record is its declaration's (``records.py``).
    @property
    def declaration(self) -> Declaration:
        return declaration_for(self.model)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.declaration.columns or ("ref",)

    @property
    def filters(self) -> tuple[str, ...]:
        return self.declaration.filters

    @property
    def search(self) -> tuple[str, ...]:
        return self.declaration.search or ("ref",)

    @property
    def form_fields(self) -> tuple[str, ...]:
        return self.declaration.fields

    @property
    def label(self) -> str:
        """``<app_label>.<model_name>``: the key used by the ledger and by findings."""
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        return self.plural or _capitalised(self.model._meta.verbose_name_plural)

    @property
    def singular(self) -> str:
        return self.name or _capitalised(self.model._meta.verbose_name)

    @property
    def editable(self) -> bool:
        return bool(self.form_fields)

    def list_url(self, org_slug: str) -> str:
        return reverse("web:record-list", kwargs={"org_slug": org_slug, "record_type": self.slug})

    def detail_url(self, org_slug: str, pk: int) -> str:
        kwargs = {"org_slug": org_slug, "record_type": self.slug, "pk": pk}
        return reverse("web:record-detail", kwargs=kwargs)

    def create_url(self, org_slug: str) -> str:
        kwargs = {"org_slug": org_slug, "record_type": self.slug}
        return reverse("web:record-create", kwargs=kwargs)

    def edit_url(self, org_slug: str, pk: int) -> str:
        kwargs = {"org_slug": org_slug, "record_type": self.slug, "pk": pk}
        return reverse("web:record-edit", kwargs=kwargs)


class Registry:
    """Lookups over the declared record types: by URL segment, model or model label."""

    def __init__(self, types: Iterable[RecordType]):
        self._types = tuple(types)
        self._by_slug = {t.slug: t for t in self._types}
        self._by_label = {t.label: t for t in self._types}
        if len(self._by_slug) != len(self._types) or len(self._by_label) != len(self._types):
            raise ValueError("each record type needs its own model and URL segment")
        unknown = {t.area for t in self._types} - set(AREAS)
        if unknown:
            raise ValueError(f"unknown navigation areas: {sorted(unknown)}")

    def __iter__(self):
        return iter(self._types)

    def __len__(self):
        return len(self._types)

    def by_slug(self, slug: str) -> RecordType | None:
        return self._by_slug.get(slug)

    def by_label(self, label: str) -> RecordType | None:
        return self._by_label.get(label)

    def for_model(self, model) -> RecordType | None:
        return self._by_label.get(model._meta.label_lower)

    def navigation(self) -> list[tuple[str, list[RecordType]]]:
        """Record types grouped by clause area, in the order they were declared."""
        return [(area, [t for t in self._types if t.area == area]) for area in AREAS]
