"""Last pass of an import: write a plan through the service layer, then check every record.

Callers hold the transaction and the ``acting(source="import", ...)`` block;
every record's ledger entry names its path in the bundle. The models' own rules
(``clean``) run here, after the records and all their links are written, so a
rule that reads a linked record's id sees it; a record they refuse is a problem
like any other, and the caller's transaction takes everything back.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evident.core import services
from evident.core.context import detail
from evident.core.models import Organisation, OrgRecord
from evident.core.tenancy import scoped

from .codecs import with_ids
from .errors import Problems
from .resolve import Plan, Planned, add_errors
from .spec import VOID_FIELDS, ModelSpec, all_record_models, record_specs
from .validation import record_path


def clear_records(organisation: Organisation) -> None:
    """Delete every record of the organisation, engine results included, children first."""
    for model in reversed(all_record_models()):
        services.bulk_delete_records(scoped(model, organisation))


def writable(plan: Plan, problems: Problems) -> Plan:
    """The records that can be written to be checked further: sound, and linking only to such.

    With problems already found the import is refused anyway, but writing the
    rest (and taking it back) lets the models' rules name their problems too, in
    the same refusal. A record with a problem, or linking to one that is not
    written, is left out: its links could not be saved.
    """
    if not problems:
        return plan
    at_fault = {record_path(path) for path in problems.paths()}
    items = [item for spec in record_specs() for item in plan.get(spec.label, [])]
    kept = {id(item.obj) for item in items if item.path not in at_fault and not item.broken}
    while dropped := {
        id(item.obj)
        for item in items
        if id(item.obj) in kept and any(id(target) not in kept for target in item.targets)
    }:
        kept -= dropped
    return {label: [i for i in planned if id(i.obj) in kept] for label, planned in plan.items()}


def write_plan(plan: Plan, organisation: Organisation, problems: Problems) -> None:
    """Create the records model by model, then what had to wait for them all, then check them."""
    held = {}
    for spec in record_specs():
        planned = plan.get(spec.label, [])
        held.update((id(item), _hold_void(item.obj)) for item in planned)
        try:
            with transaction.atomic():
                services.bulk_create_records(
                    spec.model,
                    organisation,
                    [item.obj for item in planned],
                    row_details=[{"path": item.where} for item in planned],
                )
        except IntegrityError as exc:
            # The records after these may point at them: nothing more can be written.
            problems.add(("records", spec.label), f"the database refused them ({exc})")
            problems.raise_if_any()
    ids = {(label, item.obj.ref): item.obj.pk for label, items in plan.items() for item in items}
    for spec in record_specs():
        for item in plan.get(spec.label, []):
            changes = {**_waiting(spec, item, ids), **held[id(item)]}
            if changes:
                _update(item, changes, problems)
    check_records(plan, problems)
    advance_counters(plan, organisation)


def _hold_void(obj: OrgRecord) -> dict:
    """Take a voided record's void values off it until its links are set.

    A voided record is kept as it is (the service layer refuses to change it),
    so it is created as it was before, linked, and then voided.
    """
    if obj.voided_at is None:
        return {}
    held = {name: getattr(obj, name) for name in VOID_FIELDS}
    obj.voided_at, obj.voided_by, obj.void_reason = None, "", ""
    return held


def _waiting(spec: ModelSpec, item: Planned, ids: dict[tuple[str, str], int]) -> dict:
    """Values that needed every record written: deferred links, ids in record references."""
    changes = {name: value for name, value in item.deferred.items() if value}
    for field_spec in spec.fields:
        if field_spec.kind != "json":
            continue
        value = getattr(item.obj, field_spec.attname)
        named = with_ids(value, lambda label, ref: ids.get((label, ref)))
        if named != value:
            changes[field_spec.name] = named
    return changes


def _update(item: Planned, changes: dict, problems: Problems) -> None:
    try:
        with detail(path=item.where):
            services.update_record(item.obj, **changes)
    except ValidationError as exc:
        add_errors(problems, item.path, exc)


def check_records(plan: Plan, problems: Problems) -> None:
    """Each model's own rules, now that every record and link is saved and has its id.

    The values, links, uniqueness and constraints were checked before writing
    (``resolve``) and the database kept its constraints; what is left is ``clean``.
    """
    for spec in record_specs():
        for item in plan.get(spec.label, []):
            try:
                item.obj.clean()
            except ValidationError as exc:
                add_errors(problems, item.path, exc)


def advance_counters(plan: Plan, organisation: Organisation) -> None:
    """Move each ref counter past the highest imported number, so new refs never collide."""
    for spec in record_specs():
        issued = re.compile(rf"^{re.escape(spec.prefix)}(\d+)$")
        numbers = [
            int(m[1]) for item in plan.get(spec.label, []) if (m := issued.match(item.obj.ref))
        ]
        if not numbers:
            continue
        services.advance_counter(organisation, spec.prefix, max(numbers))
