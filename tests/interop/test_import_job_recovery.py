"""An import whose worker died ends as failed, says what it wrote, and can be run again."""

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from evident.catalogue.models import Service
from evident.core import services
from evident.core.context import acting
from evident.core.tenancy import scoped
from evident.interop import job_recovery
from evident.interop.models import ImportJob
from evident.operations.models import Incident

SERVICENOW = Path(__file__).parent / "data" / "servicenow_incidents.csv"
AT = dt.datetime(2025, 3, 4, 10, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.UPLOAD_DIR.mkdir()
    cache.clear()
    return settings.UPLOAD_DIR


def killed_job(org, user, upload_dir, *, started_minutes_ago=60) -> ImportJob:
    """A job left ``running`` by a worker that died after committing two incidents."""
    stored = upload_dir / "5f0c.csv"
    shutil.copy(SERVICENOW, stored)
    started = timezone.now() - dt.timedelta(minutes=started_minutes_ago)
    with acting(source="job", user=user):
        job = services.create_record(
            ImportJob,
            org,
            file_name="incidents.csv",
            format="servicenow",
            stored_file=str(stored),
            requested_by=user,
            status=ImportJob.Status.RUNNING,
            started_at=started,
        )
    with acting(source="import", user=user, file=stored.name):
        mail = services.create_record(Service, org, name="Mail")
        for n in (1, 2):
            services.create_record(
                Incident, org, title=f"Mail down {n}", service=mail, opened_at=AT
            )
    return job


def test_a_job_without_a_heartbeat_is_marked_failed_with_what_it_wrote(org, manager, upload_dir):
    job = killed_job(org, manager, upload_dir)
    (recovered,) = job_recovery.recover_stalled_jobs()
    job.refresh_from_db()
    assert recovered.pk == job.pk and job.status == ImportJob.Status.FAILED
    assert (job.created, job.updated) == (3, 0)
    assert "worker ended" in job.error and "3 records had been created" in job.error
    assert Path(job.stored_file).exists(), "kept for a re-run"


def test_a_job_with_a_fresh_heartbeat_or_a_recent_start_is_left_running(org, manager, upload_dir):
    beating = killed_job(org, manager, upload_dir)
    cache.set(f"import-job-progress:{beating.pk}", {"phase": "x", "fraction": 0.5, "at": 1e12})
    recent = killed_job(org, manager, upload_dir, started_minutes_ago=1)
    assert job_recovery.recover_stalled_jobs() == []
    statuses = set(ImportJob.objects.filter(pk__in=[beating.pk, recent.pk]).values_list("status"))
    assert statuses == {(ImportJob.Status.RUNNING,)}


def test_a_failed_job_runs_again_and_completes_without_duplicates(org, manager, upload_dir):
    job = killed_job(org, manager, upload_dir)
    out = io.StringIO()
    call_command("recover_import_jobs", "--run-again", stdout=out)
    assert f"{job.ref} (incidents.csv)" in out.getvalue() and "queued again" in out.getvalue()
    again = ImportJob.objects.exclude(pk=job.pk).get(organisation=org)
    assert again.status == ImportJob.Status.DONE, again.error
    numbers = list(scoped(Incident, org).exclude(title__startswith="Mail down"))
    assert len(numbers) == again.created > 0


def test_uploads_of_finished_jobs_are_removed_after_their_retention(org, manager, upload_dir):
    killed_job(org, manager, upload_dir)
    job_recovery.recover_stalled_jobs()
    assert job_recovery.remove_old_uploads() == 0
    later = timezone.now() + dt.timedelta(days=8)
    assert job_recovery.remove_old_uploads(now=later) == 1
    assert not any(upload_dir.iterdir())
