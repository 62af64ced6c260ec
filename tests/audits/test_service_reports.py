"""Service reports (9.4): one service and period, generated from the records."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from evident.agreements.models import SLA, SlaMeasurement, SlaTarget
from evident.audits import services as audits
from evident.audits.models import ServiceReport
from evident.operations.models import Change, Problem, ServiceRequest

from .builders import Builder, at

MARCH, MARCH_END = dt.date(2025, 3, 1), dt.date(2025, 3, 31)


@pytest.fixture
def b(org, as_cli):
    return Builder(org)


@pytest.fixture
def email(b):
    return b.service("Email")


def generate(service):
    return audits.generate_service_report(service, period_start=MARCH, period_end=MARCH_END)


def test_the_report_counts_the_services_own_records_in_the_period(b, email):
    payroll = b.service("Payroll")
    b.incident(email, dt.date(2025, 3, 3), priority=1, major=True)
    b.incident(email, dt.date(2025, 3, 4), priority=3)
    b.incident(email, dt.date(2025, 2, 4))  # before the period
    b.incident(payroll, dt.date(2025, 3, 4))  # another service
    b.make(ServiceRequest, title="Mailbox", service=email, opened_at=at(dt.date(2025, 3, 9)))
    b.make(Problem, title="Queue stalls", service=email, opened_at=at(dt.date(2025, 3, 9)))
    content = generate(email).content
    incidents = content["incidents"]
    assert (incidents["opened"], incidents["by_priority"], incidents["major_count"]) == (
        2,
        {"1": 1, "3": 1},
        1,
    )
    assert content["requests"]["opened"] == 1
    assert (content["problems"]["opened"], content["problems"]["open_at_end"]) == (1, 1)


def test_changes_are_reported_by_outcome(b, email):
    b.change(email, dt.date(2025, 3, 10))
    b.change(email, dt.date(2025, 3, 11), outcome=Change.Outcome.FAILED)
    b.change(email, dt.date(2025, 3, 12), change_type=Change.Type.EMERGENCY)
    changes = generate(email).content["changes"]
    assert (changes["completed"], changes["successful"], changes["failed"]) == (3, 2, 1)
    assert (changes["emergency"], changes["success_percent"]) == (1, 66.67)


def test_sla_measurements_of_the_period_and_their_attainment(b, email):
    sla = b.make(SLA, name="Email SLA", service=email)
    target = b.make(SlaTarget, sla=sla, metric="availability", target_value="99.5")
    b.make(SlaMeasurement, target=target, month=MARCH, value="99.9", met=True)
    b.make(SlaMeasurement, target=target, month=dt.date(2025, 4, 1), value=98, met=False)
    levels = generate(email).content["service_levels"]
    assert [m["month"] for m in levels["measurements"]] == ["2025-03-01"]
    assert levels["attainment_percent"] == 100.0


def test_a_month_without_measurements_has_no_attainment(email):
    assert generate(email).content["service_levels"]["attainment_percent"] is None


def test_regenerating_a_period_replaces_the_snapshot(b, email):
    first = generate(email)
    b.incident(email, dt.date(2025, 3, 3))
    again = generate(email)
    assert again.pk == first.pk
    assert again.content["incidents"]["opened"] == 1
    assert ServiceReport.objects.filter(service=email).count() == 1


def test_a_period_ending_before_it_starts_is_refused(email, as_cli):
    with pytest.raises(ValidationError, match="period"):
        audits.generate_service_report(email, period_start=MARCH_END, period_end=MARCH)


def test_the_command_reports_on_one_service_for_a_month(org, b, email):
    b.incident(email, dt.date(2025, 3, 3))
    out = StringIO()
    call_command(
        "service_report",
        "--org",
        org.slug,
        "--service",
        email.ref,
        "--month",
        "2025-03",
        stdout=out,
    )
    assert f"Email ({email.ref}) 2025-03: 1 incidents opened" in out.getvalue()
    assert ServiceReport.objects.get(service=email).period_end == MARCH_END


def test_the_command_refuses_an_unknown_service(org, email):
    with pytest.raises(CommandError, match="SVC999999"):
        call_command("service_report", "--org", org.slug, "--service", "SVC999999")
