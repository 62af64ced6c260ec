"""The registered checks, one module per clause family; importing this package registers them."""

from . import (  # noqa: F401  (imported for their registrations)
    assurance,
    change,
    competence,
    context,
    improvement,
    leadership,
    leadership_body,
    operation,
    organisation_context,
    performance,
    planning,
    records,
    relationship,
    support,
)
