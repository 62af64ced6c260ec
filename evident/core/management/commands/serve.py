"""``evident serve [ADDRESS:PORT]``: the production server (gunicorn), static files included.

Workers and threads are sized to the machine and kept below the database's
connection limit: each thread holds at most one connection, reused for
``CONN_MAX_AGE`` seconds and checked before reuse. Static files are served by
WhiteNoise from the same process, so no separate file server is needed behind
the reverse proxy.
"""

from __future__ import annotations

import io
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    return (os.cpu_count() or 1) + 1


class EvidentServer(BaseApplication):
    """Gunicorn run from Python, so one ``evident`` command starts the whole web tier."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


class Command(BaseCommand):
    help = "Serve Evident with gunicorn (threads sized to the machine) and WhiteNoise."

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport",
            nargs="?",
            default=os.environ.get("EVIDENT_BIND", "127.0.0.1:8000"),
            help="address and port to listen on (default: %(default)s)",
        )
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=4, help="threads per worker")
        parser.add_argument(
            "--timeout", type=int, default=120, help="seconds before a stuck worker is restarted"
        )

    def handle(self, *args, addrport, workers, threads, timeout, **options):
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        # Jobs the last server left running (killed mid-import) are marked failed now.
        call_command("recover_import_jobs", verbosity=0, stdout=io.StringIO())
        self.stdout.write(
            f"Serving on http://{addrport} with {workers} workers x {threads} threads; "
            "Ctrl-C stops."
        )
        # Workers are forked: none may inherit a connection this process opened.
        connections.close_all()
        EvidentServer(server_options(addrport, workers, threads, timeout)).run()


def server_options(addrport: str, workers: int, threads: int, timeout: int) -> dict:
    return {
        "bind": addrport,
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": 30,
        # Recycle workers now and then so a slow leak never grows without bound.
        "max_requests": 2000,
        "max_requests_jitter": 200,
        "accesslog": "-" if os.environ.get("EVIDENT_ACCESS_LOG", "1") == "1" else None,
        "errorlog": "-",
        # The reverse proxy on the same host may say which scheme the client used.
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }
