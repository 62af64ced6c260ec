"""SLAs are measured from incident records in business time, as the brute force counts them."""

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from evident.agreements import services
from evident.agreements.business_time.reference import MinuteReference
from evident.agreements.models import SLA, SlaMeasurement
from evident.agreements.sla_measurement import measure_sla, measure_sla_month
from evident.catalogue.models import Service
from evident.core.models import HistoryEntry
from evident.core.services import bulk_create_records, create_record, update_record
from evident.operations.models import Incident, IncidentStatusChange

LONDON = ZoneInfo("Europe/London")
OFFICE = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
GOOD_FRIDAY = "2025-03-28"  # the clocks go forward two days later, on 30 March
AS_OF = dt.datetime(2025, 4, 4, 12, 0, tzinfo=dt.UTC)
MARCH = dt.date(2025, 3, 1)


def incident(org, service, opened, *, resolved=None, priority=3, history=()):
    """An incident and its status history: ``history`` is (status, instant) pairs."""
    created = create_record(
        Incident,
        org,
        title="Mail delayed",
        service=service,
        priority=priority,
        opened_at=opened,
        resolved_at=resolved,
    )
    bulk_create_records(
        IncidentStatusChange,
        org,
        [IncidentStatusChange(incident=created, status=s, changed_at=at) for s, at in history],
    )
    return created


def timed_target(org, sla, kind, minutes, share="90", **fields):
    return services.define_sla_target(
        org,
        sla=sla,
        metric=f"{kind} within {minutes} minutes",
        kind=kind,
        time_limit_minutes=minutes,
        target_value=Decimal(share),
        **fields,
    )


@pytest.fixture
def service(org, as_cli):
    return create_record(Service, org, name="E-mail")


@pytest.fixture
def office_sla(org, service):
    calendar = services.define_calendar(
        org,
        name="London office",
        time_zone="Europe/London",
        working_hours=OFFICE,
        holidays=[GOOD_FRIDAY],
    )
    return create_record(SLA, org, name="E-mail SLA", service=service, calendar=calendar)


def random_history(rng: random.Random, opened: dt.datetime):
    """A plausible life: picked up, perhaps put on hold once or twice, perhaps resolved."""
    minutes = dt.timedelta(minutes=1)
    if rng.random() < 0.15:  # resolved straight from "new": no history at all
        return opened + rng.randint(5, 3000) * minutes, []
    at = opened + rng.randint(1, 900) * minutes
    history = [(rng.choice(["in_progress", "in_progress", "on_hold"]), at)]
    for _ in range(rng.randint(0, 2)):
        at += rng.randint(10, 1500) * minutes
        history.append(("on_hold", at))
        at += rng.randint(10, 2500) * minutes
        history.append(("in_progress", at))
    if rng.random() < 0.15:  # still open when measured
        return None, history
    at += rng.randint(10, 3000) * minutes
    history.append(("resolved", at))
    # Some tools leave resolved_at empty and record the resolution only in the history.
    return (None if rng.random() < 0.2 else at), history


def expected_by_brute_force(reference, opened, resolved, history, limit_minutes, kind):
    """Elapsed business seconds, judged, breached and breach instant, the slow way."""
    as_of = int(AS_OF.timestamp())
    instants = [(status, int(at.timestamp())) for status, at in history]
    ends = [at for status, at in instants if status in ("resolved", "closed")]
    resolution = int(resolved.timestamp()) if resolved else (ends[0] if ends else None)
    away = [at for status, at in instants if status != "new"]
    end = (away[0] if away else resolution) if kind == "response" else resolution
    pauses = [
        (at, instants[k + 1][1] if k + 1 < len(instants) else as_of)
        for k, (status, at) in enumerate(instants)
        if status == "on_hold"
    ]
    start = int(opened.timestamp())
    elapsed = reference.business_seconds(start, end if end is not None else as_of, pauses)
    breached = elapsed > limit_minutes * 60
    breach_at = reference.deadline(start, limit_minutes * 60, pauses) if breached else None
    return elapsed, (end is not None or breached), breached, breach_at


