import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evident.core import ledger_anchor
from evident.core.models import Organisation


class Command(BaseCommand):
    help = (
        "Print the head of an organisation's evidence ledger (sequence, hash, count, time), "
        "signed with the ledger key, to keep outside the database; verify-ledger "
        "--checkpoint FILE then finds entries cut off or rewritten since."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--output", metavar="FILE", help="write the checkpoint to FILE")

    def handle(self, *args, org, output=None, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"no organisation with slug {org!r}")
        data = ledger_anchor.checkpoint(organisation)
        if not data["signature"]:
            self.stderr.write(
                "no ledger key is configured: the checkpoint is unsigned, so it is only as "
                "trustworthy as the place it is kept"
            )
        text = json.dumps(data, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error}") from error
        self.stdout.write(
            f"checkpoint of {org} written to {output}: {ledger_anchor.describe(data)}"
        )
