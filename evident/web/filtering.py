"""List filters, search and sorting for the generic record list.

A FilterSet is built once per record type from its declared ``filters`` and
``search`` fields. Every other relation gets a hidden filter by id, so a
detail page can link to "the approvals of this change" without offering a
select of every change above the list. Related-record choices are limited to
the organisation when the FilterSet is bound.
"""

from __future__ import annotations

from functools import cache

import django_filters
from django import forms
from django.db import models
from django.db.models import Q

from evident.core.filters import OrgScopedFilterSet
from evident.core.models import OrgRecord

from .display import field_label
from .registry import RecordType

SEARCH_PARAM = "q"
SORT_PARAM = "sort"
PAGE_PARAM = "page"


class RecordFilterSet(OrgScopedFilterSet):
    """The record type's own FilterSet (the API's) with the list page's search and layout.

    Every filter the API accepts works on the list page too; those the page does
    not offer above the list (a relation followed from a detail page, a date
    range typed into the address) show as removable notes.
    """

    search_fields: tuple[str, ...] = ()
    hidden_filters: frozenset[str] = frozenset()

    def search(self, queryset, name, value):
        terms = Q()
        for field_name in self.search_fields:
            terms |= Q(**{f"{field_name}__icontains": value.strip()})
        return queryset.filter(terms)

    def visible_fields(self):
        return [f for f in self.form if f.name not in self.hidden_filters]

    def active_hidden_fields(self):
        """Relation filters set by a link, shown as removable notes above the list."""
        return [f for f in self.form if f.name in self.hidden_filters and f.value()]


def _visible_filter(model, name: str):
    field = model._meta.get_field(name)
    label = field_label(model, name)
    if field.choices:
        # The blank choice ("not yet known") is left out: blank already means "all".
        choices = [c for c in field.choices if c[0] != ""]
        return django_filters.ChoiceFilter(
            field_name=name, label=label, choices=choices, empty_label="All"
        )
    if isinstance(field, models.BooleanField):
        return django_filters.BooleanFilter(
            field_name=name,
            label=label,
            widget=forms.Select(choices=[("", "All"), ("true", "Yes"), ("false", "No")]),
        )
    if isinstance(field, models.ForeignKey | models.ManyToManyField):
        return django_filters.ModelChoiceFilter(
            field_name=name,
            label=label,
            queryset=field.related_model._default_manager.none(),
            empty_label="All",
        )
    return django_filters.NumberFilter(field_name=name, label=label)


def _relation_names(model) -> list[str]:
    names = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.is_relation and field.name != "organisation":
            related = field.related_model
            if isinstance(related, type) and issubclass(related, OrgRecord):
                names.append(field.name)
    return names


@cache
def filterset_for(record_type: RecordType) -> type[RecordFilterSet]:
    """The FilterSet class of one record type (built once on its declared FilterSet)."""
    model = record_type.model
    base = record_type.declaration.filterset or OrgScopedFilterSet
    attrs = {name: _visible_filter(model, name) for name in record_type.filters}
    for name in _relation_names(model):
        if name not in attrs and name not in base.base_filters:
            attrs[name] = django_filters.NumberFilter(field_name=name, widget=forms.HiddenInput)
    attrs[SEARCH_PARAM] = django_filters.CharFilter(
        method="search",
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Ref or text"}),
    )
    attrs["search_fields"] = record_type.search
    if base is OrgScopedFilterSet:
        attrs["Meta"] = type("Meta", (), {"model": model, "fields": []})
    built = type(f"{model.__name__}PageFilterSet", (RecordFilterSet, base), attrs)
    shown = {*record_type.filters, SEARCH_PARAM}
    built.hidden_filters = frozenset(set(built.base_filters) - shown)
    return built


def sortable_columns(record_type: RecordType) -> set[str]:
    """Columns that are stored fields (not properties), so the database can sort on them."""
    names = {f.name for f in record_type.model._meta.concrete_fields}
    return {c for c in record_type.columns if c in names}


def sort_order(record_type: RecordType, requested: str | None) -> tuple[str, list[str]] | None:
    """The validated ``sort`` parameter and the ordering it stands for, or None."""
    if not requested:
        return None
    name = requested.removeprefix("-")
    if name not in sortable_columns(record_type):
        return None
    return requested, [requested, "pk"]
