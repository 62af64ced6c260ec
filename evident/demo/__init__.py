"""Generate a realistic demo organisation: a year of SMS records, optionally with faults.

``build_organisation`` writes everything through ``evident.core.services`` so the
evidence ledger holds one entry per record. ``SCALE_SMALL`` suits tests,
``SCALE_DEMO`` the demo, ``benchmark_scale(...)`` the scale benchmark.
"""

from .faults import PLANTED, PlantedFault
from .organisation import build_organisation, remove_organisation
from .scale import SCALE_BENCH, SCALE_DEMO, SCALE_SMALL, Scale, benchmark_scale

__all__ = [
    "PLANTED",
    "SCALE_BENCH",
    "SCALE_DEMO",
    "SCALE_SMALL",
    "PlantedFault",
    "Scale",
    "benchmark_scale",
    "build_organisation",
    "remove_organisation",
]
