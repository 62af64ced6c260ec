"""How a record's values read on a page: choices in words, dates as dates, relations as links."""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from evident.core.models import OrgRecord

from .record_types import registry

EMPTY = mark_safe('<span class="muted" aria-label="empty">–</span>')
LIST_TEXT_WORDS = 12
# Fields a reader never needs to see: the tenant and the internal key.
HIDDEN_FIELDS = {"id", "organisation"}


# Verbose names derived from field names lose the capitals of these abbreviations.
ABBREVIATIONS = {"sms": "SMS", "sla": "SLA", "slas": "SLAs", "ref": "Ref", "id": "ID"}


def field_label(model, name: str) -> str:
    """The column or row heading for a field or property of ``model``."""
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a property such as Risk.score
        label = name.replace("_", " ")
    words = [ABBREVIATIONS.get(word, word) for word in label.split(" ")]
    label = " ".join(words)
    return label[:1].upper() + label[1:]


def record_link(org_slug: str, obj: OrgRecord | None, text=None) -> SafeString:
    """A link to a record's detail page, or its plain text when it has no page."""
    if obj is None:
        return EMPTY
    record_type = registry.for_model(type(obj))
    text = text if text is not None else str(obj)
    if record_type is None:
        return format_html("{}", text)
    return format_html('<a href="{}">{}</a>', record_type.detail_url(org_slug, obj.pk), text)


def reference_links(org_slug: str, references) -> SafeString:
    """Links for a findings-style list of ``{"type", "id", "ref"}`` references."""
    items = []
    for reference in references:
        record_type = registry.by_label(str(reference.get("type", "")))
        text = reference.get("ref") or f"#{reference.get('id')}"
        if record_type is not None and reference.get("id") is not None:
            url = record_type.detail_url(org_slug, int(reference["id"]))
            items.append(format_html('<a href="{}">{}</a>', url, text))
        else:
            items.append(format_html("{}", text))
    if not items:
        return EMPTY
    return format_html_join(" ", "{}", ((item,) for item in items))


def _is_reference_list(value) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and {"type", "id"} <= v.keys() for v in value)
    )


def format_datetime(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def plain_value(value) -> SafeString | str:
    """Values that are not model fields: properties and history snapshots."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json_value(org_slug: str, value) -> SafeString:
    if value in (None, [], {}):
        return EMPTY
    if _is_reference_list(value):
        return reference_links(org_slug, value)
    return format_html("<pre>{}</pre>", json.dumps(value, indent=2, sort_keys=True))


def _text_value(value: str, *, full: bool) -> SafeString | str:
    if not value:
        return EMPTY
    if full:
        return mark_safe(linebreaks(value, autoescape=True))
    return Truncator(value).words(LIST_TEXT_WORDS)


def field_value(obj, name: str, org_slug: str, *, full: bool = False) -> SafeString | str:
    """One value of ``obj`` ready for a template; ``full`` is the detail page's longer form."""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return plain_value(getattr(obj, name, None))
    if field.many_to_many:
        related = list(getattr(obj, name).all())
        if not related:
            return EMPTY
        return format_html_join(", ", "{}", ((record_link(org_slug, r),) for r in related))
    if field.is_relation:
        return record_link(org_slug, getattr(obj, name))
    value = getattr(obj, field.attname)
    if field.choices and value not in (None, ""):
        return getattr(obj, f"get_{name}_display")()
    if isinstance(field, models.JSONField):
        return _json_value(org_slug, value)
    if isinstance(field, models.TextField):
        return _text_value(value, full=full)
    return plain_value(value)


NARROW_FIELDS = (models.DateField, models.BooleanField, models.IntegerField, models.DecimalField)


def column_class(model, name: str) -> str:
    """Dates, flags and numbers stay on one line so dense tables scan down a column."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return "nowrap"
    if field.choices or isinstance(field, NARROW_FIELDS) or name == "ref":
        return "nowrap"
    return ""


def detail_fields(model) -> list[str]:
    """Every field a detail page shows: the ref first, the timestamps last."""
    names = [f.name for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS]
    names += [f.name for f in model._meta.many_to_many]
    # The void fields are shown as a notice on a voided record, not as empty rows.
    names = [n for n in names if n not in VOID_FIELDS]
    trailing = ["created_at", "updated_at", "record_version"]
    middle = [n for n in names if n not in trailing and n != "ref"]
    return ["ref", *middle, *trailing]


VOID_FIELDS = ("voided_at", "voided_by", "void_reason")
