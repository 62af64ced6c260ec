"""SLA business-time engine: response and resolution times in business time, vectorised.

Business time is a cumulative function F(t), the business seconds elapsed from an epoch
to the instant t, built once per calendar as sorted arrays (see ``timeline``). Durations,
pauses, breach flags and breach instants for any number of tickets are array arithmetic
on F and its inverse (see ``clock``). The package depends on NumPy, ``zoneinfo`` and the
``holidays`` library only, never on Django models, so it can be fed from any store.
"""

from evident.agreements.business_time.calendar import BusinessCalendar
from evident.agreements.business_time.clock import (
    Breaches,
    attainment,
    breaches,
    business_seconds,
    deadlines,
)
from evident.agreements.business_time.pauses import Pauses
from evident.agreements.business_time.timeline import Timeline

__all__ = [
    "Breaches",
    "BusinessCalendar",
    "Pauses",
    "Timeline",
    "attainment",
    "breaches",
    "business_seconds",
    "deadlines",
]
