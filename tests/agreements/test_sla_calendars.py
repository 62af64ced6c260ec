"""Business calendars and SLA targets are refused, field by field, when they cannot be measured."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evident.agreements import services
from evident.agreements.models import SLA, BusinessCalendar, SlaTarget
from evident.catalogue.models import Service
from evident.core.models import HistoryEntry
from evident.core.services import create_record

OFFICE = {day: [["09:00", "17:00"]] for day in ("monday", "tuesday", "wednesday", "thursday")}


def refused_fields(verb, *args, **fields) -> dict:
    with pytest.raises(ValidationError) as refused:
        verb(*args, **fields)
    return refused.value.message_dict


@pytest.fixture
def sla(org, as_cli):
    service = create_record(Service, org, name="E-mail")
    return create_record(SLA, org, name="E-mail SLA", service=service)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"time_zone": "Europe/Atlantis"}, "time_zone"),
        ({"working_hours": {}}, "working_hours"),
        ({"working_hours": {"monday": [["17:00", "09:00"]]}}, "working_hours"),
        ({"working_hours": {"monday": [["08:00", "12:00"], ["11:00", "13:00"]]}}, "working_hours"),
        ({"working_hours": {"someday": [["08:00", "12:00"]]}}, "working_hours"),
        ({"holidays": ["2025-02-30"]}, "holidays"),
        ({"yearly_holidays": ["13-01"]}, "yearly_holidays"),
        ({"holiday_country": "XX"}, "holiday_country"),
        ({"holiday_country": "GB", "holiday_subdivision": "NOWHERE"}, "holiday_subdivision"),
        ({"holiday_subdivision": "ENG"}, "holiday_subdivision"),
    ],
)
def test_a_calendar_the_clock_cannot_run_on_is_refused_naming_the_field(org, as_cli, fields, field):
    spec = {"name": "Office", "time_zone": "Europe/London", "working_hours": OFFICE, **fields}
    errors = refused_fields(services.define_calendar, org, **spec)
    assert list(errors) == [field]
    assert not BusinessCalendar.objects.exists()


def test_a_sound_calendar_is_defined_and_becomes_the_engine_calendar(org, as_cli):
    calendar = services.define_calendar(
        org,
        name="London office",
        time_zone="Europe/London",
        working_hours=OFFICE,
        holidays=["2025-04-18"],
        yearly_holidays=["12-25"],
        holiday_country="GB",
        holiday_subdivision="ENG",
    )
    engine = services.as_calendar(calendar)
    assert engine.timezone == "Europe/London"
    assert engine.intervals_on(0) == ((540, 1020),) and engine.intervals_on(4) == ()
    assert engine.is_day_off(dt.date(2025, 4, 18)) and engine.is_day_off(dt.date(2026, 12, 25))
    assert engine.is_day_off(dt.date(2025, 5, 5))  # an English bank holiday
    assert HistoryEntry.objects.filter(model="agreements.businesscalendar").count() == 1


def test_revising_a_calendar_into_an_unusable_one_is_refused_and_changes_nothing(org, as_cli):
    calendar = services.define_calendar(org, name="Office", working_hours=OFFICE)
    errors = refused_fields(services.revise_calendar, calendar, time_zone="Moon/Base")
    assert list(errors) == ["time_zone"]
    calendar.refresh_from_db()
    assert calendar.time_zone == "UTC"


def test_an_sla_without_a_calendar_runs_around_the_clock():
    engine = services.as_calendar(None)
    assert engine.weekly_seconds() == 7 * 24 * 3600


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "response", "target_value": Decimal("95")}, "time_limit_minutes"),
        ({"kind": "resolution", "time_limit_minutes": 0, "target_value": 95}, "time_limit_minutes"),
        ({"kind": "response", "time_limit_minutes": 30, "target_value": 120}, "target_value"),
        ({"kind": "response", "time_limit_minutes": 30, "target_value": -1}, "target_value"),
        (
            {
                "kind": "response",
                "time_limit_minutes": 30,
                "target_value": 95,
                "direction": "at_most",
            },
            "direction",
        ),
        (
            {"kind": "availability", "time_limit_minutes": 30, "target_value": 99},
            "time_limit_minutes",
        ),
        ({"kind": "other", "target_value": 1, "priority": 9}, "priority"),
        (
            {
                "kind": "availability",
                "target_value": 99,
                "effective_from": dt.date(2025, 3, 1),
                "effective_to": dt.date(2025, 2, 1),
            },
            "effective_to",
        ),
    ],
)
def test_an_unmeasurable_target_is_refused_naming_the_field(org, as_cli, sla, fields, field):
    errors = refused_fields(services.define_sla_target, org, sla=sla, metric="P1", **fields)
    assert list(errors) == [field]
    assert not SlaTarget.objects.exists()


def test_a_response_target_with_a_limit_and_a_share_is_defined(org, as_cli, sla):
    target = services.define_sla_target(
        org,
        sla=sla,
        metric="P1 response",
        kind="response",
        priority=1,
        time_limit_minutes=30,
        target_value=Decimal("95"),
        effective_from=dt.date(2025, 1, 1),
    )
    assert (target.kind, target.time_limit_minutes, target.priority) == ("response", 30, 1)


def test_revising_a_target_keeps_it_measurable(org, as_cli, sla):
    target = services.define_sla_target(
        org, sla=sla, metric="P1", kind="response", time_limit_minutes=30, target_value=95
    )
    errors = refused_fields(services.revise_sla_target, target, time_limit_minutes=None)
    assert list(errors) == ["time_limit_minutes"]
    services.revise_sla_target(target, time_limit_minutes=45)
    target.refresh_from_db()
    assert target.time_limit_minutes == 45
