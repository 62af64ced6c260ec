"""KPIs computed from the records (9.1), their monthly series and ``evident measure-kpis``."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from evident.agreements.models import SLA, SlaMeasurement, SlaTarget
from evident.audits import services as audits
from evident.audits.kpis import COMPUTED, Period, measure_kpis, read_kpi
from evident.audits.models import CorrectiveAction, Kpi, KpiMeasurement, Nonconformity
from evident.core.models import HistoryEntry
from evident.core.services import void_record
from evident.governance.models import RoleAssignment
from evident.operations.models import Change, Incident, ServiceRequest
from evident.support.models import (
    Acknowledgement,
    CompetenceRequirement,
    Document,
    TrainingCourse,
    TrainingRecord,
)

from .builders import Builder, at

MARCH = Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31))


@pytest.fixture
def b(org, as_cli):
    return Builder(org)


def kpi(org, computation, **fields):
    return audits.define_kpi(org, key=computation, computation=computation, **fields)


def value(org, computation, period=MARCH, **fields):
    return read_kpi(kpi(org, computation, **fields), period)


def test_every_kpi_the_issue_names_is_computed():
    assert set(COMPUTED) == {
        "sla-attainment",
        "mean-time-to-resolve",
        "change-success-rate",
        "emergency-change-share",
        "incidents-per-service",
        "open-backlog",
        "training-coverage",
        "acknowledgement-coverage",
        "overdue-actions",
    }


def test_a_computed_kpi_takes_its_name_unit_and_direction_from_the_registry(org, as_cli):
    defined = kpi(org, "mean-time-to-resolve")
    assert (defined.name, defined.unit, defined.direction) == (
        "Mean time to resolve incidents",
        "hours",
        Kpi.Direction.LOWER,
    )
    assert defined.meets_target(Decimal("4")) is True
    assert defined.meets_target(Decimal("12")) is False


def test_an_unknown_computation_is_refused(org, as_cli):
    with pytest.raises(ValidationError, match="computation"):
        kpi(org, "happiness-index")


def test_sla_attainment_is_the_share_of_measurements_met(org, b):
    sla = b.make(SLA, name="Email SLA", service=b.service("Email"))
    for metric, met in (("response", True), ("resolution", True), ("uptime", True), ("fix", False)):
        target = b.make(SlaTarget, sla=sla, metric=metric, target_value=1)
        b.make(SlaMeasurement, target=target, month=MARCH.start, value=1, met=met)
        b.make(SlaMeasurement, target=target, month=dt.date(2025, 2, 1), value=1, met=False)
    reading = value(org, "sla-attainment")
    assert reading.value == Decimal("75.000")
    assert reading.basis == {"measurements": 4, "met": 3}


def test_mean_time_to_resolve_counts_incidents_resolved_in_the_period(org, b):
    email = b.service("Email")
    b.incident(email, dt.date(2025, 3, 3), resolved_at=at(dt.date(2025, 3, 3), 14))  # 4 h
    b.incident(email, dt.date(2025, 3, 4), resolved_at=at(dt.date(2025, 3, 4), 18))  # 8 h
    b.incident(email, dt.date(2025, 2, 4), resolved_at=at(dt.date(2025, 2, 4), 20))  # February
    reading = value(org, "mean-time-to-resolve")
    assert (reading.value, reading.basis) == (Decimal("6.000"), {"resolved": 2})


def test_a_month_without_resolved_incidents_has_no_value(org, b):
    assert value(org, "mean-time-to-resolve").value is None


def test_change_success_and_emergency_share(org, b):
    email = b.service("Email")
    b.change(email, dt.date(2025, 3, 10))
    b.change(email, dt.date(2025, 3, 11), outcome=Change.Outcome.FAILED)
    b.change(email, dt.date(2025, 3, 12), change_type=Change.Type.EMERGENCY)
    b.change(email, dt.date(2025, 3, 13), outcome=Change.Outcome.BACKED_OUT)
    assert value(org, "change-success-rate").value == Decimal("50.000")
    assert value(org, "emergency-change-share").value == Decimal("25.000")


def test_a_kpi_for_one_service_reads_only_that_services_records(org, b):
    email, payroll = b.service("Email"), b.service("Payroll")
    for day in (3, 4, 5):
        b.incident(email, dt.date(2025, 3, day))
    b.incident(payroll, dt.date(2025, 3, 6))
    assert value(org, "incidents-per-service").value == Decimal("2.000")  # 4 over 2 services
    per_email = audits.define_kpi(
        org, key="email-incidents", computation="incidents-per-service", service=email
    )
    assert read_kpi(per_email, MARCH).value == Decimal(3)


def test_the_backlog_is_what_was_still_open_when_the_period_ended(org, b):
    email = b.service("Email")
    b.incident(email, dt.date(2025, 3, 3), resolved_at=None, status=Incident.Status.NEW)
    b.incident(email, dt.date(2025, 3, 30), resolved_at=at(dt.date(2025, 4, 2)))
    b.incident(email, dt.date(2025, 3, 3))  # resolved the same day
    b.make(ServiceRequest, title="Mailbox", service=email, opened_at=at(dt.date(2025, 3, 5)))
    b.make(
        ServiceRequest,
        title="Withdrawn",
        service=email,
        opened_at=at(dt.date(2025, 3, 5)),
        status=ServiceRequest.Status.CANCELLED,
    )
    reading = value(org, "open-backlog")
    assert reading.value == Decimal(3)
    assert reading.basis == {"incidents": 2, "requests": 1, "problems": 0}


def test_training_coverage_follows_the_competence_rule(org, b):
    trained, untrained = b.person("Trained"), b.person("Untrained")
    course = b.make(TrainingCourse, title="Incident handling")
    b.make(CompetenceRequirement, role="Analyst", course=course)
    for person in (trained, untrained):
        b.make(RoleAssignment, person=person, role="Analyst")
    b.make(TrainingRecord, person=trained, course=course, completed_on=dt.date(2025, 1, 5))
    reading = value(org, "training-coverage")
    assert reading.value == Decimal("50.000")
    assert reading.basis == {"role_holders": 2, "short": 1}


def test_acknowledgement_coverage_counts_the_current_policy_version_by_period_end(org, b):
    people = [b.person(f"P{i}") for i in range(4)]
    policy = b.document("Policy", Document.Type.SM_POLICY)
    version = b.version(policy, people[0])
    for person, day in ((people[0], 3), (people[1], 20)):
        b.make(
            Acknowledgement,
            person=person,
            document_version=version,
            acknowledged_at=at(dt.date(2025, 3, day)),
        )
    b.make(
        Acknowledgement,
        person=people[2],
        document_version=version,
        acknowledged_at=at(dt.date(2025, 4, 2)),
    )
    reading = value(org, "acknowledgement-coverage")
    assert reading.value == Decimal("50.000")
    assert reading.basis["policy_version"] == version.ref


def test_overdue_actions_are_open_and_past_due_at_period_end(org, b):
    nc = b.make(Nonconformity, title="Gap", source="internal_audit", raised_on=dt.date(2025, 1, 1))
    b.make(CorrectiveAction, nonconformity=nc, description="Late", due_date=dt.date(2025, 3, 1))
    b.make(
        CorrectiveAction,
        nonconformity=nc,
        description="Closed after the period",
        due_date=dt.date(2025, 3, 10),
        closed_on=dt.date(2025, 4, 5),
    )
    b.make(
        CorrectiveAction,
        nonconformity=nc,
        description="Done in time",
        due_date=dt.date(2025, 3, 10),
        closed_on=dt.date(2025, 3, 9),
    )
    assert value(org, "overdue-actions").value == Decimal(2)


def test_measuring_a_month_twice_updates_the_values(org, b):
    email = b.service("Email")
    kpi(org, "incidents-per-service", service=email)
    audits.define_kpi(org, key="csat", name="Customer satisfaction")  # measured by hand
    b.incident(email, dt.date(2025, 3, 3))
    (first,) = measure_kpis(org, dt.date(2025, 3, 1))
    assert (first.value, first.source, first.period_end) == (
        Decimal(1),
        KpiMeasurement.Source.COMPUTED,
        dt.date(2025, 3, 31),
    )
    b.incident(email, dt.date(2025, 3, 4))
    (second,) = measure_kpis(org, dt.date(2025, 3, 1))
    assert second.pk == first.pk and second.value == Decimal(2)
    assert KpiMeasurement.objects.filter(organisation=org).count() == 1
    actions = HistoryEntry.objects.filter(model="audits.kpimeasurement").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["create", "update"]


def test_a_kpi_measured_by_hand_cannot_be_given_computed_values(org, as_cli):
    manual = audits.define_kpi(org, key="csat", name="Customer satisfaction")
    with pytest.raises(ValidationError, match="by hand"):
        audits.record_kpi_measurement(
            manual,
            period_start=MARCH.start,
            period_end=MARCH.end,
            value=4,
            source=KpiMeasurement.Source.COMPUTED,
        )


def test_the_command_measures_a_month_and_names_each_value(org, as_cli):
    kpi(org, "overdue-actions")
    out = StringIO()
    call_command("measure_kpis", "--org", org.slug, "--month", "2025-03", stdout=out)
    assert "overdue-actions 2025-03: 0 actions" in out.getvalue()
    entry = HistoryEntry.objects.filter(model="audits.kpimeasurement").get()
    assert (entry.action, entry.source) == ("create", "cli")


def test_the_command_refuses_a_malformed_month(org):
    with pytest.raises(CommandError, match="--month"):
        call_command("measure_kpis", "--org", org.slug, "--month", "March")


def test_a_computation_this_installation_lacks_is_skipped_when_measuring(org, as_cli):
    """A KPI imported from a newer installation keeps its computation but gets no value here."""
    from evident.core.services import create_record

    create_record(Kpi, org, key="future", name="Future KPI", computation="not-yet-known")
    assert measure_kpis(org, dt.date(2025, 3, 1)) == []


def test_a_voided_record_is_not_counted(org, b):
    email = b.service("Email")
    kept = b.incident(email, dt.date(2025, 3, 3))
    mistake = b.incident(email, dt.date(2025, 3, 4))
    assert value(org, "incidents-per-service").value == Decimal("2.000")
    void_record(mistake, reason="entered twice")
    again = audits.define_kpi(org, key="again", computation="incidents-per-service")
    assert read_kpi(again, MARCH).value == Decimal("1.000")
    assert Incident.objects.filter(pk__in=[kept.pk, mistake.pk]).count() == 2
