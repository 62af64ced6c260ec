"""Import jobs: uploaded exports and what importing them did."""

from evident.interop.models import ImportJob

from .. import panels
from ..registry import SUPPORT, RecordType

INTEROP_TYPES = [
    RecordType(
        ImportJob,
        "import-jobs",
        SUPPORT,
        columns=("ref", "file_name", "format", "status", "created", "updated", "rejected"),
        filters=("status", "format"),
        search=("ref", "file_name"),
        panels=(("Import", panels.import_job),),
    ),
]
