"""``evident verify-pack FILE``: check an evidence pack against its manifest."""

import sys

from django.core.management.base import BaseCommand

from evident.reports.pack import verify_pack


class Command(BaseCommand):
    help = "Check an evidence pack: every file present, none extra, every SHA-256 as listed."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The evidence pack (ZIP) to check.")

    def handle(self, *args, file, **options):
        problems = verify_pack(file)
        if not problems:
            self.stdout.write(f"{file}: intact")
            return
        self.stderr.write(f"{file}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        for problem in problems:
            self.stderr.write(f"  - {problem}")
        sys.exit(1)
