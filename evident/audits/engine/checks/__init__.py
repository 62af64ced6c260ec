"""The registered checks, one module per clause family; importing this package registers them."""

from . import (  # noqa: F401  (imported for their registrations)
    assurance,
    change,
    context,
    improvement,
    leadership,
    operation,
    performance,
    planning,
    records,
    relationship,
    support,
)
