"""Forms of the pages: record forms limited to one organisation, and the findings filter."""

from __future__ import annotations

import re
from functools import cache

from django import forms
from django.db import models

from evident.audits.models import Finding
from evident.core.models import OrgRecord
from evident.core.records import lifecycle_of
from evident.core.tenancy import scoped

from .registry import RecordType

DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
CLAUSE_NUMBER = re.compile(r"\d+(\.\d+)*")


class OrgRecordForm(forms.ModelForm):
    """A record form whose related-record choices are the organisation's own records only.

    The instance carries the organisation before validation, so the model's own
    check that it points only at its organisation's records runs as it will on save.
    """

    # The version of the record the person started from: a save based on an older
    # version than the stored one is refused, naming what someone else changed.
    record_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation
        if self.instance.pk is not None:
            self.fields["record_version"].initial = self.instance.record_version
        for form_field in self.fields.values():
            queryset = getattr(form_field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, OrgRecord):
                form_field.queryset = scoped(queryset.model, organisation)
        self._limit_lifecycle_field()

    def _limit_lifecycle_field(self) -> None:
        """A state is chosen only among the initial ones, and changes by transitions."""
        lifecycle = lifecycle_of(type(self.instance))
        if lifecycle is None or lifecycle.field not in self.fields:
            return
        if self.instance.pk is not None:
            del self.fields[lifecycle.field]
            return
        form_field = self.fields[lifecycle.field]
        form_field.choices = [c for c in form_field.choices if c[0] in lifecycle.initial]

    def changed_values(self) -> dict:
        """The cleaned values of the fields the user changed, for ``update_record``."""
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name != "record_version"
        }

    def version_read(self) -> int | None:
        return self.cleaned_data.get("record_version")

    def show_conflict(self, stale) -> None:
        """Name each field someone else changed, with its value now; the next save is theirs."""
        data = self.data.copy()
        data["record_version"] = stale.current_version
        self.data = data
        self.add_error(
            None,
            "Someone else changed this record while you were editing it. Your values are kept "
            "below; check the fields marked and save again to keep yours.",
        )
        for name in stale.fields:
            if name in self.fields:
                now = getattr(stale.record, name, "")
                self.add_error(name, f"Changed meanwhile by someone else; it is now: {now or '—'}")


def _form_field(model_field: models.Field, **kwargs):
    """Native date and time pickers; datetimes are entered in UTC, as they are stored."""
    if isinstance(model_field, models.DateTimeField):
        kwargs["widget"] = forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_INPUT_FORMAT
        )
        kwargs.setdefault("help_text", model_field.help_text or "UTC")
    elif isinstance(model_field, models.DateField):
        kwargs["widget"] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return model_field.formfield(**kwargs)


@cache
def record_form_class(record_type: RecordType) -> type[OrgRecordForm]:
    """The create and edit form of one record type (built once)."""
    return forms.modelform_factory(
        record_type.model,
        form=OrgRecordForm,
        fields=list(record_type.form_fields),
        formfield_callback=_form_field,
    )


class FindingFilterForm(forms.Form):
    """Which findings to show: one evaluation (default: the latest of each stage), clause, grade."""

    clause = forms.ChoiceField(required=False, label="Clause")
    grade = forms.ChoiceField(
        required=False,
        label="Grade",
        choices=[("", "All grades"), *Finding.Grade.choices],
    )
    evaluation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, clauses=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "All clauses"), *((c, c) for c in clauses)]
        requested = self.data.get("clause")
        # A dashboard link may name a parent clause (8.5) that no finding names itself.
        if requested and requested not in clauses and CLAUSE_NUMBER.fullmatch(requested):
            choices.append((requested, f"{requested} and sub-clauses"))
        self.fields["clause"].choices = choices
