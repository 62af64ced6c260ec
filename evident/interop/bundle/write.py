"""Last pass of an import: write a checked plan through the service layer.

Callers hold the transaction and the ``acting(source="import", ...)`` block;
every record's ledger entry names its path in the bundle.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from evident.core import services
from evident.core.context import detail
from evident.core.models import Organisation
from evident.core.tenancy import scoped

from .errors import BundleError
from .resolve import Plan
from .spec import all_record_models, record_specs


def clear_records(organisation: Organisation) -> None:
    """Delete every record of the organisation, engine results included, children first."""
    for model in reversed(all_record_models()):
        services.bulk_delete_records(scoped(model, organisation))


def write_plan(plan: Plan, organisation: Organisation) -> None:
    """Create the records model by model, then the links that must wait for them."""
    for spec in record_specs():
        planned = plan.get(spec.label, [])
        try:
            # No per-row validate=True: every record passed full_clean in the resolve
            # pass, and its links were checked there, by ref, within this bundle.
            with transaction.atomic():
                services.bulk_create_records(
                    spec.model,
                    organisation,
                    [item.obj for item in planned],
                    row_details=[{"path": item.where} for item in planned],
                )
        except IntegrityError as exc:
            raise BundleError([f"records.{spec.label}: the database refused them ({exc})"]) from exc
    for spec in record_specs():
        for item in plan.get(spec.label, []):
            links = {name: value for name, value in item.deferred.items() if value}
            if links:
                with detail(path=item.where):
                    services.update_record(item.obj, **links)
    advance_counters(plan, organisation)


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
