"""``evident demo``: build the demo organisation, audit it as a lead auditor would, serve the UI.

The demo organisation is rebuilt from its seed on every run, with the faults
documented in ``evident.demo.faults``, so the Stage 1 and Stage 2 reports it
prints are the same each time for the same day.
"""

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import NoReverseMatch, reverse

from evident.audits.engine import render_text, run_evaluation
from evident.core.context import acting
from evident.core.models import HistoryEntry, Membership, Organisation, Role
from evident.demo import PLANTED, SCALE_DEMO, SCALE_SMALL, build_organisation

DEMO_SLUG = "demo"
DEFAULT_SEED = 20261122
SCALES = {"demo": SCALE_DEMO, "small": SCALE_SMALL}
# Demo logins: username, password, role in the demo organisation.
LOGINS = (
    ("demo", "demo", Role.SMS_MANAGER),
    ("auditor", "auditor", Role.EXTERNAL_AUDITOR),
)


def migrations_pending() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = (
        "Build the demo organisation (a year of SMS records with a few planted faults), "
        "run a Stage 1 and a Stage 2 evaluation, print both, then serve the UI."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="build and audit, then exit without serving"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="generator seed (default: %(default)s)"
        )
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="demo",
            help="size of the organisation: demo (default) or small (quick to build)",
        )
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            help="address and port to serve on (default: %(default)s)",
        )

    def handle(self, *args, no_serve, seed, scale, addrport, **options):
        self._migrate()
        today = dt.datetime.now(dt.UTC).date()
        # The generator attributes its own writes to the CLI actor "demo-generator".
        organisation = self._build(seed, today, SCALES[scale])
        self._ensure_logins(organisation)
        with acting(source="cli", actor_name="evident-demo"):
            for stage in (1, 2):
                evaluation = run_evaluation(organisation, stage, audit_date=today)
                self.stdout.write(render_text(evaluation))
                self.stdout.write("")
        self._introduce(organisation, addrport)
        if not no_serve:
            self._serve(addrport)

    def _migrate(self):
        if migrations_pending():
            self.stdout.write("Applying database migrations ...")
            call_command("migrate", interactive=False, verbosity=0)

    def _build(self, seed: int, today: dt.date, scale) -> Organisation:
        self.stdout.write(f"Building the demo organisation (seed {seed}, history to {today}) ...")
        started = time.perf_counter()
        organisation = build_organisation(
            DEMO_SLUG, seed=seed, today=today, scale=scale, faults=True
        )
        entries = HistoryEntry.objects.filter(organisation=organisation).count()
        seconds = time.perf_counter() - started
        self.stdout.write(f"  {entries} records created in {seconds:.1f} s, each in the ledger.")
        self.stdout.write("  Planted faults an auditor should catch:")
        for fault in PLANTED:
            self.stdout.write(f"  - Stage {fault.stage} {fault.clause}: {fault.expectation}")
        self.stdout.write("")
        return organisation

    def _ensure_logins(self, organisation: Organisation) -> None:
        users = get_user_model()
        for username, password, role in LOGINS:
            user, _ = users.objects.get_or_create(username=username)
            user.set_password(password)
            user.is_active = True
            user.save()
            Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )

    def _introduce(self, organisation: Organisation, addrport: str) -> None:
        try:
            path = reverse("web:dashboard", kwargs={"org_slug": organisation.slug})
        except NoReverseMatch:
            path = "/"
        self.stdout.write(f"Demo organisation: {organisation.name} ({organisation.slug})")
        for username, password, role in LOGINS:
            self.stdout.write(f"  sign in as {username} / {password} ({role.label})")
        self.stdout.write(f"  open http://{addrport}{path}")

    def _serve(self, addrport: str) -> None:
        self.stdout.write("Serving the UI; press Ctrl-C to stop.")
        try:
            call_command("serve", addrport)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
