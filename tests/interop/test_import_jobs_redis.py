"""With REDIS_URL set, an import job goes through Redis to a real Celery worker.

The worker runs in a thread of the test process against the local Redis server
(the machine's, not a mock); the test is skipped where no Redis answers, and on
SQLite, whose in-memory test database two threads cannot share for writing.
"""

import socket
import time
from pathlib import Path

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile

from evident import celery_app
from evident.core.tenancy import scoped
from evident.interop import jobs
from evident.interop.models import ImportJob
from evident.operations.models import ServiceRequest

REDIS_URL = "redis://127.0.0.1:6379/15"
JIRA = Path(__file__).parent / "data" / "jira_issues.csv"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def on_sqlite() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


pytestmark = [
    pytest.mark.skipif(not redis_answers(), reason="no Redis server on 127.0.0.1:6379"),
    # The worker is a second thread; SQLite's in-memory test database locks whole tables
    # between connections without waiting, so this runs in the PostgreSQL pass of CI.
    pytest.mark.skipif(on_sqlite(), reason="needs a database served to two connections"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def redis_worker(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    _forget_connections()  # earlier tests may have opened the in-memory broker
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    celery_app.conf.update(saved)
    _forget_connections()


def _forget_connections():
    """Celery keeps its broker connections once made; drop them so the new URL is used."""
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def wait_until_finished(job: ImportJob, seconds: float = 30) -> ImportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            return job
        time.sleep(0.1)
    raise AssertionError(f"{job.ref} still {job.status} after {seconds} s")


def test_a_job_queued_on_redis_is_imported_by_the_worker(redis_worker, org, manager):
    upload = SimpleUploadedFile("issues.csv", JIRA.read_bytes())
    job = jobs.submit_import(org, upload, "jira", user=manager)
    # With eager execution off, only the worker, fed through Redis, can finish the job.
    job = wait_until_finished(job)
    assert (job.status, job.created) == (ImportJob.Status.DONE, 5)
    assert scoped(ServiceRequest, org).count() == 2
