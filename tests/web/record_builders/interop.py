"""An import job, as the pages list and show it."""

from evident.interop.models import ImportJob

ORDER = 90


def build(r, add):
    add(
        ImportJob,
        file_name="incidents.csv",
        format="servicenow",
        stored_file="uploads/incidents.csv",
        status="done",
        created=2,
        problems=[{"row": 3, "column": "priority", "reason": "missing value", "record": "I-1"}],
    )
