"""Jobs that finish or fail: an import whose worker died is marked failed, with what it wrote.

A running import writes its progress to the cache a few times a second (the
heartbeat, with the time of the last beat). A job still ``running`` with no
beat for ``EVIDENT_JOB_STALE_MINUTES`` has lost its worker (killed, restarted,
out of memory): it is marked failed, with the records its committed batches
created and updated counted from the ledger, and can be run again (an import
updates what it already wrote, never duplicates it). Uploads of finished jobs
are removed after ``EVIDENT_UPLOAD_RETENTION_DAYS``.

Recovery runs when a Celery worker starts, when ``evident serve`` starts, and
with ``evident recover-import-jobs``.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from evident.core.models import HistoryEntry

from .jobs import _finish, _progress_key, submit_stored
from .models import ImportJob


def stalled_jobs(now: dt.datetime | None = None):
    """Running jobs whose last heartbeat (or start) is older than the stale limit."""
    now = now or timezone.now()
    limit = dt.timedelta(minutes=settings.EVIDENT_JOB_STALE_MINUTES)
    running = ImportJob.objects.filter(
        status=ImportJob.Status.RUNNING, started_at__lt=now - limit
    ).select_related("organisation", "requested_by")
    wall_now = time.time()
    for job in running:
        beat = (cache.get(_progress_key(job.pk)) or {}).get("at")
        if beat is None or wall_now - beat > limit.total_seconds():
            yield job


def written_by(job: ImportJob) -> dict[str, int]:
    """What the job's committed batches wrote: ledger entries naming its file since it started."""
    names = {Path(job.stored_file).name, job.file_name}
    entries = HistoryEntry.objects.filter(
        organisation=job.organisation,
        source="import",
        at__gte=job.started_at,
        source_detail__file__in=sorted(names),
    )
    return {
        "created": entries.filter(action="create").count(),
        "updated": entries.filter(action="update").count(),
    }


def fail_stalled(job: ImportJob) -> ImportJob:
    counts = written_by(job)
    reason = (
        "The import stopped without finishing: its worker ended. "
        f"{counts['created']} records had been created and {counts['updated']} updated; "
        "run it again to complete it (re-importing updates, never duplicates)."
    )
    kept = job.stored_file
    _finish(job, job.requested_by, ImportJob.Status.FAILED, counts, error=reason, keep_file=True)
    job.stored_file = kept
    return job


def recover_stalled_jobs() -> list[ImportJob]:
    return [fail_stalled(job) for job in list(stalled_jobs())]


def run_again(job: ImportJob, *, user=None) -> ImportJob:
    """Queue a failed job's upload again as a new job (the upload must still be kept)."""
    if job.status != ImportJob.Status.FAILED:
        raise ValueError(f"{job.ref} is {job.status}: only a failed job is run again")
    if not Path(job.stored_file).exists():
        raise ValueError(f"{job.ref}: its upload is no longer kept; upload the file again")
    return submit_stored(job, user=user or job.requested_by)


def remove_old_uploads(now: dt.datetime | None = None) -> int:
    """Delete uploads of finished jobs older than the retention period; answer how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.EVIDENT_UPLOAD_RETENTION_DAYS)
    removed = 0
    finished = ImportJob.objects.filter(status__in=ImportJob.FINISHED, finished_at__lt=cutoff).only(
        "stored_file"
    )
    for job in finished.iterator():
        path = Path(job.stored_file)
        if path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
    return removed
