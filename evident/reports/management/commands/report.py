"""``evident report --org SLUG (--audit REF | --evaluation REF) --format pdf|xlsx|zip``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evident.core.models import Organisation
from evident.reports.render import (
    FORMATS,
    NothingToReport,
    PdfUnavailable,
    UnknownAudit,
    content_of,
    find_engagement,
    find_evaluation,
    render_report,
)


class Command(BaseCommand):
    help = (
        "Write an audit report: the PDF report, the findings workbook (XLSX) or the "
        "evidence pack (ZIP) of an audit engagement or of an engine evaluation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Slug of the organisation.")
        subject = parser.add_mutually_exclusive_group(required=True)
        subject.add_argument("--audit", help="The audit engagement's ref (AUD000001) or id.")
        subject.add_argument("--evaluation", help="The evaluation's ref (EV000001) or id.")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--output", help="File to write (default: a name from the audit, in this folder)."
        )

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        try:
            if options["audit"] is not None:
                subject = find_engagement(organisation, options["audit"])
            else:
                subject = find_evaluation(organisation, options["evaluation"])
            rendered = render_report(content_of(subject), options["format"])
        except (UnknownAudit, NothingToReport, PdfUnavailable) as error:
            raise CommandError(str(error)) from error
        target = Path(options["output"] or rendered.filename)
        target.write_bytes(rendered.data)
        self.stdout.write(f"Wrote {target} ({len(rendered.data):,} bytes).")
