"""Build one organisation with a consistent 12-month SMS history, through the service layer."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

from django.db import transaction

from evident.core import context
from evident.core.db import refresh_statistics
from evident.core.models import Organisation
from evident.core.tenancy import scoped
from evident.interop.bundle.spec import all_record_models

from . import (
    agreements,
    assurance,
    catalogue,
    changes,
    competence,
    documents,
    engagements,
    evaluation,
    governance,
    journey,
    leadership,
    management_system,
    operations,
    people,
    portfolio,
    relationships,
    resolution,
    service_levels,
    transition,
)
from .build import Build
from .scale import SCALE_DEMO, Scale
from .timeline import Timeline

ACTOR = "demo-generator"
# Order matters: each step points at records the earlier steps created.
STEPS = (
    people.generate,
    documents.generate,
    catalogue.generate,
    governance.generate,
    leadership.generate,
    competence.generate,
    agreements.generate,
    portfolio.generate,
    changes.generate,
    transition.generate,
    operations.generate,
    resolution.generate,
    portfolio.link_records,
    service_levels.generate,
    relationships.generate,
    management_system.generate,
    assurance.generate,
    journey.generate,
    documents.show_procedures_followed,
    evaluation.generate,
    engagements.generate,
)


def build_organisation(
    slug: str = "demo",
    *,
    name: str = "Northwind IT Services",
    seed: int = 20261122,
    today: dt.date | None = None,
    scale: Scale = SCALE_DEMO,
    faults: bool = True,
) -> Organisation:
    """Create (or recreate) organisation ``slug`` with a history ending when ``today`` begins.

    The same ``seed`` and ``today`` give the same records with the same refs.
    With ``faults`` the history carries the faults listed in ``demo.faults``.
    Writes are attributed to the CLI actor ``demo-generator`` unless the caller
    already opened an ``acting(...)`` block.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    with _acting_unless_set(), transaction.atomic():
        remove_organisation(slug)
        organisation = Organisation.objects.create(slug=slug, name=name)
        build = Build(
            organisation=organisation,
            timeline=Timeline(today),
            scale=scale,
            seed=seed,
            faults=faults,
        )
        for step in STEPS:
            step(build)
    refresh_statistics()
    return organisation


def _acting_unless_set():
    if context.current() is context.SYSTEM:
        return context.acting(source="cli", actor_name=ACTOR)
    return nullcontext()


def remove_organisation(slug: str) -> None:
    """Remove an earlier generated organisation with all of its records and its ledger.

    This is the removal of a whole tenant, not a write to its records: the ledger
    goes with them, so there is no history left to record the deletion in.
    """
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return
    with transaction.atomic():
        # Children before the records they point at, so no PROTECT link blocks the cascade.
        for model in reversed(all_record_models()):
            scoped(model, organisation).delete()
        organisation.delete()
