"""Importers that bring another tool's records into an organisation.

Each format maps a file onto Evident's records and writes them through the
service layer, attributed to ``source="import"`` with the file name and the
source rows. ``FORMATS`` names the formats ``evident import-records`` accepts.
"""

from .incidents import import_servicenow_incidents
from .jira_import import import_jira_issues
from .result import ImportRefused, ImportResult, RowProblem

FORMATS = {"servicenow": import_servicenow_incidents, "jira": import_jira_issues}

__all__ = [
    "FORMATS",
    "ImportRefused",
    "ImportResult",
    "RowProblem",
    "import_jira_issues",
    "import_servicenow_incidents",
]
