"""Rules the verbs of support and governance share: states, dates and approvals.

An approval (of a document version, of the SMS scope) says who approved and
when. Only the approve verb records both, so an approver cannot be typed into a
form afterwards; and an approved record is kept as it was approved: a change is
a new version, approved in its turn. Verbs raise ``ValidationError`` naming the
field a person would correct.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from evident.core.models import OrgRecord

APPROVAL_FIELDS = ("approved_by", "approved_at")


def refuse_unless(record: OrgRecord, states: tuple[str, ...], doing: str) -> None:
    """Refuse, on its ``status``, a verb that ``record``'s state does not allow."""
    if record.status not in states:
        raise ValidationError({"status": f"{record.ref} is {record.status}: it cannot {doing}."})


def refuse_future(field: str, value: dt.date | dt.datetime | None) -> None:
    """A decision is recorded once taken: its date is not ahead of today."""
    if value is None:
        return
    now = timezone.now() if isinstance(value, dt.datetime) else timezone.localdate()
    if value > now:
        raise ValidationError({field: "This is still in the future: record it once it is done."})


def refuse_approval_by_editing(fields: dict) -> None:
    """Who approved and when are set by the approve transition, never entered."""
    named = [name for name in APPROVAL_FIELDS if fields.get(name) is not None]
    if named:
        message = "Recorded by the approve transition, not entered by hand."
        raise ValidationError({name: message for name in named})


def refuse_edits_after_approval(record: OrgRecord, changes: dict, *, draft: str) -> None:
    """A draft may be edited (not its approval); anything approved stays as it was approved."""
    changed = changed_fields(record, changes)
    if changed and record.status != draft:
        message = f"{record.ref} is {record.status}: write a new version and approve that."
        raise ValidationError({name: message for name in changed})
    refuse_approval_by_editing({name: changes[name] for name in changed})


def changed_fields(record: OrgRecord, changes: dict) -> list[str]:
    """The names in ``changes`` whose value differs from ``record``'s stored one."""
    changed = []
    for name, value in changes.items():
        field = record._meta.get_field(name)
        if field.many_to_many:
            current = set(getattr(record, name).values_list("pk", flat=True))
            value = {getattr(item, "pk", item) for item in value}
        elif field.is_relation and not isinstance(value, models.Model):
            current = getattr(record, field.attname)
        else:
            current = getattr(record, name)
        if current != value:
            changed.append(name)
    return changed
