"""``evident export --org SLUG [--output FILE]``: write the organisation bundle."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evident.core.models import Organisation
from evident.interop.bundle import bundle_json, export_bundle


class Command(BaseCommand):
    help = "Write an organisation's records as a bundle (JSON) to standard output or a file."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="slug of the organisation to export")
        parser.add_argument("--output", help="file to write instead of standard output")

    def handle(self, *args, org, output=None, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {org!r}")
        bundle = export_bundle(organisation)
        text = bundle_json(bundle)
        if output is None:
            # Standard output carries the bundle and nothing else: it is redirected to a file.
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}") from exc
        total = sum(len(rows) for rows in bundle["records"].values())
        self.stdout.write(f"wrote {total} records of {org} to {output}")
