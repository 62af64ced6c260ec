"""One of each service plan, lifecycle party, asset, configuration item and CI relation."""

import datetime as dt

from evident.agreements.models import Supplier
from evident.catalogue.models import (
    Asset,
    CiRelation,
    ConfigurationItem,
    LifecycleParty,
    Service,
    ServicePlan,
)
from evident.core.models import Person

ORDER = 10
DAY = dt.date(2025, 3, 4)


def build(r, add):
    person, service, supplier = r[Person], r[Service], r[Supplier]
    add(ServicePlan, title="Add a second mail region", service=service, kind="change",
        target_date=DAY, owner=person)  # fmt: skip
    add(LifecycleParty, service=service, kind="supplier", name="Relay Co", supplier=supplier,
        role="Hosts the relay")  # fmt: skip
    server = add(ConfigurationItem, name="Mail server", ci_type="server", owner=person,
                 services=[service.pk])  # fmt: skip
    relay = add(ConfigurationItem, name="Mail relay", ci_type="application", version="4.2")
    add(CiRelation, source=relay, kind="runs_on", target=server)
    add(Asset, name="Mail server hardware", asset_type="hardware", owner=person,
        acquired_on=DAY, configuration_item=server)  # fmt: skip
