"""``evident import FILE [--slug NEW] [--replace]``: load an organisation bundle.

A bundle with any problem is refused whole: every problem is printed, with its
path in the bundle, on standard error, nothing is written, and the exit status is 1.
"""

import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evident.interop.bundle import BundleError, import_bundle, read_bundle


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown operator"


class Command(BaseCommand):
    help = "Load an organisation bundle; a bundle with any problem is refused whole."

    def add_arguments(self, parser):
        parser.add_argument("file", help="bundle to load (JSON)")
        parser.add_argument("--slug", help="import under this slug instead of the bundle's")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the records of an existing organisation with the same slug",
        )

    def handle(self, *args, file, slug=None, replace=False, **options):
        path = Path(file)
        try:
            source = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        try:
            data = read_bundle(source)
            organisation = import_bundle(
                data,
                slug=slug,
                replace=replace,
                file_name=path.name,
                actor_name=f"{_operator()} (evident import)",
            )
        except BundleError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            count = len(exc.errors)
            raise CommandError(
                f"{file}: {count} problem{'' if count == 1 else 's'}; nothing was imported"
            ) from exc
        self._summarise(organisation, data, replaced=replace)

    def _summarise(self, organisation, data, *, replaced):
        counts = {label: len(rows) for label, rows in data["records"].items() if rows}
        verb = "replaced" if replaced else "imported"
        self.stdout.write(
            f"{verb} {organisation.slug} ({organisation.name}): {sum(counts.values())} records"
        )
        width = max((len(label) for label in counts), default=0)
        for label, count in counts.items():
            self.stdout.write(f"  {label:<{width}}  {count:>7}")
