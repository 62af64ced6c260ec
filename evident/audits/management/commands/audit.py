"""``evident audit --org SLUG --stage 1|2``: run an evaluation and print the auditor's report."""

from __future__ import annotations

import datetime as dt
import getpass
import json

from django.core.management.base import BaseCommand, CommandError

from evident.core.context import acting
from evident.core.models import Organisation


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry or login name, e.g. in some containers
        return "cli"


def _stage(value: str) -> int:
    if value not in ("1", "2"):
        raise CommandError(f"--stage must be 1 (readiness) or 2 (effectiveness), not {value!r}.")
    return int(value)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}.") from None


def _seed(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"--seed must be a whole number, not {value!r}.") from None


class Command(BaseCommand):
    help = "Judge an organisation's records as a lead auditor would (Stage 1 or Stage 2)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Slug of the organisation to audit.")
        parser.add_argument("--stage", required=True, help="1 (readiness) or 2 (effectiveness).")
        parser.add_argument("--date", help="Audit date, YYYY-MM-DD (default: today, UTC).")
        parser.add_argument("--seed", help="Sampling seed (default: the audit date as a number).")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        from evident.audits.engine import evaluation_as_dict, render_text, run_evaluation

        stage = _stage(str(options["stage"]))
        audit_date = _date(options["date"])
        seed = _seed(options["seed"])
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the slug {options['org']!r}.")
        with acting(source="cli", actor_name=_os_user(), command="audit"):
            evaluation = run_evaluation(organisation, stage, audit_date=audit_date, seed=seed)
        if options["format"] == "json":
            self.stdout.write(json.dumps(evaluation_as_dict(evaluation), indent=2))
        else:
            self.stdout.write(render_text(evaluation), ending="")
