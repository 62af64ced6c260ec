"""Import jobs: an upload is kept, queued, imported in the background and summarised.

``submit_import`` stores the uploaded file, records an ``ImportJob`` and hands
it to Celery (a worker on Redis when ``REDIS_URL`` is set, the submitting
process otherwise). ``run_import_job`` is what the worker runs. Progress is
kept in the cache while the job runs; the job record carries the outcome.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from evident.core import services
from evident.core.context import acting
from evident.core.tenancy import scoped

from .importers import FORMATS, MAPPED_FORMATS, ImportRefused
from .models import ImportJob

KEPT_PROBLEMS = 200
PROGRESS_TTL = 24 * 3600
PROGRESS_EVERY = 0.5  # seconds between cache writes


def submit_import(
    organisation, upload, fmt: str, *, user, source: str = "web", mapping=None
) -> ImportJob:
    """Keep ``upload`` (a Django ``UploadedFile``) and queue its import into ``organisation``.

    csv and xlsx need a saved ``ImportMapping`` of the same organisation; no other format
    takes one.
    """
    if fmt not in FORMATS:
        raise ValidationError({"format": f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}"})
    if not upload or not upload.size:
        raise ValidationError({"file": "the uploaded file is empty"})
    _check_mapping(organisation, fmt, mapping)
    stored = _store(upload)
    return _queue(organisation, upload.name, stored, fmt, user=user, source=source, mapping=mapping)


def submit_stored(failed: ImportJob, *, user, source: str = "cli") -> ImportJob:
    """Queue a failed job's kept upload again, as a new job of the same format and mapping."""
    return _queue(
        failed.organisation,
        failed.file_name,
        Path(failed.stored_file),
        failed.format,
        user=user,
        source=source,
        mapping=failed.mapping,
    )


def _queue(organisation, name, stored: Path, fmt, *, user, source, mapping) -> ImportJob:
    with acting(source=source, user=user, file=name):
        job = services.create_record(
            ImportJob,
            organisation,
            file_name=Path(name).name[:255],
            format=fmt,
            stored_file=str(stored),
            requested_by=user,
            mapping=mapping,
        )
    from .tasks import run_import  # the task module imports this one

    run_import.delay(job.pk)
    job.refresh_from_db()
    return job


def run_import_job(job_id: int) -> ImportJob:
    """Import the job's file; every outcome, refusal and failure included, ends on the job."""
    job = ImportJob.objects.select_related("organisation", "requested_by", "mapping").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job  # a redelivered message: the job has already run
    user = job.requested_by
    _update(job, user, status=ImportJob.Status.RUNNING, started_at=timezone.now())
    progress = _ProgressWriter(job.pk)
    try:
        result = FORMATS[job.format](
            job.organisation,
            job.stored_file,
            user=user,
            actor_name=None if user else "import job",
            on_progress=progress,
            **_mapped_options(job),
        )
    except ImportRefused as exc:
        _finish(job, user, ImportJob.Status.REFUSED, error=str(exc))
    except Exception as exc:  # the job must say it failed rather than stay "running"
        _finish(job, user, ImportJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
    else:
        _finish(job, user, *_outcome(result))
    return job


def _mapped_options(job: ImportJob) -> dict:
    """csv and xlsx: the saved mapping, and the upload's own name for the ledger."""
    if job.format not in MAPPED_FORMATS:
        return {}
    return {"mapping": job.mapping, "file_name": job.file_name}


def _check_mapping(organisation, fmt: str, mapping) -> None:
    if fmt not in MAPPED_FORMATS:
        if mapping is not None:
            raise ValidationError({"mapping": f"a {fmt} import takes no column mapping"})
        return
    if mapping is None:
        raise ValidationError(
            {"mapping": f"a {fmt} import needs a saved column mapping; create one first"}
        )
    if mapping.organisation_id != organisation.pk:
        raise ValidationError({"mapping": "no such mapping in this organisation"})


def job_progress(job: ImportJob) -> dict:
    """``{"phase": ..., "fraction": 0..1}`` while a job runs; finished jobs are complete."""
    if job.finished:
        return {"phase": "done", "fraction": 1.0}
    return cache.get(_progress_key(job.pk)) or {"phase": job.status, "fraction": 0.0}


def jobs_of(organisation):
    return scoped(ImportJob, organisation).select_related("requested_by")


def _outcome(result) -> tuple:
    status = ImportJob.Status.DONE if result.ok else ImportJob.Status.DONE_WITH_REJECTIONS
    problems = [
        {"row": p.row, "column": p.column or "", "reason": p.reason, "record": p.number}
        for p in result.problems[:KEPT_PROBLEMS]
    ]
    counts = {
        "rows_read": result.rows_read,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "services_created": result.services_created,
        "cis_created": result.cis_created,
        "skipped": result.skipped,
        "unlinked": result.unlinked,
        "problem_count": result.problem_count,
        "problems": problems,
    }
    return status, counts


def _finish(
    job: ImportJob,
    user,
    status: str,
    counts: dict | None = None,
    *,
    error: str = "",
    keep_file: bool = False,
):
    _update(job, user, status=status, finished_at=timezone.now(), error=error, **(counts or {}))
    cache.delete(_progress_key(job.pk))
    if not keep_file:  # the ledger keeps what was imported
        Path(job.stored_file).unlink(missing_ok=True)


def _update(job: ImportJob, user, **changes) -> None:
    with acting(source="job", user=user, job=job.ref):
        services.update_record(job, **changes)


def _store(upload) -> Path:
    directory = Path(settings.UPLOAD_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    suffix = "".join(Path(upload.name).suffixes[-2:])[:20]
    target = directory / f"{uuid.uuid4().hex}{suffix}"
    with open(target, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return target


def _progress_key(job_id: int) -> str:
    return f"import-job-progress:{job_id}"


class _ProgressWriter:
    """The importer's progress callback, written to the cache a few times a second at most."""

    def __init__(self, job_id: int):
        self.key = _progress_key(job_id)
        self.last = 0.0

    def __call__(self, phase: str, fraction: float) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY and fraction < 1.0:
            return
        self.last = now
        # ``at`` is the heartbeat ``job_recovery`` reads: wall-clock, shared through the cache.
        beat = {"phase": phase, "fraction": round(fraction, 4), "at": time.time()}
        cache.set(self.key, beat, PROGRESS_TTL)
