import sys

from django.core.management.base import BaseCommand, CommandError

from evident.core import ledger, ledger_anchor, ledger_key
from evident.core.ledger_records import check_records
from evident.core.models import Organisation


class Command(BaseCommand):
    help = (
        "Verify an organisation's evidence ledger: recompute its hash chain (keyed when a "
        "ledger key is configured), compare it with a checkpoint, and compare the live "
        "records with their last ledger pictures. Exit status 1 names every problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument(
            "--checkpoint",
            metavar="FILE",
            help="a checkpoint from ledger-checkpoint, or an evidence pack carrying one: "
            "finds entries cut off or rewritten since it was taken",
        )
        parser.add_argument(
            "--records",
            action="store_true",
            help="name every record inserted, changed or deleted outside Evident",
        )

    def handle(self, *args, org, checkpoint=None, records=False, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {org!r}")
        anchor = None
        if checkpoint:
            try:
                anchor = ledger_anchor.load(checkpoint)
            except ValueError as error:
                raise CommandError(str(error)) from error
        broken = self._chain(organisation)
        if anchor is not None:
            broken |= self._checkpoint(organisation, anchor)
        if records:
            broken |= self._records(organisation)
        if broken:
            sys.exit(1)

    def _chain(self, organisation) -> bool:
        result = ledger.verify(organisation)
        slug = organisation.slug
        if not result.ok:
            self.stderr.write(
                f"ledger of {slug}: BROKEN at entry #{result.first_broken_seq}: {result.reason}"
            )
            return True
        key = ledger_key.configured()
        keyed = f"keyed with key {key.key_id}" if key else "not keyed: no ledger key is configured"
        self.stdout.write(f"ledger of {slug}: intact ({result.entries} entries; {keyed})")
        if key and result.unkeyed:
            self.stdout.write(
                f"  {result.unkeyed} entries were written before the key was configured "
                "(plain SHA-256): a checkpoint, not the key, vouches for them"
            )
        return False

    def _checkpoint(self, organisation, anchor: dict) -> bool:
        problems = ledger_anchor.check(organisation, anchor)
        for problem in problems:
            self.stderr.write(f"checkpoint: {problem}")
        if not problems:
            self.stdout.write(f"checkpoint {ledger_anchor.describe(anchor)}: holds")
        return bool(problems)

    def _records(self, organisation) -> bool:
        compared, problems = check_records(organisation)
        for problem in problems:
            self.stderr.write(f"records: {problem}")
        if problems:
            self.stderr.write(
                f"records: {len(problems)} written outside Evident "
                f"({compared} live records compared with the ledger)"
            )
        else:
            self.stdout.write(f"records: all {compared} match their last ledger picture")
        return bool(problems)
