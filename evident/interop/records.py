"""Interop's record types: an import job is what an upload did; a saved mapping is a setting.

A person starts an import by uploading a file (``jobs.submit_import``, from the
pages or the API): the job is recorded queued, and only the import machinery
moves it (running, then done, done with rejections, refused or failed) and
writes its counts, so no entry point creates or edits a job by hand. A saved
column mapping is a tool setting, not evidence: it may be deleted (the deletion
is in the ledger); the jobs read with it keep it.
"""

from django.core.exceptions import PermissionDenied

from evident.core.records import Lifecycle, declare

from . import services as mapping_services
from .filters import ImportJobFilterSet, ImportMappingFilterSet
from .models import ImportJob, ImportMapping


def start_by_uploading(organisation, **fields):
    raise PermissionDenied("An import job is started by uploading the file to import.")


def refuse_editing(job, **changes):
    raise PermissionDenied(f"{job.ref} records what its import did; it is not edited.")


# No transitions: the import machinery moves the status through ``core.services``.
IMPORT_JOB_LIFECYCLE = Lifecycle(field="status", initial=(ImportJob.Status.QUEUED,), transitions=())

declare(
    ImportJob,
    create=start_by_uploading,
    update=refuse_editing,
    lifecycle=IMPORT_JOB_LIFECYCLE,
    columns=("ref", "file_name", "format", "status", "created", "updated", "rejected"),
    filters=("status", "format"),
    search=("ref", "file_name"),
    filterset=ImportJobFilterSet,
)
declare(
    ImportMapping,
    create=mapping_services.create_mapping,
    update=mapping_services.update_mapping,
    deletable=True,
    columns=("ref", "name", "record_type", "key_column"),
    filters=("record_type",),
    search=("ref", "name"),
    filterset=ImportMappingFilterSet,
    fields=(
        "name",
        "record_type",
        "columns",
        "key_column",
        "encoding",
        "delimiter",
        "date_format",
        "decimal_separator",
        "sheet",
    ),
)
