"""The internal audit programme (9.2): clauses covered over the cycle, and impartial auditors."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.audits import services as audits
from evident.audits.models import AuditProgramme, InternalAudit
from evident.audits.programme import audit_conflicts, coverage_of, coverage_report
from evident.core.services import create_record
from evident.governance.models import Process, RoleAssignment

from .builders import Builder

DAY = dt.date(2025, 3, 3)


@pytest.fixture
def b(org, as_cli):
    return Builder(org)


@pytest.fixture
def programme(b):
    return b.make(
        AuditProgramme,
        title="Programme 2025",
        cycle_start=dt.date(2025, 1, 1),
        cycle_end=dt.date(2025, 12, 31),
    )


def test_naming_a_clause_covers_everything_below_it():
    coverage = coverage_of(["4,5,6,7,8,9,10"])
    assert coverage.complete
    assert {"8.5.1.2", "9.4", "10.2"} <= set(coverage.covered)


def test_sub_clauses_together_cover_their_parent():
    coverage = coverage_of(["4,5,6,7", "8.1,8.2,8.3,8.4", "8.5,8.6,8.7,9,10"])
    assert coverage.complete and "8" in coverage.covered


def test_gaps_are_the_highest_clauses_no_audit_touches():
    assert coverage_of(["4,5,6,7,8,9", "8.5.1"]).gaps == ("10",)
    assert coverage_of(["4,5,6,7,9,10", "8.1,8.2,8.3,8.4,8.5,8.6,8.7.1"]).gaps == ("8.7.2", "8.7.3")


def test_nothing_named_leaves_every_top_clause_uncovered():
    assert coverage_of([""]).gaps == ("4", "5", "6", "7", "8", "9", "10")


def test_an_audit_naming_a_clause_outside_the_standard_is_refused(org, as_cli):
    with pytest.raises(ValidationError, match="11.1") as raised:
        audits.plan_internal_audit(org, title="Odd", planned_date=DAY, clauses="4, 11.1")
    assert "clauses" in raised.value.message_dict


def test_an_imported_audit_naming_an_unknown_clause_is_kept_but_covers_nothing(org, as_cli):
    """A bundle from an older catalogue is carried as is; coverage ignores what it cannot read."""
    create_record(InternalAudit, org, title="Old", planned_date=DAY, clauses="4, A.5")
    assert coverage_of(["4, A.5"]).named == ("4",)


def test_the_coverage_report_separates_planned_from_completed(b, programme):
    b.make(InternalAudit, title="A", programme=programme, planned_date=DAY, clauses="4,5,6,7")
    b.make(
        InternalAudit,
        title="B",
        programme=programme,
        planned_date=DAY,
        completed_on=DAY,
        status=InternalAudit.Status.COMPLETED,
        clauses="8,9,10",
    )
    b.make(
        InternalAudit,
        title="Cancelled",
        programme=programme,
        planned_date=DAY,
        status=InternalAudit.Status.CANCELLED,
        clauses="4,5,6,7,8,9,10",
    )
    report = coverage_report(programme)
    assert report["planned"]["complete"] is True
    assert report["completed"]["gaps"] == ["4", "5", "6", "7"]


def test_a_process_owner_cannot_be_assigned_to_audit_their_process(org, b):
    owner = b.person("Olive Owner")
    change = b.make(Process, key="change", owner=owner)
    audit = b.make(InternalAudit, title="Change audit", planned_date=DAY, clauses="8.5")
    with pytest.raises(ValidationError) as raised:
        audits.assign_auditors(audit, lead_auditor=owner)
    message = str(raised.value)
    assert "Olive Owner" in message and change.ref in message and "owns" in message
    audit.refresh_from_db()
    assert audit.lead_auditor is None


def test_nor_can_someone_holding_a_role_in_it(org, b):
    analyst = b.person("Ann Analyst")
    incident = b.make(Process, key="incident")
    b.make(RoleAssignment, person=analyst, role="Service desk analyst", process=incident)
    with pytest.raises(ValidationError, match="holds a role in"):
        audits.plan_internal_audit(
            org, title="Incident audit", planned_date=DAY, clauses="8.6.1", auditors=[analyst]
        )


def test_an_audit_of_part_of_a_process_examines_that_process(org, b):
    owner = b.person("Olive Owner")
    b.make(Process, key="change", owner=owner)
    with pytest.raises(ValidationError, match="Olive Owner"):
        audits.plan_internal_audit(
            org, title="CAB audit", planned_date=DAY, clauses="8.5.1.2", lead_auditor=owner
        )


def test_an_owner_may_audit_clauses_outside_their_processes(org, b, programme):
    owner, auditor = b.person("Olive Owner"), b.person("Ivan Auditor")
    b.make(Process, key="change", owner=owner)
    audit = audits.plan_internal_audit(
        org,
        title="Leadership audit",
        programme=programme,
        planned_date=DAY,
        clauses="5,6",
        lead_auditor=auditor,
        auditors=[owner],
    )
    assert list(audit.auditors.all()) == [owner]
    assert audit_conflicts(audit) == []


def test_changing_an_audits_clauses_rechecks_impartiality(org, b):
    owner = b.person("Olive Owner")
    b.make(Process, key="supplier", owner=owner)
    audit = audits.plan_internal_audit(
        org, title="Audit", planned_date=DAY, clauses="7", lead_auditor=owner
    )
    with pytest.raises(ValidationError, match="Olive Owner"):
        audits.update_internal_audit(audit, clauses="8.3")


def test_an_audit_is_planned_inside_its_programmes_cycle(org, programme, as_cli):
    with pytest.raises(ValidationError, match="outside the cycle"):
        audits.plan_internal_audit(
            org, title="Late", programme=programme, planned_date=dt.date(2026, 2, 1), clauses="4"
        )


def test_an_audit_nonconformity_is_tied_to_its_checklist_item(org, b):
    from evident.audits.models import AuditChecklistItem, Nonconformity

    audit = b.make(InternalAudit, title="Audit", planned_date=DAY, clauses="7.3")
    item = b.make(AuditChecklistItem, audit=audit, clause="7.3", question="Policy known?")
    nc = audits.raise_audit_nonconformity(
        audit, title="Policy not known", clause="7.3", checklist_item=item, raised_on=DAY
    )
    item.refresh_from_db()
    assert nc.source == Nonconformity.Source.INTERNAL_AUDIT
    assert (item.result, item.nonconformity) == ("nonconformity", nc)


def test_a_programme_is_approved_once(b, programme):
    approver = b.person("Ada Chief")
    approved = audits.approve_audit_programme(programme, approved_by=approver, approved_on=DAY)
    assert (approved.approved_by, approved.approved_on) == (approver, DAY)
    with pytest.raises(ValidationError, match="already approved"):
        audits.approve_audit_programme(programme, approved_by=approver)