def test_measurement_from_records_agrees_with_the_minute_by_minute_count(org, service, office_sla):
    rng = random.Random(20250330)
    response = timed_target(org, office_sla, "response", 60)
    p1_resolution = timed_target(org, office_sla, "resolution", 240, priority=1)
    resolution = timed_target(org, office_sla, "resolution", 900)
    start = dt.datetime(2025, 3, 24, 0, 0, tzinfo=LONDON)
    made = {}
    for _ in range(36):
        opened = start + dt.timedelta(minutes=rng.randint(0, 8 * 1440 - 1))
        resolved, history = random_history(rng, opened)
        created = incident(
            org, service, opened, resolved=resolved, priority=rng.randint(1, 4), history=history
        )
        made[created.ref] = (opened, resolved, history, created.priority)
    other = create_record(Service, org, name="Intranet")
    incident(org, other, start, resolved=start + dt.timedelta(hours=1))  # another service
    incident(org, service, dt.datetime(2025, 4, 1, 0, 30, tzinfo=LONDON))  # after the period

    results = measure_sla(office_sla, MARCH, dt.date(2025, 3, 31), as_of=AS_OF)

    reference = MinuteReference(services.as_calendar(office_sla.calendar))
    rows = results.incident_rows()
    assert {row["incident"] for row in rows} == set(made)
    for row in rows:
        opened, resolved, history, priority = made[row["incident"]]
        expected_target = {
            "response": response,
            "resolution": p1_resolution if priority == 1 else resolution,
        }[row["kind"]]
        assert row["target"] == expected_target.pk
        elapsed, judged, breached, breach_at = expected_by_brute_force(
            reference, opened, resolved, history, expected_target.time_limit_minutes, row["kind"]
        )
        assert row["elapsed_minutes"] * 60 == elapsed, row
        assert (row["judged"], row["within_target"]) == (judged, not breached), row
        expected_breach = dt.datetime.fromtimestamp(breach_at, dt.UTC) if breach_at else None
        assert row["breach_at"] == expected_breach, row
    assert len(rows) == 2 * len(made)


def test_attainment_counts_the_judged_incidents_per_kind_priority_and_month(
    org, service, office_sla
):
    timed_target(org, office_sla, "resolution", 120)
    monday = dt.datetime(2025, 3, 3, 9, 0, tzinfo=LONDON)
    hour = dt.timedelta(hours=1)
    incident(org, service, monday, resolved=monday + hour, priority=2)
    incident(org, service, monday, resolved=monday + 3 * hour, priority=2)  # breached
    incident(org, service, monday + 7 * hour, resolved=monday + 24 * hour, priority=2)  # 16-17h
    on_hold = [("on_hold", monday + 28 * 24 * hour + hour)]
    incident(org, service, monday + 28 * 24 * hour, priority=2, history=on_hold)  # still pending
    april = monday.replace(month=4, day=1)
    incident(org, service, april, resolved=april + hour, priority=1)

    rows = measure_sla(office_sla, MARCH, dt.date(2025, 4, 30), as_of=AS_OF).attainment_rows()

    assert rows == [
        {
            "service": service.ref,
            "kind": "resolution",
            "priority": 2,
            "month": MARCH,
            "tickets": 3,
            "within_target": 2,
            "attainment_percent": 66.667,
        },
        {
            "service": service.ref,
            "kind": "resolution",
            "priority": 1,
            "month": dt.date(2025, 4, 1),
            "tickets": 1,
            "within_target": 1,
            "attainment_percent": 100.0,
        },
    ]


