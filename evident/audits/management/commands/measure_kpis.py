"""``evident measure-kpis --org SLUG [--month YYYY-MM]``: one value per computed KPI and month.

Computes every computed KPI of the organisation from its records for the month
and records the values; running it again for the same month updates them.
"""

from __future__ import annotations

import datetime as dt
import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evident.core.context import acting
from evident.core.models import Organisation


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry or login name, e.g. in some containers
        return "cli"


def parse_month(value: str | None, option: str = "--month") -> dt.date:
    """The first day of the month given, or of the last complete month (UTC)."""
    if value is None:
        return (timezone.now().date().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"{option} must be a month as YYYY-MM, not {value!r}.") from None


def organisation_for(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(f"No organisation with the slug {slug!r}.")
    return organisation


class Command(BaseCommand):
    help = "Compute the organisation's KPIs for one month from its records and record them."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Slug of the organisation.")
        parser.add_argument("--month", help="Month to measure, YYYY-MM (default: the last one).")

    def handle(self, *args, **options):
        from evident.audits.kpis import measure_kpis

        month = parse_month(options["month"])
        organisation = organisation_for(options["org"])
        with acting(source="cli", actor_name=_os_user(), command="measure-kpis"):
            measured = measure_kpis(organisation, month)
        for row in measured:
            value = "no value" if row.value is None else f"{row.value} {row.kpi.unit}".strip()
            self.stdout.write(f"{row.kpi.ref} {row.kpi.key} {month:%Y-%m}: {value}")
        if not measured:
            self.stdout.write("No computed KPI is defined for this organisation.")
