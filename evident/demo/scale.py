"""How big a generated organisation is: presets for tests, the demo and the benchmark."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scale:
    """Volumes of a generated organisation; operational volumes are totals over 12 months.

    ``services`` counts live services; one pipeline service is always added on top.
    """

    services: int = 14
    people: int = 120
    suppliers: int = 8
    continuity_plans: int = 4
    incidents: int = 4_200
    changes: int = 720
    requests: int = 3_600
    problems: int = 60

    def __post_init__(self):
        if not 3 <= self.services <= 14:
            raise ValueError("services must be between 3 and 14")
        if self.people < 25:
            raise ValueError("people must be at least 25 to staff every role")
        if not 2 <= self.suppliers <= 8:
            raise ValueError("suppliers must be between 2 and 8")
        if not 1 <= self.continuity_plans <= 4:
            raise ValueError("continuity_plans must be between 1 and 4")
        if min(self.incidents, self.changes, self.requests, self.problems) < 12:
            raise ValueError("operational volumes must allow at least one record a month")

    @property
    def total_operational(self) -> int:
        return self.incidents + self.changes + self.requests + self.problems


SCALE_SMALL = Scale(
    services=8,
    people=40,
    suppliers=4,
    continuity_plans=2,
    incidents=420,
    changes=300,
    requests=360,
    problems=12,
)
SCALE_DEMO = Scale()


def benchmark_scale(incidents: int = 200_000, changes: int = 20_000) -> Scale:
    """A large organisation for the benchmark: requests and problems follow the incidents."""
    return replace(
        SCALE_DEMO,
        people=400,
        incidents=incidents,
        changes=changes,
        requests=incidents,
        problems=max(12, incidents // 70),
    )


SCALE_BENCH = benchmark_scale()
