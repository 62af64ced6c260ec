"""Checks are set-based: the number of queries does not grow with the number of records."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from evident.audits.engine import run_evaluation
from evident.operations.models import Incident

from .builders import AUDIT_DATE, IN_PERIOD, at, healthy_fixtures

healthy_template, healthy = healthy_fixtures()


def queries_of_a_stage_2_evaluation(h) -> int:
    with CaptureQueriesContext(connection) as captured:
        evaluation = run_evaluation(h.build.org, 2, audit_date=AUDIT_DATE)
    assert evaluation.findings.exists()
    return len(captured.captured_queries)


def add_faulty_records(h, service, scale):
    """Incidents on an uncatalogued service and changes of which a quarter lack approval."""
    h.build.make_many(
        Incident,
        [
            {
                "title": f"VPN {i}",
                "service": service,
                "opened_at": at(IN_PERIOD),
                "resolved_at": at(IN_PERIOD, 12),
            }
            for i in range(10 * scale)
        ],
    )
    for day in range(4 * scale):
        started = IN_PERIOD - dt.timedelta(days=day)
        h.build.change(h.payroll, started, approved=day % 4 != 0)


def test_more_records_do_not_mean_more_queries(healthy, as_cli):
    ghost = healthy.build.service("Ghost VPN", catalogued=False)
    add_faulty_records(healthy, ghost, 1)
    queries_of_a_stage_2_evaluation(healthy)  # the first run also creates the ref counters
    small = queries_of_a_stage_2_evaluation(healthy)
    add_faulty_records(healthy, ghost, 3)
    assert queries_of_a_stage_2_evaluation(healthy) == small
