"""The audits app; after each migrate it brings the shared clause catalogue up to date."""

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import router
from django.db.models.signals import post_migrate


def sync_clause_catalogue(sender, *, using, apps=global_apps, verbosity=1, **kwargs):
    """post_migrate: fill the Clause table from the catalogue file, so every database has it.

    Uses the model as the migrations left it, and does nothing when the audits
    app has been migrated back to before the table existed. A flush (as between
    transactional tests) sends the signal without migration state: the installed
    models stand in for it.
    """
    from .clauses import catalogue, synchronise

    try:
        model = apps.get_model("audits", "Clause")
    except LookupError:
        return
    if not router.allow_migrate_model(using, model):
        return
    result = synchronise(model=model, using=using)
    if verbosity >= 1 and not result.in_sync:
        current = catalogue()
        print(
            f"  Clause catalogue {current.id} {current.version}: {len(result.created)} added, "
            f"{len(result.updated)} updated, {len(result.removed)} removed"
        )


class AuditsConfig(AppConfig):
    name = "evident.audits"
    label = "audits"
    verbose_name = "Audits: clause catalogue, engine, evaluations, improvement (9, 10)"

    def ready(self):
        from evident.governance.clause_catalogue import recognise_clauses

        from .models import Clause

        # Governance sits below audits; it checks a milestone's clause through this lookup.
        recognise_clauses(lambda number: Clause.objects.filter(number=number).exists())
        post_migrate.connect(
            sync_clause_catalogue,
            sender=self,
            dispatch_uid="evident.audits.sync_clause_catalogue",
        )
