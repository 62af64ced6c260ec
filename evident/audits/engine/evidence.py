"""Naming the records a finding rests on, and phrasing counts in statements.

A finding names its records as ``{"type": "<app_label>.<model_name>", "id", "ref"}``,
at most ``RECORD_LIMIT`` of them (in ref order); the statement gives the total.
"""

from __future__ import annotations

from dataclasses import dataclass

RECORD_LIMIT = 500


def record_type(model) -> str:
    return model._meta.label_lower


def record_ref(obj) -> dict:
    return {"type": record_type(type(obj)), "id": obj.pk, "ref": obj.ref}


@dataclass(frozen=True)
class Named:
    """The records named from one or more querysets, and how many there were in all."""

    records: tuple[dict, ...]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.records)

    def note(self) -> str:
        """A sentence tail saying the list is cut, when it is."""
        if not self.truncated:
            return ""
        return f" The first {len(self.records)} of {self.total} records are listed."

    def __add__(self, other: Named) -> Named:
        room = max(RECORD_LIMIT - len(self.records), 0)
        return Named(self.records + other.records[:room], self.total + other.total)


NOTHING = Named((), 0)


def name_records(queryset, *, limit: int = RECORD_LIMIT) -> Named:
    """Count ``queryset`` and name its first ``limit`` records in ref order."""
    label = record_type(queryset.model)
    total = queryset.count()
    rows = queryset.order_by("ref").values_list("pk", "ref")[:limit]
    return Named(tuple({"type": label, "id": pk, "ref": ref} for pk, ref in rows), total)


def name_all(*querysets) -> Named:
    """Name the records of several querysets in turn, within one overall limit."""
    named = NOTHING
    for queryset in querysets:
        named = named + name_records(queryset, limit=max(RECORD_LIMIT - len(named.records), 0))
    return named


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "change")`` -> ``"1 change"``; ``plural(3, "change")`` -> ``"3 changes"``."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def verb(count: int, singular: str, plural_form: str) -> str:
    """The verb form agreeing with ``count``: ``verb(2, "is", "are")`` -> ``"are"``."""
    return singular if count == 1 else plural_form


def percent(part: int, whole: int) -> str:
    if whole == 0:
        return "0 %"
    return f"{100 * part / whole:.1f} %".replace(".0 %", " %")


def names_of(objects) -> str:
    """``"Payroll (SVC000004), Email (SVC000001)"`` for the handful of services a check names."""
    return ", ".join(
        f"{getattr(o, 'name', None) or getattr(o, 'title', '')} ({o.ref})" for o in objects
    )
