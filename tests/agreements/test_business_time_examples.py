"""Worked examples of the SLA clock that a reader can check by hand."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np

from evident.agreements.business_time import (
    BusinessCalendar,
    Pauses,
    Timeline,
    attainment,
    breaches,
    business_seconds,
    deadlines,
)

HOUR = 3600
LONDON = "Europe/London"
NINE_TO_FIVE = BusinessCalendar.weekdays(LONDON, "09:00-17:00")
WITH_LUNCH = BusinessCalendar.weekdays(LONDON, "08:00-12:00", "13:00-17:30")


def at(*local: str, zone: str = LONDON) -> np.ndarray:
    """UTC instants (datetime64[s]) for local wall-clock times such as "2024-03-01 16:00"."""
    instants = [dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)) for text in local]
    return np.array([int(moment.timestamp()) for moment in instants]).astype("datetime64[s]")


def hours(seconds) -> list[float]:
    return (np.asarray(seconds) / HOUR).tolist()


def test_a_ticket_opened_friday_at_four_and_resolved_monday_at_ten_took_two_business_hours():
    elapsed = business_seconds(NINE_TO_FIVE, at("2024-03-01 16:00"), at("2024-03-04 10:00"))
    assert hours(elapsed) == [2.0]


def test_time_outside_working_hours_and_at_the_weekend_does_not_count():
    elapsed = business_seconds(
        NINE_TO_FIVE,
        at("2024-03-01 18:00", "2024-03-02 09:00", "2024-03-04 08:00"),
        at("2024-03-04 08:30", "2024-03-03 20:00", "2024-03-04 09:30"),
    )
    assert hours(elapsed) == [0.0, 0.0, 0.5]


def test_a_pause_over_lunch_stops_the_clock_only_for_its_working_minutes():
    # 10:00-15:00 is four working hours (10-12 and 13-15); the pause 11:30-13:30 covers
    # half an hour before lunch and half an hour after it.
    pauses = Pauses.of([0], at("2024-03-05 11:30"), at("2024-03-05 13:30"))
    elapsed = business_seconds(WITH_LUNCH, at("2024-03-05 10:00"), at("2024-03-05 15:00"), pauses)
    assert hours(elapsed) == [3.0]


def test_overlapping_pauses_of_one_ticket_are_not_subtracted_twice():
    pauses = Pauses.of(
        [0, 0, 0],
        at("2024-03-05 10:00", "2024-03-05 10:30", "2024-03-05 11:00"),
        at("2024-03-05 11:00", "2024-03-05 10:45", "2024-03-05 11:15"),
    )
    elapsed = business_seconds(NINE_TO_FIVE, at("2024-03-05 09:00"), at("2024-03-05 17:00"), pauses)
    assert hours(elapsed) == [6.75]


def test_a_pause_outside_its_ticket_changes_nothing():
    pauses = Pauses.of([0], at("2024-03-04 09:00"), at("2024-03-04 17:00"))
    elapsed = business_seconds(NINE_TO_FIVE, at("2024-03-05 09:00"), at("2024-03-05 10:00"), pauses)
    assert hours(elapsed) == [1.0]


def test_bank_holidays_of_the_country_are_whole_days_off():
    # Easter 2024 in England: Good Friday 29 March and Easter Monday 1 April.
    english = BusinessCalendar.weekdays(LONDON, "09:00-17:00", country="GB", subdivision="ENG")
    span = at("2024-03-28 16:00"), at("2024-04-02 10:00")
    assert hours(business_seconds(english, *span)) == [2.0]
    assert hours(business_seconds(NINE_TO_FIVE, *span)) == [18.0]


def test_dated_and_yearly_holidays_are_whole_days_off():
    calendar = BusinessCalendar.round_the_clock(
        "UTC", holidays={dt.date(2024, 7, 1)}, yearly_holidays={(12, 25)}
    )
    elapsed = business_seconds(
        calendar,
        at("2024-06-30 12:00", "2025-12-24 12:00", zone="UTC"),
        at("2024-07-02 12:00", "2025-12-26 12:00", zone="UTC"),
    )
    assert hours(elapsed) == [24.0, 24.0]


def test_the_spring_forward_night_is_an_hour_shorter_on_a_round_the_clock_calendar():
    calendar = BusinessCalendar.round_the_clock(LONDON)
    elapsed = business_seconds(calendar, at("2024-03-30 22:00"), at("2024-03-31 06:00"))
    assert hours(elapsed) == [7.0]


def test_a_working_interval_across_the_skipped_hour_counts_only_real_time():
    # On 31 March 2024 London's clocks jump from 01:00 to 02:00: "00:30-01:30" is worked
    # from 00:30 until the jump, half an hour of real time.
    calendar = BusinessCalendar(LONDON, {"sun": ["00:30-01:30"]})
    elapsed = business_seconds(calendar, at("2024-03-30 12:00"), at("2024-03-31 12:00"))
    assert hours(elapsed) == [0.5]


def test_a_working_interval_across_the_repeated_hour_counts_both_passes():
    # On 27 October 2024 London's clocks go back from 02:00 to 01:00: "00:00-01:30" is
    # worked for an hour and a half, then again from the second 01:00 to 01:30.
    calendar = BusinessCalendar(LONDON, {"sun": ["00:00-01:30"]})
    start, end = at("2024-10-26 12:00", "2024-10-27 12:00")
    assert hours(business_seconds(calendar, [start], [end])) == [2.0]


def test_lord_howe_moves_its_clocks_by_half_an_hour():
    zone = "Australia/Lord_Howe"
    calendar = BusinessCalendar.round_the_clock(zone)
    spring = business_seconds(calendar, *at("2024-10-06 00:00", "2024-10-06 06:00", zone=zone))
    autumn = business_seconds(calendar, *at("2024-04-07 00:00", "2024-04-07 06:00", zone=zone))
    assert hours(spring) == [5.5]
    assert hours(autumn) == [6.5]


def test_a_four_hour_target_opened_friday_afternoon_falls_due_monday_morning():
    due = deadlines(NINE_TO_FIVE, at("2024-03-01 15:00"), 4 * HOUR)
    assert due.tolist() == at("2024-03-04 11:00").tolist()


def test_a_pause_pushes_the_deadline_back_by_its_business_time():
    pauses = Pauses.of([0], at("2024-03-04 09:00"), at("2024-03-04 10:00"))
    due = deadlines(NINE_TO_FIVE, at("2024-03-01 15:00"), 4 * HOUR, pauses)
    assert due.tolist() == at("2024-03-04 12:00").tolist()


def test_a_breach_is_flagged_with_the_instant_the_target_was_passed():
    result = breaches(
        NINE_TO_FIVE,
        at("2024-03-01 15:00", "2024-03-01 15:00"),
        at("2024-03-04 12:00", "2024-03-04 10:00"),
        [4 * HOUR, 4 * HOUR],
    )
    assert hours(result.elapsed) == [5.0, 3.0]
    assert result.breached.tolist() == [True, False]
    assert result.breach_at[0] == at("2024-03-04 11:00")[0]
    assert np.isnat(result.breach_at[1])


def test_integer_epoch_seconds_and_datetime64_give_the_same_answer():
    starts, ends = at("2024-03-01 16:00"), at("2024-03-04 10:00")
    as_integers = business_seconds(NINE_TO_FIVE, starts.astype(int), ends.astype(int))
    assert as_integers.tolist() == business_seconds(NINE_TO_FIVE, starts, ends).tolist()


def test_attainment_is_the_share_of_tickets_within_target_per_key():
    within = [True, False, True, True, False]
    keys = [0, 0, 2, 2, 2]
    share = attainment(within, keys, minlength=4)
    assert share[0] == 0.5
    assert np.isnan(share[1])
    assert share[2] == 2 / 3
    assert np.isnan(share[3])


def test_the_timeline_inverts_business_seconds_to_the_earliest_instant():
    first, last = at("2024-03-04 00:00", "2024-03-06 00:00").astype(int)
    timeline = Timeline.build(NINE_TO_FIVE, first, last)
    monday_five = at("2024-03-04 17:00").astype(int)
    reached = timeline.seconds_at(monday_five)
    # Business time reached at Monday 17:00 is not exceeded until Tuesday 09:00; the
    # earliest instant with that much business time is Monday 17:00 itself.
    assert timeline.instant_at(reached).tolist() == monday_five.tolist()
