"""Generate a realistic demo organisation: a year of SMS records, optionally with faults.

``build_organisation`` writes everything through ``evident.core.services`` so the
evidence ledger holds one entry per record. ``SCALE_SMALL`` suits tests,
``SCALE_DEMO`` the demo, ``benchmark_scale(...)`` the scale benchmark.
"""

from .faults import PLANTED, PlantedFault
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

# The package is also a Django app (for its ``demo`` command), and Django imports
# an app's package before any model can be: the builders, which use models, load
# on first use instead.
_BUILDERS = {"build_organisation", "remove_organisation"}


def __getattr__(name: str):
    if name in _BUILDERS:
        from . import organisation

        return getattr(organisation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
