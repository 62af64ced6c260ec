"""``evident import-records --org SLUG --format servicenow|jira FILE``: import records.

Prints a progress line on standard error while it reads, then a summary:
records created, updated, unchanged, rejected and skipped, with the first
rejection reasons. The exit status is 1 when any row was rejected or the file was refused.
"""

import getpass
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evident.core.models import Organisation
from evident.interop.importers import FORMATS, ImportRefused

SHOWN_PROBLEMS = 20
PROGRESS_INTERVAL = 0.25  # seconds between progress updates


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown operator"


class ProgressLine:
    """A plain-text percentage on one line of a command's ``OutputWrapper``, redrawn a few
    times a second at most."""

    def __init__(self, stream):
        self.stream = stream
        self.last = 0.0
        self.drawn = False

    def __call__(self, phase: str, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_INTERVAL and fraction < 1.0:
            return
        self.last = now
        self.drawn = True
        self.stream.write(f"\r{phase:<10} {fraction:6.1%} of the file", ending="")
        self.stream.flush()

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Import incidents and service requests from another tool's export "
        "(ServiceNow CSV or JSON, Jira Service Management CSV; plain or gzip)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the export to import")
        parser.add_argument("--org", required=True, help="slug of the organisation to import into")
        parser.add_argument("--format", required=True, help=f"one of: {', '.join(FORMATS)}")

    def handle(self, *args, file, org, **options):
        importer = FORMATS.get(options["format"])
        if importer is None:
            raise CommandError(
                f"unknown format {options['format']!r}; the formats are: {', '.join(FORMATS)}"
            )
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {org!r}")
        if not Path(file).is_file():
            raise CommandError(f"cannot read {file}: no such file")
        progress = ProgressLine(self.stderr)
        started = time.monotonic()
        try:
            result = importer(
                organisation,
                file,
                actor_name=f"{_operator()} (evident import-records)",
                on_progress=progress,
            )
        except ImportRefused as exc:
            raise CommandError(f"{file}: {exc}; nothing was imported") from exc
        finally:
            progress.finish()
        self._summarise(result, time.monotonic() - started)
        if not result.ok:
            raise CommandError(
                f"{result.problem_count} row problem(s); {result.rejected} record(s) rejected"
            )

    def _summarise(self, result, seconds: float) -> None:
        self.stdout.write(
            f"{result.file_name}: {result.rows_read} rows read in {seconds:.1f} s\n"
            f"  created    {result.created:>7}\n"
            f"  updated    {result.updated:>7}\n"
            f"  unchanged  {result.unchanged:>7}\n"
            f"  rejected   {result.rejected:>7}\n"
            f"  new unconfirmed services: {result.services_created}"
        )
        if result.skipped:
            kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(result.skipped.items()))
            self.stdout.write(f"  skipped (not imported from this format): {kinds}")
        if result.problem_count:
            self.stdout.write("rejection reasons:")
            for problem in result.problems[:SHOWN_PROBLEMS]:
                self.stdout.write(f"  {problem}")
            more = result.problem_count - SHOWN_PROBLEMS
            if more > 0:
                self.stdout.write(f"  ... and {more} more")
