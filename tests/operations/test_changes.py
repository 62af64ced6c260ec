"""Change verbs: request, assess, decide, schedule with clash warnings, implement, review."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.catalogue.models import ConfigurationItem, Service
from evident.core.context import acting
from evident.core.models import HistoryEntry, Organisation, Person
from evident.core.services import create_record
from evident.operations import change_services as cs
from evident.operations.models import Change, ChangeApproval, ChangeAuthority, ChangeTemplate

T0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def org(db):
    with acting(source="cli", actor_name="test"):
        yield Organisation.objects.create(slug="chg", name="Chg")


@pytest.fixture
def service(org):
    return create_record(Service, org, name="Email")


@pytest.fixture
def manager(org):
    return create_record(Person, org, name="Change manager")


@pytest.fixture
def template(org, manager):
    return create_record(
        ChangeTemplate, org, name="Renew a certificate", approved_by=manager, approved_at=T0
    )


def normal_change(org, service, **fields):
    return cs.request_change(org, title="Patch relay", service=service, requested_at=T0, **fields)


def history(obj):
    return HistoryEntry.objects.filter(model=obj._meta.label_lower, object_id=obj.pk)


def test_a_standard_change_follows_its_template_and_is_pre_approved(org, service, template):
    change = cs.request_change(
        org, title="Renew cert", service=service, requested_at=T0,
        change_type=Change.Type.STANDARD, template=template,
    )  # fmt: skip
    assert change.status == Change.Status.APPROVED and change.risk == template.risk
    assert history(change).count() == 1


def test_a_standard_change_without_an_approved_active_template_is_refused(
    org, service, template, manager
):
    standard = {"title": "Renew cert", "service": service, "requested_at": T0,
                "change_type": Change.Type.STANDARD}  # fmt: skip
    with pytest.raises(ValidationError, match="must name its standard template"):
        cs.request_change(org, **standard)
    draft = create_record(ChangeTemplate, org, name="Draft model")
    with pytest.raises(ValidationError, match="not approved"):
        cs.request_change(org, template=draft, **standard)
    withdrawn = create_record(
        ChangeTemplate, org, name="Old", approved_by=manager, approved_at=T0, active=False
    )
    with pytest.raises(ValidationError, match="no longer active"):
        cs.request_change(org, template=withdrawn, **standard)


def test_a_normal_change_names_no_template(org, service, template):
    with pytest.raises(ValidationError, match="Only a standard change"):
        normal_change(org, service, template=template)


def test_a_normal_change_is_assessed_then_decided_by_the_cab(org, service, manager):
    cab = create_record(
        ChangeAuthority, org, name="CAB", kind="cab", chair=manager, members=[manager.pk]
    )
    change = normal_change(org, service)
    with pytest.raises(ValidationError, match="not been assessed"):
        cs.approve_change(change, authority="cab", decision="approved", decided_at=T0 + HOUR)
    cs.assess_change(change, risk="medium", assessment="May queue mail.", assessed_by=manager,
                     assessed_at=T0 + HOUR)  # fmt: skip
    assert change.status == Change.Status.ASSESSED
    approval = cs.approve_change(
        change, authority="cab", decision="approved", decided_at=T0 + 2 * HOUR,
        approver=manager, body=cab,
    )  # fmt: skip
    change.refresh_from_db()
    assert change.status == Change.Status.APPROVED and approval.authority_body == cab
    assert change.approved_before_start is False  # not started yet


def test_the_decider_must_sit_on_the_board_and_the_board_must_fit_the_change(org, service, manager):
    outsider = create_record(Person, org, name="Outsider")
    ecab = create_record(ChangeAuthority, org, name="ECAB", kind="ecab", members=[manager.pk])
    change = normal_change(org, service, risk_assessment="Low", assessed_at=T0)
    with pytest.raises(ValidationError, match="is not decided by the ecab"):
        cs.approve_change(change, authority="ecab", decision="approved", decided_at=T0)
    emergency = normal_change(org, service, change_type=Change.Type.EMERGENCY)
    with pytest.raises(ValidationError, match="does not sit on"):
        cs.approve_change(emergency, authority="ecab", decision="approved", decided_at=T0,
                          approver=outsider, body=ecab)  # fmt: skip
    with pytest.raises(ValidationError, match="authority_body"):
        create_record(ChangeApproval, org, change=change, authority="cab", authority_body=ecab,
                      decision="approved", decided_at=T0)  # fmt: skip


def test_scheduling_warns_of_a_clash_on_a_shared_item_but_keeps_the_window(org, service):
    relay = create_record(ConfigurationItem, org, name="Mail relay")
    first = normal_change(org, service, configuration_items=[relay])
    second = normal_change(org, service, configuration_items=[relay])
    _, clashes = cs.schedule_change(first, planned_start=T0, planned_end=T0 + 3 * HOUR)
    assert clashes == []
    second, clashes = cs.schedule_change(
        second, planned_start=T0 + 2 * HOUR, planned_end=T0 + 4 * HOUR
    )
    assert second.planned_start == T0 + 2 * HOUR
    assert [(c.change.ref, c.other.ref) for c in clashes] == [(second.ref, first.ref)]
    assert [ci["ref"] for ci in clashes[0].configuration_items] == [relay.ref]
    with pytest.raises(ValidationError, match="end after it starts"):
        cs.schedule_change(first, planned_start=T0, planned_end=T0)


def test_implementing_and_reviewing_leave_the_outcome_and_close_the_change(org, service):
    change = normal_change(org, service)
    cs.implement_change(change, actual_start=T0, actual_end=T0 + HOUR, outcome="backed_out")
    with pytest.raises(ValidationError, match="follows the implementation"):
        cs.review_change(change, completed_at=T0, notes="Early")
    cs.review_change(change, completed_at=T0 + 24 * HOUR, notes="Rollback worked; test gap.")
    change.refresh_from_db()
    assert (change.status, change.outcome) == (Change.Status.CLOSED, "backed_out")
    assert history(change).count() == 3
