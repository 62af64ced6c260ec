"""Database upkeep shared by the bulk loaders (demo generator, bundle import, importers)."""

from django.apps import apps
from django.db import connection

from .models import HistoryEntry, OrgRecord


def refresh_statistics() -> None:
    """Let the query planner see the volumes just loaded.

    After a bulk load the planner's picture of the tables is stale (on SQLite,
    absent until the first ANALYZE); a fresh one keeps the engine's queries on
    the right indexes. PostgreSQL would get there by autovacuum, later.
    """
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    models = [m for m in apps.get_models() if issubclass(m, OrgRecord)] + [HistoryEntry]
    with connection.cursor() as cursor:
        for table in sorted({m._meta.db_table for m in models}):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
