"""A calendar or a batch of tickets that makes no sense is refused, naming the field."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from evident.agreements.business_time import (
    BusinessCalendar,
    Pauses,
    attainment,
    business_seconds,
    deadlines,
)

LONDON = "Europe/London"


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (
            {"mon": ["08:00-12:00", "11:00-13:00"]},
            r"hours\[mon\]: 11:00-13:00 overlaps 08:00-12:00",
        ),
        ({"tue": ["17:00-09:00"]}, r"hours\[tue\]: 17:00-09:00 ends before it starts"),
        ({"wed": ["09:00-09:00"]}, r"hours\[wed\]: 09:00-09:00 ends before it starts"),
        ({"thu": ["9am-5pm"]}, r"hours\[thu\]: '9am' is not a time of day"),
        ({"fri": ["09:00-24:30"]}, r"hours\[fri\]: '24:30' is not a time of day"),
        ({"funday": ["09:00-17:00"]}, r"hours: 'funday' is not a weekday"),
        ({}, r"hours: the week has no working time"),
        (["09:00-17:00"] * 5, r"hours: give a mapping of weekdays or seven days"),
    ],
)
def test_working_hours_that_make_no_sense_are_refused(hours, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(LONDON, hours)


def test_touching_intervals_are_joined_and_a_day_may_end_at_midnight():
    calendar = BusinessCalendar(LONDON, {"sat": ["12:00-24:00", "08:00-12:00"]})
    assert calendar.intervals_on(5) == ((8 * 60, 24 * 60),)


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(ValueError, match="timezone: unknown time zone 'Mars/Olympus_Mons'"):
        BusinessCalendar.round_the_clock("Mars/Olympus_Mons")


def test_an_unknown_holiday_country_or_subdivision_is_refused():
    with pytest.raises(ValueError, match="country: unknown holiday country 'XX'"):
        BusinessCalendar.round_the_clock(LONDON, country="XX")
    with pytest.raises(ValueError, match="subdivision: 'ZZ' is not a subdivision of GB"):
        BusinessCalendar.round_the_clock(LONDON, country="GB", subdivision="ZZ")
    with pytest.raises(ValueError, match="subdivision: given without a country"):
        BusinessCalendar.round_the_clock(LONDON, subdivision="ENG")


def test_holidays_must_be_dates_and_yearly_holidays_real_days_of_the_year():
    with pytest.raises(ValueError, match="holidays: '2024-12-25' is not a date"):
        BusinessCalendar.round_the_clock(LONDON, holidays={"2024-12-25"})
    with pytest.raises(ValueError, match=r"yearly_holidays: \(2, 30\) is not a \(month, day\)"):
        BusinessCalendar.round_the_clock(LONDON, yearly_holidays={(2, 30)})


def test_the_twenty_ninth_of_february_is_a_day_off_only_in_leap_years():
    calendar = BusinessCalendar.round_the_clock(LONDON, yearly_holidays={(2, 29)})
    days = calendar.days_off(dt.date(2023, 1, 1), dt.date(2024, 12, 31))
    assert days == {dt.date(2024, 2, 29)}


def test_a_ticket_that_ends_before_it_starts_is_refused():
    calendar = BusinessCalendar.round_the_clock(LONDON)
    with pytest.raises(ValueError, match="ends: a ticket ends before it starts"):
        business_seconds(calendar, [7200], [3600])
    with pytest.raises(ValueError, match="ends: must have one end per start"):
        business_seconds(calendar, [0, 60], [3600])


def test_instants_must_be_known_whole_values():
    calendar = BusinessCalendar.round_the_clock(LONDON)
    with pytest.raises(ValueError, match="starts: contains NaT"):
        business_seconds(calendar, np.array(["NaT"], "datetime64[s]"), [3600])
    with pytest.raises(ValueError, match="starts: give integer epoch seconds"):
        business_seconds(calendar, [0.5], [3600])


def test_pauses_that_make_no_sense_are_refused():
    calendar = BusinessCalendar.round_the_clock(LONDON)
    with pytest.raises(ValueError, match="pause ends: a pause ends before it starts"):
        Pauses.of([0], [3600], [0])
    with pytest.raises(ValueError, match="pauses: ticket, starts and ends must have the same"):
        Pauses.of([0, 0], [0], [60])
    with pytest.raises(ValueError, match="ticket: a pause names a ticket position"):
        business_seconds(calendar, [0], [3600], Pauses.of([1], [0], [60]))


def test_negative_targets_are_refused():
    calendar = BusinessCalendar.round_the_clock(LONDON)
    with pytest.raises(ValueError, match="targets: business seconds cannot be negative"):
        deadlines(calendar, [0], [-60])


def test_attainment_needs_one_non_negative_integer_key_per_ticket():
    with pytest.raises(ValueError, match="keys: must have one key per ticket"):
        attainment([True, False], [0])
    with pytest.raises(ValueError, match="keys: give non-negative integers"):
        attainment([True], [-1])
