"""``evident import-records --org SLUG --format servicenow|jira|csv|xlsx [--mapping FILE] FILE``.

csv and xlsx are any record type read by a column mapping: a mapping file
(``--mapping``) or one saved in the pages or the API (``--mapping-name``).

Prints a progress line on standard error while it reads, then a summary:
records created, updated, unchanged, rejected and skipped, with the first
rejection reasons. The exit status is 1 when any row was rejected or the file was refused.
"""

import getpass
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evident.core.models import Organisation
from evident.core.tenancy import scoped
from evident.interop.importers import FORMATS, MAPPED_FORMATS, ImportRefused
from evident.interop.importers.generic_mapping import load_mapping_file
from evident.interop.models import ImportMapping

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


def _table_option(options) -> dict:
    """``--table`` names the ServiceNow table; no other format takes it."""
    if not options.get("table"):
        return {}
    if options["format"] != "servicenow":
        raise CommandError("--table applies to --format servicenow only")
    return {"table": options["table"]}


def _mapping_option(options, organisation) -> dict:
    """csv and xlsx are read by a mapping file (``--mapping``) or a saved mapping by name."""
    file, name = options.get("mapping"), options.get("mapping_name")
    if options["format"] not in MAPPED_FORMATS:
        if file or name:
            raise CommandError("--mapping and --mapping-name apply to --format csv or xlsx only")
        return {}
    if bool(file) == bool(name):
        raise CommandError(
            f"--format {options['format']} needs a column mapping: "
            "--mapping FILE or --mapping-name NAME (one of them)"
        )
    if file:
        try:
            return {"mapping": load_mapping_file(file)}
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
    mapping = scoped(ImportMapping, organisation).filter(name=name).first()
    if mapping is None:
        raise CommandError(f"no saved mapping named {name!r} in {organisation.slug}")
    return {"mapping": mapping}


class Command(BaseCommand):
    help = (
        "Import incidents and service requests from another tool's export "
        "(ServiceNow CSV or JSON, Jira Service Management CSV; plain or gzip), or any record "
        "type from your own CSV or XLSX by a column mapping."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the export to import")
        parser.add_argument("--org", required=True, help="slug of the organisation to import into")
        parser.add_argument("--format", required=True, help=f"one of: {', '.join(FORMATS)}")
        parser.add_argument(
            "--table",
            help="servicenow only: incident, change_request, problem, cmdb_ci or cmdb_rel_ci "
            "(default: told from the file)",
        )
        parser.add_argument(
            "--mapping",
            help="csv or xlsx: a mapping file (YAML or JSON) naming the record type, "
            "the key column and which column is which field",
        )
        parser.add_argument("--mapping-name", help="csv or xlsx: the name of a saved mapping")

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
                **_table_option(options),
                **_mapping_option(options, organisation),
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
        if result.cis_created:
            self.stdout.write(f"  new unconfirmed configuration items: {result.cis_created}")
        if result.skipped:
            kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(result.skipped.items()))
            self.stdout.write(f"  skipped (not imported from this format): {kinds}")
        if result.unlinked:
            kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(result.unlinked.items()))
            self.stdout.write(f"  imported without a link, naming a record Evident lacks: {kinds}")
        if result.problem_count:
            self.stdout.write("rejection reasons:")
            for problem in result.problems[:SHOWN_PROBLEMS]:
                self.stdout.write(f"  {problem}")
            more = result.problem_count - SHOWN_PROBLEMS
            if more > 0:
                self.stdout.write(f"  ... and {more} more")
