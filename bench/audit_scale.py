"""Scale benchmark: build a large organisation, then time a Stage 2 and a Stage 1 evaluation.

    python bench/audit_scale.py [--incidents 200000] [--changes 20000] [--seed N]

Uses the database the settings point at (``DATABASE_URL``, else the SQLite file
under ``EVIDENT_DATA_DIR``), migrates it, and (re)builds the organisation
``bench`` with the demo generator's faults. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time

SLUG = "bench"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=200_000)
    parser.add_argument("--changes", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20261122)
    return parser.parse_args(argv)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evident.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def row_counts(organisation) -> dict[str, int]:
    """Records per model in the organisation, largest first."""
    from django.apps import apps

    from evident.core.models import OrgRecord
    from evident.core.tenancy import scoped

    counts = {
        model._meta.label_lower: scoped(model, organisation).count()
        for model in apps.get_models()
        if issubclass(model, OrgRecord)
    }
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def run(args: argparse.Namespace) -> None:
    from django.db import connection

    from evident.audits.engine import run_evaluation
    from evident.core.context import acting
    from evident.core.models import HistoryEntry
    from evident.demo import benchmark_scale, build_organisation

    scale = benchmark_scale(args.incidents, args.changes)
    today = dt.datetime.now(dt.UTC).date()
    vendor = connection.vendor
    print(f"database: {vendor} ({connection.settings_dict['NAME']})")
    print(f"scale: {scale}")
    with acting(source="cli", actor_name="audit-scale-benchmark"):
        organisation, build_seconds = timed(
            lambda: build_organisation(
                SLUG, name="Benchmark Hosting", seed=args.seed, today=today, scale=scale
            )
        )
        stage2, stage2_seconds = timed(lambda: run_evaluation(organisation, 2, audit_date=today))
        stage1, stage1_seconds = timed(lambda: run_evaluation(organisation, 1, audit_date=today))

    counts = row_counts(organisation)
    ledger = HistoryEntry.objects.filter(organisation=organisation).count()
    print("\nrecords by model:")
    for label, count in counts.items():
        if count:
            print(f"  {label:<32} {count:>10,}")
    print(f"  {'total':<32} {sum(counts.values()):>10,}")
    print(f"  {'ledger entries':<32} {ledger:>10,}")
    print("\ntimings:")
    print(f"  build organisation   {build_seconds:8.1f} s")
    print(f"  stage 2 evaluation   {stage2_seconds:8.1f} s  -> {stage2.recommendation}")
    print(f"  stage 1 evaluation   {stage1_seconds:8.1f} s  -> {stage1.outcome}")
    print(f"  database             {vendor}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django()
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
