"""Importers that bring another tool's records into an organisation.

Each format maps a file onto Evident's records and writes them through the
service layer, attributed to ``source="import"`` with the file name and the
source rows. ``FORMATS`` names the formats ``evident import-records`` accepts.
"""

from .generic import import_csv, import_xlsx
from .incidents import import_servicenow_incidents
from .jira_import import import_jira_issues
from .result import ImportRefused, ImportResult, RowProblem
from .servicenow_dispatch import import_servicenow

FORMATS = {"servicenow": import_servicenow, "jira": import_jira_issues}

# Formats read by a column mapping (a mapping file or a saved ImportMapping).
MAPPED_FORMATS = {"csv": import_csv, "xlsx": import_xlsx}
FORMATS.update(MAPPED_FORMATS)

__all__ = [
    "FORMATS",
    "MAPPED_FORMATS",
    "ImportRefused",
    "ImportResult",
    "RowProblem",
    "import_csv",
    "import_jira_issues",
    "import_servicenow",
    "import_servicenow_incidents",
    "import_xlsx",
]
