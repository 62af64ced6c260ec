"""Improvement (10): the improvement register's decisions, internal nonconformities, and
effectiveness verified by recurrence."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.audits import services as audits
from evident.audits.models import Evaluation, Finding, Improvement, Nonconformity
from evident.audits.recurrence import recurred, recurrence_of

from .builders import Builder

DAY = dt.date(2025, 3, 3)
KEY = "s2.change.approved-before-start"


@pytest.fixture
def b(org, as_cli):
    return Builder(org)


@pytest.fixture
def idea(b):
    return b.make(Improvement, title="Self-service password reset", raised_on=DAY)


def test_an_accepted_improvement_needs_an_owner(idea):
    with pytest.raises(ValidationError, match="owner"):
        audits.decide_improvement(idea, decision="accepted", decided_on=DAY)


def test_an_improvement_is_accepted_started_and_completed_with_its_result(b, idea):
    owner = b.person("Olive Owner")
    idea = audits.decide_improvement(idea, decision="accepted", decided_on=DAY, owner=owner)
    idea = audits.start_improvement(idea)
    assert idea.status == Improvement.Status.IN_PROGRESS
    done = audits.complete_improvement(idea, result="Calls fell by 60 %", completed_on=DAY)
    assert (done.status, done.completed_on, done.result) == ("completed", DAY, "Calls fell by 60 %")


def test_a_rejected_improvement_is_closed_and_cannot_be_completed(idea):
    idea = audits.decide_improvement(idea, decision="rejected", decided_on=DAY)
    assert idea.status == Improvement.Status.CLOSED
    with pytest.raises(ValidationError, match="not accepted"):
        audits.complete_improvement(idea, result="Done anyway")


def test_a_completed_improvement_says_what_it_achieved(b, idea):
    owner = b.person("Olive Owner")
    idea = audits.decide_improvement(idea, decision="accepted", decided_on=DAY, owner=owner)
    with pytest.raises(ValidationError, match="achieved"):
        audits.complete_improvement(idea, result="  ")


def test_an_unknown_decision_is_refused(idea):
    with pytest.raises(ValidationError, match="decision"):
        audits.decide_improvement(idea, decision="maybe")


def _finding(b, grade, key=KEY, audit_date=DAY):
    evaluation = b.make(
        Evaluation,
        stage=2,
        audit_date=audit_date,
        period_start=audit_date - dt.timedelta(days=365),
        period_end=audit_date,
        seed=1,
        engine_version="test",
        evidence_digest="0" * 64,
    )
    return b.make(
        Finding,
        evaluation=evaluation,
        check_id=key,
        key=key,
        clause="8.5.1",
        grade=grade,
        statement="Something to improve.",
    )


def test_an_ofi_finding_enters_the_register_once(b):
    finding = _finding(b, Finding.Grade.OFI)
    first = audits.raise_improvement_from_finding(finding, raised_on=DAY)
    assert (first.source, first.finding_key) == (Improvement.Source.OFI_FINDING, KEY)
    assert audits.raise_improvement_from_finding(finding).pk == first.pk


def test_only_an_ofi_enters_the_register_from_a_finding(b):
    with pytest.raises(ValidationError, match="not an opportunity"):
        audits.raise_improvement_from_finding(_finding(b, Finding.Grade.MINOR))


def test_an_internal_nonconformity_carries_what_it_needs_without_a_plan(b):
    owner = b.person("Olive Owner")
    nc = b.make(
        Nonconformity,
        title="Reviews late",
        source="internal_audit",
        raised_on=DAY,
        correction="Held the two reviews",
        root_cause="Nobody scheduled them",
        owner=owner,
        due_date=DAY + dt.timedelta(days=30),
    )
    assert (nc.owner, nc.root_cause) == (owner, "Nobody scheduled them")


def _closed(b, closed_on=dt.date(2024, 10, 1), key=KEY, title="Changes started early"):
    return b.make(
        Nonconformity,
        title=title,
        source="engine",
        clause="8.5.1",
        finding_key=key,
        raised_on=closed_on - dt.timedelta(days=60),
        status="closed",
        closed_on=closed_on,
    )


def test_a_later_nonconformity_with_the_same_clause_and_key_is_a_recurrence(b, org):
    first = _closed(b)
    again = b.make(
        Nonconformity,
        title="Changes started early",
        source="internal_audit",
        clause="8.5.1",
        finding_key=KEY,
        raised_on=dt.date(2025, 1, 5),
    )
    found = recurrence_of(first)
    assert found.later_nonconformities == (again,)
    assert list(recurred(Nonconformity.objects.filter(organisation=org))) == [first]


def test_a_later_engine_finding_with_the_same_key_is_a_recurrence(b, org):
    first = _closed(b)
    finding = _finding(b, Finding.Grade.MINOR, audit_date=dt.date(2025, 1, 15))
    assert recurrence_of(first).later_findings == (finding,)
    assert list(recurred(Nonconformity.objects.filter(organisation=org))) == [first]


def test_a_finding_before_the_closure_or_an_ofi_is_no_recurrence(b, org):
    first = _closed(b)
    _finding(b, Finding.Grade.MINOR, audit_date=dt.date(2024, 9, 1))
    _finding(b, Finding.Grade.OFI, audit_date=dt.date(2025, 1, 15))
    assert recurrence_of(first) is None
    assert not recurred(Nonconformity.objects.filter(organisation=org)).exists()


def test_without_a_key_the_same_title_and_clause_recur(b, org):
    first = _closed(b, key="", title="Supplier review missed")
    b.make(
        Nonconformity,
        title="Supplier review missed",
        source="internal_audit",
        clause="8.5.1",
        raised_on=dt.date(2025, 2, 1),
    )
    b.make(Nonconformity, title="Other", source="internal_audit", clause="8.5.1", raised_on=DAY)
    assert len(recurrence_of(first).later_nonconformities) == 1
    assert list(recurred(Nonconformity.objects.filter(organisation=org))) == [first]


def test_an_open_nonconformity_cannot_have_recurred(b):
    still_open = b.make(Nonconformity, title="Open", source="complaint", raised_on=DAY)
    assert recurrence_of(still_open) is None
