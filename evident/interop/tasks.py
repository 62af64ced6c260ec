"""Celery tasks of the interop app."""

from celery import shared_task

from . import jobs


@shared_task(name="evident.interop.run_import", acks_late=True)
def run_import(job_id: int) -> None:
    jobs.run_import_job(job_id)
