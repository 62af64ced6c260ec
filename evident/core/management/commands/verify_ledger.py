import sys

from django.core.management.base import BaseCommand, CommandError

from evident.core import ledger
from evident.core.models import Organisation


class Command(BaseCommand):
    help = "Recompute an organisation's evidence ledger hash chain and name the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug")

    def handle(self, *args, org, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {org!r}")
        result = ledger.verify(organisation)
        if result.ok:
            self.stdout.write(f"ledger of {org}: intact ({result.entries} entries)")
            return
        self.stderr.write(
            f"ledger of {org}: BROKEN at entry #{result.first_broken_seq}: {result.reason}"
        )
        sys.exit(1)
