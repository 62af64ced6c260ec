"""``evident track-readiness --org SLUG``: add this week's point to the readiness series.

Runs Stage 1 and Stage 2 and stores both evaluations; the stored evaluations are
the series the progress page draws. Schedule it weekly (see docs/operations.md).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from evident.audits.readiness import track_readiness
from evident.core.context import acting
from evident.core.models import Organisation


class Command(BaseCommand):
    help = "Run both audit stages for an organisation and keep them as its readiness series."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Slug of the organisation.")
        parser.add_argument("--date", help="Audit date, YYYY-MM-DD (default: today, UTC).")

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        audit_date = None
        if options["date"]:
            try:
                audit_date = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date must be a date as YYYY-MM-DD, not {options['date']!r}."
                ) from None
        with acting(source="cli", actor_name="track-readiness", command="track-readiness"):
            evaluations = track_readiness(organisation, audit_date)
        for evaluation in evaluations:
            verdict = evaluation.get_outcome_display() or evaluation.get_recommendation_display()
            self.stdout.write(
                f"{evaluation.ref} stage {evaluation.stage} as at {evaluation.audit_date}: "
                f"{verdict} ({evaluation.findings.count()} findings)"
            )
