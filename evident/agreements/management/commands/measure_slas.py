"""``evident measure-slas --org SLUG [--month YYYY-MM] [--sla REF]``: monthly SLA measurements.

Measures response and resolution targets from the incident records in business time
and writes one measurement per target and month; running it again for the same month
changes only what the records changed.
"""

from __future__ import annotations

import datetime as dt
import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evident.agreements.models import SLA
from evident.agreements.sla_measurement import measure_sla_month
from evident.core.context import acting
from evident.core.models import Organisation
from evident.core.tenancy import scoped


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
    help = "Measure SLA response and resolution targets for one month from the incident records."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Slug of the organisation.")
        parser.add_argument("--month", help="Month to measure, YYYY-MM (default: the last one).")
        parser.add_argument("--sla", help="Ref of one SLA (default: every agreed SLA).")

    def handle(self, *args, **options):
        month = _month(options["month"])
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        slas = self._slas(organisation, options["sla"])
        with acting(source="cli", actor_name=_os_user(), command="measure-slas"):
            for sla in slas:
                self._measure(sla, month)

    def _slas(self, organisation, ref: str | None) -> list[SLA]:
        slas = scoped(SLA, organisation).select_related("calendar", "service").order_by("ref")
        if ref is None:
            return list(slas.filter(status=SLA.Status.AGREED))
        chosen = list(slas.filter(ref=ref))
        if not chosen:
            raise CommandError(f"No SLA with the ref {ref!r} in {organisation.slug}.")
        return chosen

    def _measure(self, sla: SLA, month: dt.date) -> None:
        try:
            measurements = measure_sla_month(sla, month)
        except ValueError as error:
            raise CommandError(f"{sla.ref}: its business calendar is unusable: {error}") from None
        label = f"{sla.ref} {sla.name} {month:%Y-%m}"
        if not measurements:
            self.stdout.write(f"{label}: no response or resolution target to measure")
        for measurement in measurements:
            target = measurement.target
            verdict = "met" if measurement.met else "missed"
            self.stdout.write(
                f"{label}: {target.ref} {target.get_kind_display()} "
                f"{measurement.value} % (target {target.target_value} %) {verdict}"
            )
