"""SLA engine benchmark: a year of tickets timed by the vectorised engine and by a day walk.

    python bench/sla_engine.py [--tickets 1000000] [--loop-tickets N] [--seed N]

Generates tickets (fixed seed) over 2024 on a London office calendar (08:00-12:00 and
13:00-17:30 on weekdays, English bank holidays, Christmas Eve off every year), a fifth of
them with one to three pauses, and four priority targets. It then measures

* the vectorised engine (``breaches`` + ``attainment``): one timeline, array arithmetic;
* a straightforward loop that walks each ticket day by day through its working
  intervals, subtracting its merged pauses, the way older tools do it;

prints tickets per second for both, and checks that both give the same totals (business
seconds, breaches, breach instants). The loop runs on the first ``--loop-tickets``
tickets (all of them by default). The calendar's boundaries never fall in an hour the
clocks skip or repeat, so the loop's plain local-to-UTC conversion agrees with the
engine's wall-clock rule. A few hundred tickets are also checked against the
minute-walking reference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np

from evident.agreements.business_time import BusinessCalendar, Pauses, attainment, breaches
from evident.agreements.business_time.reference import MinuteReference

HOUR, DAY = 3600, 86_400
TARGETS = np.array([4 * HOUR, 8 * HOUR, 16 * HOUR, 40 * HOUR])  # by priority 0..3
YEAR_START = int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp())


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--loop-tickets", type=int, default=None)
    parser.add_argument("--seed", type=int, default=20240101)
    return parser.parse_args(argv)


def office_calendar() -> BusinessCalendar:
    return BusinessCalendar.weekdays(
        "Europe/London",
        "08:00-12:00",
        "13:00-17:30",
        country="GB",
        subdivision="ENG",
        yearly_holidays={(12, 24)},
    )


def generate(count: int, seed: int):
    """Whole-minute tickets over 2024 with lognormal durations; a fifth have pauses."""
    rng = np.random.default_rng(seed)
    starts = YEAR_START + rng.integers(0, 365 * DAY // 60, count) * 60
    durations = np.minimum(rng.lognormal(np.log(6 * HOUR), 1.3, count), 30 * DAY)
    ends = starts + (durations // 60).astype(np.int64) * 60
    priority = rng.integers(0, 4, count)
    paused = np.flatnonzero(rng.random(count) < 0.2)
    ticket = np.repeat(paused, rng.integers(1, 4, len(paused)))
    span = ends[ticket] - starts[ticket]
    pause_starts = starts[ticket] + (rng.random(len(ticket)) * span // 60).astype(np.int64) * 60
    pause_ends = pause_starts + rng.integers(0, 3 * DAY // 60, len(ticket)) * 60
    return starts, ends, priority, Pauses.of(ticket, pause_starts, pause_ends)


def day_walk(calendar, days_off, start, end, target, pauses):
    """One ticket, the slow way: (business seconds, breach instant or None).

    The breach instant is when the clock reached the target, reported only when the
    ticket ended over it.
    """
    merged = _merge(sorted((max(a, start), min(b, end)) for a, b in pauses if b > a))
    zone, elapsed, reached_at = calendar.zone, 0, None
    day = dt.datetime.fromtimestamp(start, zone).date()
    last = dt.datetime.fromtimestamp(end, zone).date()
    while day <= last:
        if day not in days_off:
            midnight = dt.datetime.combine(day, dt.time(), zone)
            for first, until in calendar.intervals_on(day.weekday()):
                a = int((midnight + dt.timedelta(minutes=first)).timestamp())
                b = int((midnight + dt.timedelta(minutes=until)).timestamp())
                for piece_start, piece_end in _unpaused(max(a, start), min(b, end), merged):
                    if reached_at is None and elapsed + piece_end - piece_start >= target:
                        reached_at = piece_start + target - elapsed
                    elapsed += piece_end - piece_start
        day += dt.timedelta(days=1)
    return elapsed, reached_at if elapsed > target else None


def _merge(spans):
    merged = []
    for a, b in spans:
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return merged


def _unpaused(a, b, merged):
    for pause_start, pause_end in merged:
        if a >= b:
            return
        if pause_end <= a or pause_start >= b:
            continue
        if pause_start > a:
            yield a, pause_start
        a = max(a, pause_end)
    if a < b:
        yield a, b


def run_engine(calendar, starts, ends, targets, priority, pauses):
    began = time.perf_counter()
    result = breaches(calendar, starts, ends, targets, pauses)
    shares = attainment(result.within, priority, minlength=4)
    return result, shares, time.perf_counter() - began


def run_loop(calendar, starts, ends, targets, pauses, count):
    by_ticket: dict[int, list[tuple[int, int]]] = {}
    rows = zip(pauses.ticket.tolist(), pauses.starts.tolist(), pauses.ends.tolist(), strict=True)
    for k, a, b in rows:
        by_ticket.setdefault(k, []).append((a, b))
    days_off = calendar.days_off(dt.date(2023, 12, 30), dt.date(2025, 2, 28))
    began = time.perf_counter()
    walked = [
        day_walk(calendar, days_off, starts[i], ends[i], targets[i], by_ticket.get(i, ()))
        for i in range(count)
    ]
    return walked, time.perf_counter() - began


def check_against_reference(calendar, starts, ends, pauses, result, sample=300):
    walk = MinuteReference(calendar)
    for i in range(sample):
        mine = pauses.ticket == i
        spans = list(zip(pauses.starts[mine].tolist(), pauses.ends[mine].tolist(), strict=True))
        expected = walk.business_seconds(int(starts[i]), int(ends[i]), spans)
        assert expected == result.elapsed[i], f"ticket {i}: {expected} != {result.elapsed[i]}"


def main(argv=None) -> None:
    args = parse_args(argv)
    calendar = office_calendar()
    starts, ends, priority, pauses = generate(args.tickets, args.seed)
    targets = TARGETS[priority]
    print(f"{args.tickets:,} tickets over 2024, {len(pauses):,} pauses")

    result, shares, engine_seconds = run_engine(calendar, starts, ends, targets, priority, pauses)
    print(f"engine: {engine_seconds:.2f} s, {args.tickets / engine_seconds:,.0f} tickets/s")
    print("within target by priority: " + ", ".join(f"P{k} {s:.1%}" for k, s in enumerate(shares)))

    count = min(args.loop_tickets or args.tickets, args.tickets)
    walked, loop_seconds = run_loop(
        calendar, starts.tolist(), ends.tolist(), targets.tolist(), pauses, count
    )
    print(
        f"day walk on {count:,} tickets: {loop_seconds:.2f} s, "
        f"{count / loop_seconds:,.0f} tickets/s"
    )
    print(f"speed-up: {(args.tickets / engine_seconds) / (count / loop_seconds):,.0f}x")

    elapsed = sum(seconds for seconds, _ in walked)
    breach_instants = [at for _, at in walked if at is not None]
    engine_breach_at = result.breach_at[:count][result.breached[:count]].astype(np.int64)
    assert elapsed == int(result.elapsed[:count].sum()), "business seconds differ"
    assert len(breach_instants) == int(result.breached[:count].sum()), "breach counts differ"
    assert sum(breach_instants) == int(engine_breach_at.sum()), "breach instants differ"
    print(f"totals agree: {elapsed:,} business seconds, {len(breach_instants):,} breaches")

    check_against_reference(calendar, starts, ends, pauses, result)
    print("first 300 tickets agree with the minute-walking reference")


if __name__ == "__main__":
    main()
