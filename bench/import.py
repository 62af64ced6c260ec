"""Import benchmark: N generated ServiceNow incidents through Evident, beside PostgreSQL's COPY.

    python bench/import.py [--incidents 1000000] [--events 3] [--databases sqlite,postgres]

Writes one ServiceNow event-log CSV (``--events`` rows per incident: opened,
worked on, resolved), then for each database migrates a scratch database and
times ``evident import-records`` on the file in a fresh process. On PostgreSQL
it also times ``COPY`` of the same file into a plain table of text columns in
the same database: the floor for moving these bytes into the server. Prints
rows and incidents per second for each. See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DATABASE = "evident_import_bench"
# As in production: no debug cursor recording every statement.
SETTINGS = {"DJANGO_SETTINGS_MODULE": "evident.settings", "DEBUG": "0"}
COLUMNS = (
    "number",
    "incident_state",
    "sys_mod_count",
    "sys_updated_at",
    "opened_at",
    "resolved_at",
    "closed_at",
    "priority",
    "impact",
    "urgency",
    "category",
    "subcategory",
    "u_symptom",
    "assignment_group",
    "cmdb_ci",
    "made_sla",
)
STATES = ("New", "Active", "Resolved", "Closed")
SERVICES = ("Email", "Payroll", "VPN", "Service desk", "Intranet", "Storage")
PRIORITIES = ("1 - Critical", "2 - High", "3 - Moderate", "4 - Low")
LEVELS = ("1 - High", "2 - Medium", "3 - Low")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=3, choices=(1, 2, 3, 4))
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=20261122)
    return parser.parse_args(argv)


def write_export(path: Path, incidents: int, events: int, seed: int) -> int:
    """The event log: ``events`` rows per incident, each a later state. Returns the rows."""
    rng = random.Random(seed)
    start = dt.datetime(2025, 11, 1, 8, 0)
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(1, incidents + 1):
            opened = start + dt.timedelta(minutes=rng.randrange(0, 525_600))
            resolved = opened + dt.timedelta(minutes=rng.randrange(5, 4_000))
            fixed = [
                PRIORITIES[rng.randrange(4)],
                LEVELS[rng.randrange(3)],
                LEVELS[rng.randrange(3)],
                f"Category {rng.randrange(60)}",
                f"Subcategory {rng.randrange(250)}",
                f"Symptom {rng.randrange(500)}",
                f"Group {rng.randrange(70)}",
                SERVICES[rng.randrange(len(SERVICES))],
                "true" if rng.random() < 0.9 else "false",
            ]
            for step in range(events):
                state = STATES[step]
                updated = opened + (resolved - opened) * step / max(events - 1, 1)
                writer.writerow(
                    [
                        f"INC{n:08d}",
                        state,
                        step,
                        _date(updated),
                        _date(opened),
                        _date(resolved) if state in ("Resolved", "Closed") else "?",
                        _date(updated) if state == "Closed" else "?",
                        *fixed,
                    ]
                )
                rows += 1
    return rows


def _date(moment: dt.datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


def evident(env: dict, *args: str) -> float:
    """Run an ``evident`` command in a fresh process; seconds it took."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "evident.cli", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def prepare(env: dict) -> None:
    evident(env, "migrate", "--verbosity", "0")
    code = (
        "import django; django.setup();"
        "from evident.core.models import Organisation;"
        "Organisation.objects.get_or_create(slug='bench-import', defaults={'name': 'Import bench'})"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def bench_sqlite(export: Path, scratch: Path) -> float:
    env = {**os.environ, "EVIDENT_DATA_DIR": str(scratch / "sqlite"), **SETTINGS}
    env.pop("DATABASE_URL", None)
    prepare(env)
    return evident(
        env, "import-records", "--org", "bench-import", "--format", "servicenow", str(export)
    )


def bench_postgres(export: Path) -> tuple[float, float]:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        server.execute(f"CREATE DATABASE {PG_DATABASE}")
    url = PG_SERVER.rsplit("/", 1)[0] + f"/{PG_DATABASE}"
    env = {**os.environ, "DATABASE_URL": url, **SETTINGS}
    prepare(env)
    imported = evident(
        env, "import-records", "--org", "bench-import", "--format", "servicenow", str(export)
    )
    columns = ", ".join(f"{name} text" for name in COLUMNS)
    with psycopg.connect(url, autocommit=True) as database:
        database.execute(f"CREATE TABLE bench_copy ({columns})")
        started = time.perf_counter()
        statement = "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
        with (
            database.cursor() as cursor,
            cursor.copy(statement) as copy,
            open(export, "rb") as handle,
        ):
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        copied = time.perf_counter() - started
    with psycopg.connect(PG_SERVER, autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    return imported, copied


def line(label: str, seconds: float, rows: int, incidents: int) -> str:
    return (
        f"{label:<34} {seconds:9.1f} s {rows / seconds:12,.0f} rows/s "
        f"{incidents / seconds:10,.0f} incidents/s"
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    databases = {d.strip() for d in args.databases.split(",") if d.strip()}
    with tempfile.TemporaryDirectory(prefix="evident-import-bench-") as tmp:
        scratch = Path(tmp)
        export = scratch / "incident_event_log.csv"
        started = time.perf_counter()
        rows = write_export(export, args.incidents, args.events, args.seed)
        size = export.stat().st_size / 1e6
        print(
            f"export: {args.incidents:,} incidents, {rows:,} rows, {size:,.0f} MB "
            f"(written in {time.perf_counter() - started:.1f} s)"
        )
        if "sqlite" in databases:
            print(
                line(
                    "evident import-records, SQLite",
                    bench_sqlite(export, scratch),
                    rows,
                    args.incidents,
                )
            )
        if "postgres" in databases:
            imported, copied = bench_postgres(export)
            print(line("evident import-records, PostgreSQL", imported, rows, args.incidents))
            print(line("PostgreSQL COPY into a plain table", copied, rows, args.incidents))
    return 0


if __name__ == "__main__":
    sys.exit(main())
