"""``evident recover-import-jobs [--run-again] [--clean-uploads]``: after a crashed import.

Marks every import job that lost its worker as failed (naming what it had
written), optionally queues each again, and removes uploads past retention.
"""

from django.core.management.base import BaseCommand

from evident.interop.job_recovery import recover_stalled_jobs, remove_old_uploads, run_again


class Command(BaseCommand):
    help = "Mark import jobs whose worker died as failed; optionally run them again."

    def add_arguments(self, parser):
        parser.add_argument("--run-again", action="store_true", help="queue each one again")
        parser.add_argument(
            "--clean-uploads", action="store_true", help="remove uploads past their retention"
        )

    def handle(self, *args, **options):
        failed = recover_stalled_jobs()
        for job in failed:
            self.stdout.write(f"{job.organisation.slug} {job.ref} ({job.file_name}): {job.error}")
            if options["run_again"]:
                again = run_again(job)
                self.stdout.write(f"  queued again as {again.ref}")
        if not failed:
            self.stdout.write("No import job had lost its worker.")
        if options["clean_uploads"]:
            self.stdout.write(f"Removed {remove_old_uploads()} uploads past their retention.")
