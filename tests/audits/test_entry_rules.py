"""What a person may enter and edit in audit and improvement records (``audits.records``).

A closure, a decision or the engine's verdict is made by its transition; the
entry verbs refuse it in an edit, naming the field. Each verb is one operation.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.agreements.models import Complaint, Customer
from evident.audits import services as audits
from evident.audits.complaints import raise_complaint_as_nonconformity
from evident.audits.models import (
    AuditChecklistItem,
    AuditProgramme,
    CorrectiveAction,
    Evaluation,
    Improvement,
    InternalAudit,
    Nonconformity,
    ServiceReport,
)
from evident.catalogue.models import Service
from evident.core.models import HistoryEntry, Person
from evident.core.services import create_record
from evident.core.writers import writer_for

DAY = dt.date(2025, 3, 3)


def refused_fields(call, *args, **kwargs) -> set[str]:
    with pytest.raises(ValidationError) as refused:
        call(*args, **kwargs)
    return set(refused.value.message_dict)


def nonconformity(org, **fields):
    fields = {"title": "Late reviews", "source": "internal_audit", "raised_on": DAY, **fields}
    return create_record(Nonconformity, org, **fields)


def test_a_nonconformity_is_not_entered_closed(org, as_cli):
    enter = writer_for(Nonconformity).create
    fields = {"title": "Late reviews", "source": "internal_audit", "raised_on": DAY}
    assert refused_fields(enter, org, closed_on=DAY, closure_verified=True, **fields) == {
        "closed_on",
        "closure_verified",
    }
    assert enter(org, **fields).status == "open"


def test_a_closure_is_not_verified_by_editing(org, as_cli):
    closed = audits.close_nonconformity(nonconformity(org), closed_on=DAY)
    revise = writer_for(Nonconformity).update
    assert refused_fields(revise, closed, closure_verified=True) == {"closure_verified"}
    assert revise(closed, statement="Two reviews late", closed_on=DAY).statement


def test_an_improvements_decision_is_taken_by_its_transition(org, as_cli):
    owner = create_record(Person, org, name="Olive Owner")
    idea = create_record(Improvement, org, title="Chat", raised_on=DAY)
    revise = writer_for(Improvement).update
    assert refused_fields(revise, idea, decision="accepted", decided_on=DAY, owner=owner) == {
        "decision",
        "decided_on",
    }
    assert refused_fields(revise, idea, completed_on=DAY) == {"completed_on"}


def test_an_improvement_entered_decided_keeps_the_decisions_rules(org, as_cli):
    enter = writer_for(Improvement).create
    fields = {"title": "Chat", "raised_on": DAY, "decided_on": DAY}
    assert refused_fields(enter, org, decision="accepted", **fields) == {"owner"}
    assert enter(org, decision="rejected", **fields).status == Improvement.Status.CLOSED


def test_effectiveness_is_judged_on_a_closed_action_on_a_named_day(org, as_cli):
    action = create_record(
        CorrectiveAction, org, nonconformity=nonconformity(org), description="Book", due_date=DAY
    )
    revise = writer_for(CorrectiveAction).update
    assert refused_fields(revise, action, effectiveness="effective") == {"effectiveness"}
    closed = {"closed_on": DAY, "effectiveness": "effective"}
    assert refused_fields(revise, action, **closed) == {"effectiveness_checked_on"}
    early = DAY - dt.timedelta(days=1)
    assert refused_fields(revise, action, effectiveness_checked_on=early, **closed) == {
        "effectiveness_checked_on"
    }
    checked = revise(action, effectiveness_checked_on=DAY, **closed)
    assert checked.effectiveness == "effective"


def test_an_approved_programme_names_who_approved_it(org, as_cli):
    enter = writer_for(AuditProgramme).create
    cycle = {"cycle_start": dt.date(2025, 1, 1), "cycle_end": dt.date(2025, 12, 31)}
    assert refused_fields(enter, org, title="2025", approved_on=DAY, **cycle) == {"approved_by"}


def test_a_service_report_is_regenerated_not_edited(org, as_cli):
    email = create_record(Service, org, name="E-mail")
    enter = writer_for(ServiceReport).create
    month = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 1, 31)}
    report = enter(org, service=email, summary="Quiet month", **month)
    assert report.summary == "Quiet month" and report.generated_at is not None
    revise = writer_for(ServiceReport).update
    assert refused_fields(revise, report, period_end=dt.date(2025, 2, 28)) == {"period_end"}
    assert revise(report, summary="A very quiet month").summary == "A very quiet month"


def test_an_evaluation_is_never_edited(org, as_cli):
    run = create_record(
        Evaluation,
        org,
        stage=1,
        audit_date=DAY,
        period_start=DAY,
        period_end=DAY,
        seed=1,
        engine_version="test",
        evidence_digest="0" * 64,
    )
    with pytest.raises(ValidationError, match="run a new evaluation"):
        writer_for(Evaluation).update(run, outcome="ready")


def operations(model, pk) -> set[tuple[str, str]]:
    label = model._meta.label_lower
    entries = HistoryEntry.objects.filter(model=label, object_id=pk)
    return {(e.operation, e.event) for e in entries}


def test_an_audits_nonconformity_and_its_checklist_item_are_one_operation(org, as_cli):
    audit = create_record(InternalAudit, org, title="Clause 8", planned_date=DAY, clauses="8.2")
    item = create_record(AuditChecklistItem, org, audit=audit, clause="8.2", question="Plans?")
    nc = audits.raise_audit_nonconformity(audit, title="No plan", clause="8.2", checklist_item=item)
    (raised,) = operations(Nonconformity, nc.pk)
    assert raised[1] == "nonconformity.raised"
    assert raised in operations(AuditChecklistItem, item.pk)


def test_a_complaint_and_its_nonconformity_are_one_operation(org, as_cli):
    customer = create_record(Customer, org, name="Retail")
    complaint = create_record(Complaint, org, customer=customer, summary="Lost", received_on=DAY)
    nc = raise_complaint_as_nonconformity(complaint, raised_on=DAY)
    (raised,) = operations(Nonconformity, nc.pk)
    assert raised[1] == "nonconformity.raised_from_complaint"
    assert raised in operations(Complaint, complaint.pk)
