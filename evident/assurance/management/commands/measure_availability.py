"""``evident measure-availability --org SLUG [--month YYYY-MM]``: monthly availability.

Derives each targeted service's availability for the month from the outage time
of its major and priority 1 incidents and records it; running it again brings
derived measurements up to date and leaves hand-entered ones alone.
"""

from __future__ import annotations

import datetime as dt
import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evident.assurance.availability import record_availability
from evident.core.context import acting
from evident.core.models import Organisation


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry or login name, e.g. in some containers
        return "cli"


def _month(value: str | None) -> dt.date:
    """The first day of the month given, or of the last complete month (UTC)."""
    if value is None:
        return (timezone.now().date().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--month must be a month as YYYY-MM, not {value!r}.") from None


class Command(BaseCommand):
    help = "Derive services' availability for one month from their incidents' outage time."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Slug of the organisation.")
        parser.add_argument("--month", help="Month to measure, YYYY-MM (default: the last one).")

    def handle(self, *args, **options):
        month = _month(options["month"])
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        with acting(source="cli", actor_name=_os_user(), command="measure-availability"):
            measurements = record_availability(organisation, month)
        for m in measurements:
            verdict = {True: "met", False: "missed", None: "no target"}[m.met]
            self.stdout.write(
                f"{m.service.name} {m.month:%Y-%m}: {m.measured_percent} % "
                f"({m.outage_minutes} of {m.agreed_minutes} minutes down), {verdict}"
            )
        if not measurements:
            self.stdout.write("No service has an availability target for that month.")
