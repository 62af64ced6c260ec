"""Import jobs: uploaded exports and what importing them did; saved column mappings."""

from evident.interop.models import ImportJob, ImportMapping

from .. import panels
from ..registry import SUPPORT, RecordType

INTEROP_TYPES = [
    RecordType(
        ImportJob,
        "import-jobs",
        SUPPORT,
        panels=(("Import", panels.import_job),),
    ),
    # Created and edited on the import pages, from the headings of a sample file.
    RecordType(
        ImportMapping,
        "import-mappings",
        SUPPORT,
    ),
]
