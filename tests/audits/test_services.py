"""Domain verbs of the audits app: each enforces its rule and leaves evidence in the ledger."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.audits import services as audits
from evident.audits.models import (
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)
from evident.core.models import HistoryEntry, Person
from evident.core.services import create_record

DAY = dt.date(2025, 6, 30)


@pytest.fixture
def evaluation(org, as_cli):
    return create_record(
        Evaluation,
        org,
        stage=2,
        audit_date=DAY,
        period_start=dt.date(2024, 6, 30),
        period_end=DAY,
        seed=1,
        engine_version="1.0.0",
        evidence_digest="0" * 64,
    )


def finding(evaluation, grade="minor", key="s2.supplier.reviewed"):
    return create_record(
        Finding,
        evaluation.organisation,
        evaluation=evaluation,
        check_id=key.split(":")[0],
        key=key,
        clause="8.3.4",
        grade=grade,
        statement="A supplier was not reviewed.",
    )


def plan_for(nc, **fields):
    owner = create_record(Person, nc.organisation, name="Owner")
    complete = {
        "correction": "Reviewed the supplier",
        "root_cause": "No review calendar",
        "corrective_action": "Quarterly reviews in the calendar",
        "owner": owner,
        "due_date": DAY + dt.timedelta(days=30),
    }
    return audits.draft_action_plan(nc, **{**complete, **fields})


def test_a_nonconformity_raised_from_a_finding_carries_its_key(evaluation):
    nc = audits.raise_nonconformity_from_finding(finding(evaluation), raised_on=DAY)
    assert (nc.finding_key, nc.grade, nc.clause, nc.source) == (
        "s2.supplier.reviewed",
        "minor",
        "8.3.4",
        Nonconformity.Source.ENGINE,
    )
    assert nc.title == "8.3.4 Every active supplier is reviewed in the period"
    entry = HistoryEntry.objects.get(model="audits.nonconformity", object_id=nc.pk)
    assert (entry.source, entry.actor_name) == ("cli", "test-runner")


def test_raising_the_same_finding_twice_returns_the_open_nonconformity(evaluation):
    first = audits.raise_nonconformity_from_finding(finding(evaluation))
    assert audits.raise_nonconformity_from_finding(finding(evaluation)) == first


def test_an_opportunity_is_not_a_nonconformity(evaluation):
    with pytest.raises(ValidationError, match="not a nonconformity"):
        audits.raise_nonconformity_from_finding(finding(evaluation, grade="ofi"))


def test_an_incomplete_plan_cannot_be_submitted(evaluation):
    nc = audits.raise_nonconformity_from_finding(finding(evaluation))
    plan = plan_for(nc, root_cause="", owner=None)
    with pytest.raises(ValidationError, match="needs a root cause") as refused:
        audits.submit_action_plan(plan)
    assert set(refused.value.message_dict) == {"root_cause", "owner"}
    submitted = audits.submit_action_plan(plan, root_cause="No calendar", owner=plan_for(nc).owner)
    assert submitted.status == CorrectiveActionPlan.Status.SUBMITTED


def test_the_auditor_accepts_or_returns_a_submitted_plan(evaluation):
    nc = audits.raise_nonconformity_from_finding(finding(evaluation))
    plan = plan_for(nc)
    with pytest.raises(ValidationError, match="cannot be accepted"):
        audits.accept_action_plan(plan)
    audits.submit_action_plan(plan)
    with pytest.raises(ValidationError, match="Say why"):
        audits.return_action_plan(plan, reason="  ")
    returned = audits.return_action_plan(plan, reason="Root cause is a symptom")
    assert (returned.status, returned.decided_by) == ("returned", "test-runner")
    accepted = audits.accept_action_plan(audits.submit_action_plan(plan))
    assert (accepted.status, accepted.return_reason) == ("accepted", "")
    assert accepted.decided_at is not None


def test_a_major_closes_only_with_verification(evaluation):
    major = audits.raise_nonconformity_from_finding(
        finding(evaluation, grade="major", key="s2.internal-audit.completed"), raised_on=DAY
    )
    with pytest.raises(ValidationError, match="must verify"):
        audits.close_nonconformity(major, closed_on=DAY)
    closed = audits.close_nonconformity(major, closed_on=DAY, verified=True)
    assert (closed.status, closed.closure_verified, closed.closed_on) == ("closed", True, DAY)
    with pytest.raises(ValidationError, match="cannot be closed"):
        audits.close_nonconformity(closed)


def test_a_corrective_action_is_checked_for_effect_once_closed(evaluation):
    nc = audits.raise_nonconformity_from_finding(finding(evaluation))
    action = create_record(
        CorrectiveAction, nc.organisation, nonconformity=nc, description="Calendar", due_date=DAY
    )
    with pytest.raises(ValidationError, match="not closed"):
        audits.record_effectiveness(action, effective=True)
    audits.close_corrective_action(action, closed_on=DAY)
    checked = audits.record_effectiveness(action, effective=False, checked_on=DAY)
    assert (checked.effectiveness, checked.effectiveness_checked_on) == ("not_effective", DAY)


def test_a_planned_internal_audit_is_completed(org, as_cli):
    audit = create_record(InternalAudit, org, title="Clause 8 audit", planned_date=DAY)
    done = audits.complete_internal_audit(audit, completed_on=DAY, summary="Two minors")
    assert (done.status, done.completed_on, done.summary) == ("completed", DAY, "Two minors")
    with pytest.raises(ValidationError, match="cannot be completed"):
        audits.complete_internal_audit(done)


def test_a_management_review_is_held_with_minutes(org, as_cli):
    review = create_record(ManagementReview, org, title="Annual review", planned_date=DAY)
    with pytest.raises(ValidationError, match="minutes"):
        audits.hold_management_review(review, minutes="")
    held = audits.hold_management_review(review, minutes="Reviewed KPIs", held_on=DAY)
    assert (held.status, held.held_on) == ("held", DAY)
