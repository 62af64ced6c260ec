"""Availability derived from incident outage time: clipped to the month, overlaps merged."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evident.assurance.availability import measure_month, record_availability
from evident.assurance.models import AvailabilityMeasurement, AvailabilityTarget
from evident.catalogue.models import Service
from evident.core.context import acting
from evident.core.models import HistoryEntry, Organisation
from evident.core.services import create_record, update_record
from evident.core.tenancy import scoped
from evident.operations.models import Incident

MARCH = dt.date(2025, 3, 1)
MARCH_MINUTES = 31 * 24 * 60


def at(day, hour, minute=0):
    return dt.datetime(2025, 3, day, hour, minute, tzinfo=dt.UTC)


@pytest.fixture
def org(db):
    with acting(source="cli", actor_name="test"):
        yield Organisation.objects.create(slug="avail", name="Avail")


@pytest.fixture
def mail(org):
    service = create_record(Service, org, name="Email")
    create_record(
        AvailabilityTarget, org, service=service, target_percent="99.9", effective_from=MARCH
    )
    return service


def outage(org, service, opened, resolved, **fields):
    fields.setdefault("major", True)
    return create_record(
        Incident, org, title="down", service=service, opened_at=opened, resolved_at=resolved,
        **fields,
    )  # fmt: skip


def test_overlapping_outages_count_once_and_minor_incidents_not_at_all(org, mail):
    outage(org, mail, at(3, 10), at(3, 11))
    outage(org, mail, at(3, 10, 30), at(3, 11, 30), major=False, priority=1)
    outage(org, mail, at(9, 8), at(9, 20), major=False, priority=3)
    result = measure_month(mail, MARCH)
    assert (result.agreed_minutes, result.outage_minutes) == (MARCH_MINUTES, 90)
    assert result.measured_percent == Decimal("99.798")
    assert result.met is False


def test_an_outage_across_months_counts_only_its_part_in_the_month(org, mail):
    outage(org, mail, dt.datetime(2025, 2, 28, 23, tzinfo=dt.UTC), at(1, 1))
    outage(org, mail, at(31, 23, 30), None)  # still unresolved
    assert measure_month(mail, MARCH).outage_minutes == 60 + 30


def test_derived_months_are_recorded_and_updated_but_hand_entered_ones_are_kept(org, mail):
    [first] = record_availability(org, MARCH)
    assert (first.source, first.met, first.outage_minutes) == ("derived", True, 0)
    outage(org, mail, at(3, 10), at(3, 12))
    [again] = record_availability(org, MARCH)
    assert (again.pk, again.outage_minutes, again.met) == (first.pk, 120, False)
    update_record(again, source="manual", outage_minutes=5)
    assert record_availability(org, MARCH) == []
    assert scoped(AvailabilityMeasurement, org).get().outage_minutes == 5


def test_the_command_measures_a_month_and_leaves_a_cli_ledger_entry(org, mail):
    out = StringIO()
    call_command("measure_availability", "--org", org.slug, "--month", "2025-03", stdout=out)
    assert "Email 2025-03: 100.000 %" in out.getvalue()
    entry = HistoryEntry.objects.filter(model="assurance.availabilitymeasurement").get()
    assert entry.source == "cli"


def test_the_command_names_a_bad_month(org):
    with pytest.raises(CommandError, match="--month"):
        call_command("measure_availability", "--org", org.slug, "--month", "March")