def test_an_incident_is_judged_by_the_target_in_force_on_the_day_it_was_opened(org, service):
    sla = create_record(SLA, org, name="Around the clock", service=service)
    old = timed_target(org, sla, "resolution", 60, effective_to=dt.date(2025, 3, 14))
    new = timed_target(org, sla, "resolution", 600, effective_from=dt.date(2025, 3, 15))
    late_on_the_14th = dt.datetime(2025, 3, 14, 23, 0, tzinfo=dt.UTC)
    on_the_17th = dt.datetime(2025, 3, 17, 9, 0, tzinfo=dt.UTC)
    two_hours = dt.timedelta(hours=2)
    before = incident(org, service, late_on_the_14th, resolved=late_on_the_14th + two_hours)
    after = incident(org, service, on_the_17th, resolved=on_the_17th + two_hours)

    rows = measure_sla(sla, MARCH, dt.date(2025, 3, 31), as_of=AS_OF).incident_rows()

    verdicts = {row["incident"]: (row["target"], row["within_target"]) for row in rows}
    assert verdicts == {before.ref: (old.pk, False), after.ref: (new.pk, True)}


def test_measuring_a_month_writes_each_timed_target_once_and_again_only_on_change(
    org, service, office_sla
):
    response = timed_target(org, office_sla, "response", 30, share="50")
    resolution = timed_target(org, office_sla, "resolution", 240, share="75")
    timed_target(org, office_sla, "resolution", 60, effective_from=dt.date(2025, 4, 1))
    monday = dt.datetime(2025, 3, 3, 9, 0, tzinfo=LONDON)
    minutes = dt.timedelta(minutes=1)
    quick = [("in_progress", monday + 10 * minutes), ("resolved", monday + 100 * minutes)]
    incident(org, service, monday, resolved=monday + 100 * minutes, history=quick)
    slow = incident(org, service, monday, history=[("in_progress", monday + 45 * minutes)])

    first = measure_sla_month(office_sla, MARCH, as_of=AS_OF)

    values = {m.target_id: (m.value, m.met) for m in first}
    assert values == {
        response.pk: (Decimal("50.000"), True),
        resolution.pk: (Decimal("50.000"), False),  # the open incident breached long ago
    }
    entries = HistoryEntry.objects.filter(model="agreements.slameasurement")
    assert entries.count() == 2

    measure_sla_month(office_sla, MARCH, as_of=AS_OF)
    assert entries.count() == 2
    assert SlaMeasurement.objects.count() == 2

    update_record(slow, resolved_at=monday + 200 * minutes)
    measure_sla_month(office_sla, MARCH, as_of=AS_OF)
    assert entries.count() == 3
    corrected = SlaMeasurement.objects.get(target=resolution)
    assert (corrected.value, corrected.met) == (Decimal("100.000"), True)
    assert entries.order_by("seq").last().action == "update"


def test_a_month_without_incidents_breached_nothing(org, service, office_sla):
    target = timed_target(org, office_sla, "response", 30, share="95")
    [measurement] = measure_sla_month(office_sla, dt.date(2025, 2, 1), as_of=AS_OF)
    assert (measurement.target_id, measurement.value, measurement.met) == (
        target.pk,
        Decimal("100.000"),
        True,
    )


def test_the_engine_sees_every_ticket_in_one_array_not_one_call_per_incident(
    org, service, office_sla, django_assert_max_num_queries
):
    timed_target(org, office_sla, "resolution", 120)
    monday = dt.datetime(2025, 3, 3, 9, 0, tzinfo=LONDON)
    working_days = [day for day in range(28) if day % 7 < 5 and day != 25][:20]
    for day in working_days:
        opened = monday + dt.timedelta(days=day)
        incident(org, service, opened, history=[("on_hold", opened + dt.timedelta(hours=1))])
    with django_assert_max_num_queries(4):  # calendar, incidents, histories, targets
        results = measure_sla(office_sla, MARCH, dt.date(2025, 3, 31), as_of=AS_OF)
    assert len(results.tickets) == len(working_days) == 19
    assert np.all(results.kinds[0].elapsed_minutes == 60)
