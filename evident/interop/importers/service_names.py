"""Matching the service names an export uses to the organisation's services.

A name is matched exactly; a confirmed service wins over an unconfirmed one of
the same name. A name with no service becomes an unconfirmed service, so the
catalogue check can say it is delivered but not catalogued, and the ledger
entry of its creation names the rows that first used it.
"""

from __future__ import annotations

from evident.catalogue.models import Service
from evident.core import services
from evident.core.tenancy import scoped

UNCONFIRMED = (
    "Created by an import from a name in the imported records; confirm it is a real "
    "service and catalogue it, or map its records to the service they belong to."
)


class ServiceNames:
    """Service ids by name for one organisation, creating the missing ones as unconfirmed."""

    def __init__(self, organisation):
        self.organisation = organisation
        self.ids: dict[str, int] = {}
        self.created = 0

    def resolve(self, first_rows: dict[str, dict]) -> None:
        """Make sure every name in ``first_rows`` (name -> ledger detail of its first rows)
        has a service id."""
        wanted = {name: rows for name, rows in first_rows.items() if name not in self.ids}
        if not wanted:
            return
        known = scoped(Service, self.organisation).filter(name__in=wanted)
        for name, pk in known.order_by("confirmed", "pk").values_list("name", "pk"):
            self.ids[name] = pk
        missing = [name for name in wanted if name not in self.ids]
        created = services.bulk_create_records(
            Service,
            self.organisation,
            [Service(name=name, confirmed=False, description=UNCONFIRMED) for name in missing],
            row_details=[wanted[name] for name in missing],
        )
        self.ids.update({service.name: service.pk for service in created})
        self.created += len(created)

    def __getitem__(self, name: str) -> int:
        return self.ids[name]
