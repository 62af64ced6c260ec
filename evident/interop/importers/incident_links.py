"""Linking imported incidents to the problems and changes their export names.

A ServiceNow incident names its problem (``problem_id``) and the change that
caused it (``caused_by``) by their numbers. An incident is linked to the record
Evident holds under that number as its ref: import the problem and change
tables first, or re-import the incidents afterwards (a re-import updates links).
A number that matches no record is counted by kind, not invented: Evident
creates no problem or change from a number alone, and an incident already
linked keeps its link when its file names a record Evident does not hold.
"""

from __future__ import annotations

from evident.core.tenancy import scoped
from evident.operations.models import Change, Problem

# The field of the parsed incident, the link it sets, the model linked to, the kind counted.
LINKS = (
    ("problem_ref", "problem_id", Problem, "problem"),
    ("caused_by_ref", "caused_by_change_id", Change, "causing change"),
)
REF_FIELDS = {ref_field for ref_field, *_ in LINKS}


class IncidentLinks:
    """Record ids by ref for one organisation's problems and changes, read a batch at a time."""

    def __init__(self, organisation, result):
        self.organisation = organisation
        self.result = result
        self.ids: dict[str, dict[str, int | None]] = {field: {} for field, *_ in LINKS}

    def resolve(self, batch_fields: list[dict]) -> None:
        """Look up every ref the batch names that has not been looked up before."""
        for ref_field, _link, model, _kind in LINKS:
            known = self.ids[ref_field]
            wanted = {f[ref_field] for f in batch_fields if f[ref_field]} - known.keys()
            if not wanted:
                continue
            found = dict(
                scoped(model, self.organisation).filter(ref__in=wanted).values_list("ref", "pk")
            )
            known.update({ref: found.get(ref) for ref in wanted})

    def values(self, fields: dict) -> dict:
        """The link fields to write for one incident; an unmatched ref writes none, and counts."""
        links = {}
        for ref_field, link, _model, kind in LINKS:
            ref = fields[ref_field]
            if not ref:
                links[link] = None
            elif (pk := self.ids[ref_field][ref]) is not None:
                links[link] = pk
            else:
                self.result.unlinked[kind] = self.result.unlinked.get(kind, 0) + 1
        return links
