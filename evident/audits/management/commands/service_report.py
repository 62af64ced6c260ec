"""``evident service-report --org SLUG --service REF --month YYYY-MM``: report on one service.

Generates the month's report from the records (or regenerates it) and prints a
short summary of what it holds.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from evident.catalogue.models import Service
from evident.core.context import acting
from evident.core.tenancy import scoped

from ...engine.scope import month_end
from .measure_kpis import _os_user, organisation_for, parse_month


class Command(BaseCommand):
    help = "Generate the report on one service for one month from the records."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Slug of the organisation.")
        parser.add_argument("--service", required=True, help="Ref of the service.")
        parser.add_argument("--month", help="Month to report, YYYY-MM (default: the last one).")

    def handle(self, *args, **options):
        from evident.audits.services import generate_service_report

        month = parse_month(options["month"])
        organisation = organisation_for(options["org"])
        service = scoped(Service, organisation).filter(ref=options["service"]).first()
        if service is None:
            raise CommandError(
                f"No service with the ref {options['service']!r} in {organisation.slug}."
            )
        with acting(source="cli", actor_name=_os_user(), command="service-report"):
            report = generate_service_report(
                service, period_start=month, period_end=month_end(month)
            )
        content = report.content
        levels = content["service_levels"]
        self.stdout.write(
            f"{report.ref} {service.name} ({service.ref}) {month:%Y-%m}: "
            f"{content['incidents']['opened']} incidents opened, "
            f"{content['requests']['opened']} requests, "
            f"{content['changes']['completed']} changes completed, "
            f"SLA attainment {_percent(levels['attainment_percent'])}"
        )


def _percent(value) -> str:
    return "not measured" if value is None else f"{value} %"
