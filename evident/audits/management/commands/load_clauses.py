"""``evident load_clauses``: bring the shared Clause table in line with the catalogue file."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from evident.audits.clauses import CatalogueError, SyncResult, catalogue, synchronise


class Command(BaseCommand):
    help = (
        "Load the ISO/IEC 20000-1:2018 clause catalogue into the Clause table: add and update "
        "clauses by number and remove those no longer in the file. Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="change nothing; list what differs and exit 1 if the table is out of date",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, check, database, **options):
        try:
            current = catalogue()
        except CatalogueError as error:
            raise CommandError(f"the clause catalogue is invalid: {error}") from error
        result = synchronise(using=database, dry_run=check)
        label = f"{current.id} {current.version} ({len(current.clauses)} clauses)"
        if result.in_sync:
            self.stdout.write(f"clause catalogue {label}: up to date")
            return
        for done, planned, numbers in self._changes(result):
            if numbers:
                self.stdout.write(f"{planned if check else done}: {', '.join(numbers)}")
        if check:
            self.stderr.write(f"clause catalogue {label}: table is out of date")
            sys.exit(1)
        self.stdout.write(f"clause catalogue {label}: loaded")

    @staticmethod
    def _changes(result: SyncResult):
        return [
            ("added", "to add", result.created),
            ("updated", "to update", result.updated),
            ("removed", "to remove", result.removed),
        ]
