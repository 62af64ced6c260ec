"""The clause catalogue as an OSCAL catalog: clause numbers and titles, and our checkpoints.

Top-level clauses (4 to 10) become groups; every clause below them becomes a
control nested under its parent, its checkpoints (written by the Evident
project) as guidance parts. The standard's own text is not included.
"""

from __future__ import annotations

import datetime as dt

from evident.audits.clauses import Catalogue, ClauseEntry, catalogue

from .common import clause_control_id, derived_uuid, metadata, prop


def catalog_document(source: Catalogue | None = None) -> dict:
    source = source or catalogue()
    children: dict[str | None, list[ClauseEntry]] = {}
    for entry in source.clauses:
        children.setdefault(entry.parent, []).append(entry)
    groups = [_group(top, children) for top in children.get(None, [])]
    return {
        "catalog": {
            "uuid": derived_uuid("catalog", source.id, source.version),
            "metadata": metadata(
                f"{source.standard} clause catalogue (Evident checkpoints)",
                source.version,
                # The catalogue changes only with its version: date it stably.
                dt.date(2018, 9, 15),
                remarks=source.note,
                props=[prop("catalogue-id", source.id)],
            ),
            "groups": groups,
        }
    }


def _group(top: ClauseEntry, children: dict) -> dict:
    group = {
        "id": f"group-{top.number}",
        "class": "clause",
        "title": f"{top.number} {top.title}",
        "props": [prop("clause", top.number)],
    }
    if top.checkpoints:
        group["parts"] = [_guidance(top)]
    controls = [_control(entry, children) for entry in children.get(top.number, [])]
    if controls:
        group["controls"] = controls
    return group


def _control(entry: ClauseEntry, children: dict) -> dict:
    control = {
        "id": clause_control_id(entry.number),
        "class": "clause",
        "title": entry.title,
        "props": [{"name": "label", "value": entry.number}],  # OSCAL's own property
    }
    if entry.checkpoints:
        control["parts"] = [_guidance(entry)]
    nested = [_control(child, children) for child in children.get(entry.number, [])]
    if nested:
        control["controls"] = nested
    return control


def _guidance(entry: ClauseEntry) -> dict:
    return {
        "id": f"{clause_control_id(entry.number)}_gdn",
        "name": "guidance",
        "title": "What an auditor looks for",
        "prose": "\n".join(f"- {point}" for point in entry.checkpoints),
    }
