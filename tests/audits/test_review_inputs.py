"""The management review compilation (9.3): every input read from the records, as a snapshot."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.agreements.models import Supplier, SupplierReview
from evident.audits import services as audits
from evident.audits.models import (
    CorrectiveAction,
    Improvement,
    InternalAudit,
    Kpi,
    KpiMeasurement,
    ManagementReview,
    Nonconformity,
    ReviewOutput,
)
from evident.audits.review_inputs import SECTION_KEYS, missing_sections, review_period
from evident.core.models import HistoryEntry
from evident.governance.models import ContextIssue, Objective, Risk

from .builders import Builder

HELD = dt.date(2025, 6, 10)
PREVIOUS = dt.date(2024, 12, 10)


@pytest.fixture
def b(org, as_cli):
    return Builder(org)


def review(b, held_on=HELD, **fields):
    fields = {
        "title": f"Review {held_on}",
        "planned_date": held_on,
        "held_on": held_on,
        "status": ManagementReview.Status.HELD,
        **fields,
    }
    return b.make(ManagementReview, **fields)


def sections(b, target):
    return audits.compile_review_inputs(target).inputs["sections"]


def test_the_period_runs_from_the_previous_held_review(b):
    review(b, PREVIOUS)
    period = review_period(review(b))
    assert (period.start, period.end) == (PREVIOUS + dt.timedelta(days=1), HELD)


def test_without_a_previous_review_the_period_is_twelve_months(b):
    period = review_period(review(b))
    assert (period.start, period.end) == (dt.date(2024, 6, 10), HELD)


def test_a_planned_review_looks_back_to_its_planned_date(b):
    review(b, PREVIOUS)
    planned = b.make(ManagementReview, title="Next", planned_date=dt.date(2025, 9, 1))
    assert review_period(planned).end == dt.date(2025, 9, 1)


def test_compiling_keeps_every_input_as_a_snapshot_with_its_time(b):
    target = audits.compile_review_inputs(review(b))
    assert list(target.inputs["sections"]) == list(SECTION_KEYS)
    assert missing_sections(target.inputs) == []
    assert target.compiled_at is not None
    entry = HistoryEntry.objects.filter(model="audits.managementreview", action="update").get()
    assert "inputs" in entry.after


def test_actions_of_previous_reviews_are_reported_open_overdue_or_closed(b):
    earlier = review(b, PREVIOUS)
    for due, closed in ((dt.date(2025, 1, 10), dt.date(2025, 1, 5)), (dt.date(2025, 2, 1), None)):
        b.make(
            ReviewOutput,
            review=earlier,
            kind="action",
            description="Act",
            due_date=due,
            closed_on=closed,
        )
    got = sections(b, review(b))["previous_actions"]
    assert (got["open"], got["overdue"], got["closed_in_period"]) == (1, 1, 1)


def test_context_changes_count_issues_recorded_in_the_period(b):
    b.make(ContextIssue, title="New regulation", kind="external", recorded_on=dt.date(2025, 2, 1))
    got = sections(b, review(b, PREVIOUS))["context"]
    assert got["issues_changed"] == 0  # recorded after that review
    got = sections(b, review(b))["context"]
    assert got["issues_changed"] == 1


def test_kpis_and_objectives_are_reported_against_target(org, b):
    objective = b.make(Objective, title="Fast fixes", measure="MTTR", target_value=8)
    unmeasured = b.make(Objective, title="Unmeasured aim", measure="Something")
    fast = audits.define_kpi(
        org, key="mttr", computation="mean-time-to-resolve", objective=objective
    )
    b.make(
        KpiMeasurement,
        kpi=fast,
        period_start=dt.date(2025, 5, 1),
        period_end=dt.date(2025, 5, 31),
        value=12,
    )
    got = sections(b, review(b))["performance"]
    (row,) = got["kpis"]
    assert (row["kpi"], row["latest"], row["meets_target"]) == (fast.ref, "12.000", False)
    assert got["kpis_off_target"] == 1
    assert [r["ref"] for r in got["objectives_unmeasured"]] == [unmeasured.ref]


def test_nonconformities_and_actions_with_their_effectiveness(b):
    nc = b.make(
        Nonconformity,
        title="Gap",
        source="internal_audit",
        raised_on=dt.date(2025, 1, 5),
        status="closed",
        closed_on=dt.date(2025, 3, 1),
    )
    b.make(
        CorrectiveAction,
        nonconformity=nc,
        description="Fix",
        due_date=dt.date(2025, 2, 1),
        closed_on=dt.date(2025, 2, 1),
        effectiveness="effective",
    )
    b.make(Nonconformity, title="Open gap", source="complaint", raised_on=dt.date(2025, 5, 5))
    got = sections(b, review(b))["nonconformities"]
    assert (got["raised"], got["closed"], got["open"]) == (2, 1, 1)
    assert got["raised_by_source"] == {"complaint": 1, "internal_audit": 1}
    assert (got["actions_effective"], got["actions_unchecked"]) == (1, 0)


def test_audit_results_list_the_audits_completed_in_the_period(b):
    audit = b.make(
        InternalAudit,
        title="Full scope",
        planned_date=dt.date(2025, 4, 1),
        completed_on=dt.date(2025, 4, 2),
        status="completed",
        clauses="4,5,6,7,8,9,10",
    )
    got = sections(b, review(b))["audits"]
    assert [a["ref"] for a in got["internal_audits"]] == [audit.ref]


def test_supplier_performance_and_risks(b):
    supplier = b.make(Supplier, name="Mail host")
    b.make(SupplierReview, supplier=supplier, reviewed_on=dt.date(2025, 3, 1), rating=2)
    b.make(SupplierReview, supplier=supplier, reviewed_on=dt.date(2025, 5, 1), rating=4)
    overdue = b.make(Risk, title="Key staff leave", review_due=dt.date(2025, 1, 1))
    got = sections(b, review(b))
    assert (got["suppliers"]["reviews"], got["suppliers"]["average_rating"]) == (2, 3.0)
    assert len(got["suppliers"]["low_ratings"]) == 1
    assert [r["ref"] for r in got["risks"]["review_overdue"]] == [overdue.ref]


def test_the_improvement_register_feeds_the_review(org, b):
    b.make(Improvement, title="Chat", raised_on=dt.date(2025, 2, 1))
    accepted = b.make(
        Improvement,
        title="Reset",
        raised_on=dt.date(2025, 2, 1),
        decision="accepted",
        decided_on=dt.date(2025, 2, 5),
    )
    got = sections(b, review(b))["improvement"]
    assert (got["raised"], got["undecided"]) == (2, 1)
    assert [r["ref"] for r in got["accepted_open"]] == [accepted.ref]


def test_a_cancelled_review_is_not_compiled(b):
    cancelled = b.make(
        ManagementReview, title="Off", planned_date=HELD, status=ManagementReview.Status.CANCELLED
    )
    with pytest.raises(ValidationError, match="cancelled"):
        audits.compile_review_inputs(cancelled)


def test_outputs_are_recorded_only_for_a_held_review(b):
    planned = b.make(ManagementReview, title="Next", planned_date=HELD)
    with pytest.raises(ValidationError, match="planned"):
        audits.record_review_output(planned, kind="decision", description="Keep targets")
    held = review(b)
    action = audits.record_review_output(
        held, kind="action", description="Add a scorecard", due_date=dt.date(2025, 8, 1)
    )
    assert audits.close_review_action(action, closed_on=dt.date(2025, 7, 1)).closed_on


def test_the_compilation_works_without_the_optional_feedback_records(b, monkeypatch):
    from evident.audits import review_inputs

    monkeypatch.setattr(review_inputs, "_model", lambda label: None)
    got = sections(b, review(b))["customers"]
    assert "No customer feedback records" in got["note"]
    assert "complaints_received" not in got


def test_kpis_without_measurements_report_no_value(org, b):
    audits.define_kpi(org, key="csat", name="Customer satisfaction")
    (row,) = sections(b, review(b))["performance"]["kpis"]
    assert (row["latest"], row["meets_target"]) == (None, None)
    assert Kpi.objects.filter(organisation=org).count() == 1
