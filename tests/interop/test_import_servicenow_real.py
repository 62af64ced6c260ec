"""The ServiceNow importer on a real, anonymised incident event log (UCI dataset 498)."""

import csv
import gzip
import io
import itertools
from pathlib import Path

import pytest
from django.db.models import Count, Q

from evident.audits.engine import run_evaluation
from evident.core.tenancy import scoped
from evident.interop.importers import import_servicenow_incidents
from evident.operations.models import Change, Incident, IncidentStatusChange, Problem

REAL_LOG = (
    Path(__file__).resolve().parents[3]
    / "shared/data/servicenow-incident-log/incident_event_log.csv.gz"
)
SLICE_ROWS = 2000

pytestmark = pytest.mark.skipif(
    not REAL_LOG.is_file(), reason=f"the real ServiceNow event log is not checked out at {REAL_LOG}"
)


@pytest.fixture
def log_slice(tmp_path):
    """The header and the first rows of the real log, as a gzip file of its own."""
    sliced = tmp_path / "slice.csv.gz"
    with gzip.open(REAL_LOG, "rt", newline="") as source, gzip.open(sliced, "wt") as out:
        out.writelines(itertools.islice(source, SLICE_ROWS + 1))
    return sliced


def test_a_slice_of_the_real_log_yields_one_incident_per_number(org, log_slice):
    with gzip.open(log_slice, "rt", newline="") as handle:
        numbers = {row["number"] for row in csv.DictReader(io.StringIO(handle.read()))}

    result = import_servicenow_incidents(org, log_slice)

    assert result.rows_read == SLICE_ROWS
    assert result.rejected == 0
    assert scoped(Incident, org).count() == len(numbers) == result.created
    assert (
        not scoped(Incident, org)
        .filter(~Q(pk__in=scoped(IncidentStatusChange, org).values("incident")))
        .exists()
    )


@pytest.mark.slow
def test_the_whole_real_log_imports_and_can_be_audited(org):
    result = import_servicenow_incidents(org, REAL_LOG)

    assert result.incidents == 24_918
    assert (result.created, result.rejected) == (24_918, 0)
    incidents = scoped(Incident, org)
    assert incidents.count() == 24_918
    # Two incidents pass through the unrecorded state -100: it leaves no history step.
    stepped = scoped(IncidentStatusChange, org).filter(incident__ref="INC0030413")
    assert list(stepped.values_list("source_status", flat=True)) == [
        "New",
        "Active",
        "Resolved",
        "Closed",
    ]
    counts = incidents.aggregate(
        without_history=Count("pk", filter=Q(status_changes__isnull=True)),
        with_group=Count("pk", filter=~Q(assignment_group=""), distinct=True),
    )
    assert counts["without_history"] == 0
    assert counts["with_group"] > 0.9 * 24_918
    assert set(incidents.values_list("priority", flat=True)) == {1, 2, 3, 4}
    assert not incidents.filter(status="resolved", resolved_at__isnull=True).exists()
    # The log names problems and causing changes it does not export: counted, not invented.
    assert result.unlinked == {"problem": 380, "causing change": 3}
    assert not scoped(Problem, org).exists() and not scoped(Change, org).exists()

    evaluation = run_evaluation(org, 2)
    assert evaluation.pk is not None
