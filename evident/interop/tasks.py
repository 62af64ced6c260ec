"""Celery tasks of the interop app."""

from celery import shared_task
from celery.signals import worker_ready

from . import jobs


@worker_ready.connect
def recover_on_start(**kwargs) -> None:
    """A worker starting after a crash marks the jobs its predecessor left running as failed."""
    from .job_recovery import recover_stalled_jobs

    recover_stalled_jobs()


@shared_task(name="evident.interop.run_import", acks_late=True)
def run_import(job_id: int) -> None:
    jobs.run_import_job(job_id)
