"""Change-control, design and release records a healthy organisation keeps (8.5).

``add_change_control`` gives an organisation built by ``builders.healthy_org``
its change management and release policies, its change boards, a standard-change
template, the risk assessment of its change, and a design with a transition plan
for its pipeline service, as at ``AUDIT_DATE``. Email went live years ago;
payroll went live in the period, designed first, tried in staging and accepted
against its transition plan before its major release reached production.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evident.catalogue.models import Service
from evident.catalogue.services import put_service_live
from evident.core.models import Person
from evident.core.services import update_record
from evident.core.tenancy import scoped
from evident.operations.models import (
    Change,
    ChangeAuthority,
    ChangeTemplate,
    Deployment,
    Release,
    ServiceDesign,
    TransitionPlan,
)
from evident.support.models import Document

EMAIL_LIVE_ON = dt.date(2019, 5, 1)
PAYROLL_LIVE_ON = dt.date(2024, 9, 2)  # in the period of AUDIT_DATE
PIPELINE_TRANSITION = dt.date(2026, 2, 1)


@dataclass
class ChangeControl:
    """The records tests reach for."""

    policy: Document
    release_policy: Document
    cab: ChangeAuthority
    ecab: ChangeAuthority
    template: ChangeTemplate
    pipeline_design: ServiceDesign
    pipeline_plan: TransitionPlan = None
    payroll_design: ServiceDesign = None
    payroll_plan: TransitionPlan = None
    payroll_release: Release = None


def add_change_control(build, h) -> ChangeControl:
    """Add the records to the healthy organisation ``h`` (a ``builders.Healthy``)."""
    policy = build.document(
        "Change management policy", Document.Type.POLICY, approver=h.ceo, clauses="8.5.1"
    )
    release_policy = build.document(
        "Release policy", Document.Type.POLICY, approver=h.ceo, clauses="8.5.3"
    )
    cab = build.make(
        ChangeAuthority,
        name="CAB",
        kind=ChangeAuthority.Kind.CAB,
        chair=h.staff[0],
        members=[h.staff[0].pk, h.staff[1].pk],
    )
    ecab = build.make(
        ChangeAuthority,
        name="ECAB",
        kind=ChangeAuthority.Kind.ECAB,
        chair=h.staff[0],
        members=[h.staff[0].pk],
    )
    template = build.make(
        ChangeTemplate,
        name="Renew a certificate",
        steps="Issue; install; test.",
        approved_by=h.staff[0],
        approved_at=dt.datetime(2024, 1, 10, tzinfo=dt.UTC),
    )
    assess(h.change, h.staff[0])
    pipeline = scoped(Service, build.org).get(status=Service.Status.PIPELINE)
    design = build.make(
        ServiceDesign,
        service=pipeline,
        summary="A data lake on object storage.",
        requirements="Daily loads from payroll; reports within a minute.",
        requirements_met=True,
        approved_by=h.ceo,
        approved_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
    )
    control = ChangeControl(policy, release_policy, cab, ecab, template, design)
    control.pipeline_plan = build.make(
        TransitionPlan,
        design=design,
        planned_date=PIPELINE_TRANSITION,
        acceptance_criteria="A month of daily loads without a failed run.",
    )
    update_record(h.email, live_on=EMAIL_LIVE_ON)
    _payroll_goes_live(build, h, control)
    return control


def _payroll_goes_live(build, h, control: ChangeControl) -> None:
    """Payroll: designed, accepted against its transition plan, tried in staging, then live."""
    day = PAYROLL_LIVE_ON
    control.payroll_design = build.make(
        ServiceDesign,
        service=h.payroll,
        summary="Payroll run on the hosted application, paid through the bank's file link.",
        requirements="Monthly run by the 25th; payslips to every employee.",
        requirements_met=True,
        approved_by=h.ceo,
        approved_at=_at(day - dt.timedelta(days=50)),
    )
    control.payroll_plan = build.make(
        TransitionPlan,
        design=control.payroll_design,
        planned_date=day - dt.timedelta(days=3),
        acceptance_criteria="A parallel run matching the old payroll to the cent.",
        completed_on=day - dt.timedelta(days=2),
        accepted_by=h.ceo,
    )
    control.payroll_release = build.make(
        Release,
        name="Payroll go-live",
        service=h.payroll,
        release_type=Release.Type.MAJOR,
        status=Release.Status.CLOSED,
        released_at=_at(day),
        outcome=Release.Outcome.SUCCESSFUL,
    )
    for environment, when in (("staging", day - dt.timedelta(days=1)), ("production", day)):
        build.make(
            Deployment,
            release=control.payroll_release,
            environment=environment,
            deployed_at=_at(when),
            outcome=Deployment.Outcome.SUCCESSFUL,
        )
    put_service_live(h.payroll, day)
    h.payroll.refresh_from_db()


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)


def assess(change: Change, by: Person) -> Change:
    """Record a risk assessment made when the change was requested, before it started."""
    return update_record(
        change,
        risk_assessment="Mail may queue for minutes; back-out restores the old relay.",
        assessed_by=by,
        assessed_at=change.requested_at,
    )
