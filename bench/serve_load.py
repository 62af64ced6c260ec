"""Load on the production server: many users at once against ``evident serve``.

Starts ``evident serve`` on a loopback port against the configured database
(``DATABASE_URL``; PostgreSQL is the case that matters), signs in the demo's
users by API token, and lets ``--users`` simulated people each loop over a mix of
page and API reads for ``--seconds``. Prints requests, errors by status, requests
per second and the p50/p95/p99 latency. Nothing is asserted: it measures.

    python bench/serve_load.py [--users 200] [--seconds 120] [--workers N --threads N]

The demo organisation must exist (``evident demo --no-serve``).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter

PATHS = (
    "/api/orgs/demo/incidents/?limit=20",
    "/api/orgs/demo/changes/?limit=20",
    "/api/orgs/demo/services/",
    "/api/orgs/demo/nonconformities/",
    "/api/orgs/demo/incidents/?priority=1&limit=20",
)


def tokens() -> list[str]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evident.settings")
    django.setup()
    from rest_framework.authtoken.models import Token

    from evident.core.models import Membership

    users = [m.user for m in Membership.objects.filter(organisation__slug="demo")]
    if not users:
        sys.exit("no demo organisation: run `evident demo --no-serve` first")
    return [Token.objects.get_or_create(user=user)[0].key for user in users]


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/")
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("the server did not come up")


def user_loop(port, token, stop_at, latencies, statuses, lock):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}"}
    while time.monotonic() < stop_at:
        path = random.choice(PATHS)
        started = time.monotonic()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            status = type(exc).__name__
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        with lock:
            latencies.append(time.monotonic() - started)
            statuses[status] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()

    keys = tokens()
    command = [sys.executable, "-m", "evident.cli", "serve", f"127.0.0.1:{args.port}"]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    env = {**os.environ, "EVIDENT_ACCESS_LOG": "0"}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_until_up(args.port, time.monotonic() + 60)
        latencies, statuses, lock = [], Counter(), threading.Lock()
        stop_at = time.monotonic() + args.seconds
        people = [
            threading.Thread(
                target=user_loop,
                args=(args.port, keys[i % len(keys)], stop_at, latencies, statuses, lock),
            )
            for i in range(args.users)
        ]
        for person in people:
            person.start()
        for person in people:
            person.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(args, latencies, statuses)


def report(args, latencies, statuses) -> None:
    total = sum(statuses.values())
    errors = {s: n for s, n in statuses.items() if s != 200}
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    print(f"database: {os.environ.get('DATABASE_URL', 'sqlite (default)').split('@')[-1]}")
    print(f"users: {args.users}, seconds: {args.seconds}")
    print(f"requests: {total}, per second: {total / args.seconds:.1f}")
    print(f"errors: {sum(errors.values())} {dict(errors) or ''}")
    print(f"latency p50 {cuts[49]:.3f} s, p95 {cuts[94]:.3f} s, p99 {cuts[98]:.3f} s")


if __name__ == "__main__":
    main()
