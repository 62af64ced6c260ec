"""Filters shared by the API and the pages, and the base that keeps them in one organisation.

A filterset for related records (``service``, ``owner``) offers and accepts only
the organisation's own records, so a filter can neither list nor probe the ids
of another organisation's records.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import IsoDateTimeField

from .models import OrgRecord, Person
from .tenancy import scoped

# Lookups for calendar dates and for instants: exact days, and both ends of a range.
DATE_RANGE = ["exact", "gte", "lte"]
TIME_RANGE = ["gte", "lte"]


class ClauseFilter(filters.CharFilter):
    """A clause and the clauses below it: ``8.5`` matches 8.5 and 8.5.1, never 8.50 or 18.5."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "This clause or a clause below it (8.5 takes in 8.5.1)")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        value = value.strip().rstrip(".")
        below = {f"{self.field_name}__startswith": f"{value}."}
        return self.get_method(qs)(Q(**{self.field_name: value}) | Q(**below))


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 instant with any offset, compared as the same instant in UTC.

    Databases hold offsets only within a range (PostgreSQL: +-15:59); the instant
    itself is what a filter means, so it is converted before it reaches the query.
    """

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None or moment.tzinfo is None:
            return moment
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:
            raise ValidationError("Enter an instant between the years 1 and 9999.") from None


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class OrgScopedFilterSet(filters.FilterSet):
    """A filterset whose related-record choices are those of ``organisation``.

    Pages pass ``organisation=`` themselves; the API's filter backend passes it
    from the URL. Without an organisation the related-record choices are empty.
    """

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.DateTimeField: {"filter_class": UtcDateTimeFilter},
    }

    ref = filters.CharFilter(lookup_expr="iexact", help_text="The record's ref, any case")

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, organisation=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.organisation = organisation
        for filter_ in self.filters.values():
            choices = getattr(filter_, "queryset", None)
            if isinstance(choices, QuerySet) and issubclass(choices.model, OrgRecord):
                filter_.queryset = (
                    scoped(choices.model, organisation) if organisation else choices.none()
                )


class PersonFilterSet(OrgScopedFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Person
        fields = {
            "unit": ["exact"],
            "is_top_management": ["exact"],
            "in_sms_scope": ["exact"],
            "active": ["exact"],
        }
