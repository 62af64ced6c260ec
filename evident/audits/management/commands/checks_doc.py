"""``evident checks_doc [--output FILE]``: the check catalogue and sampling table as Markdown."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Write the catalogue of audit checks and the sampling table as Markdown."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, **options):
        from evident.audits.engine.catalogue_doc import checks_markdown

        text = checks_markdown()
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        path = Path(options["output"])
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}.") from None
        self.stderr.write(f"Wrote {path}.")
