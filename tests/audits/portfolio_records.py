"""Portfolio records a healthy organisation keeps (8.2.1-8.2.3, 8.2.5, 8.2.6).

``add_portfolio`` gives an organisation built by ``builders.healthy_org`` owners
for its live services, a plan for its pipeline service, a lifecycle party,
an asset register and configuration items with relations for the services in
scope, and names the CI its change touched, as at ``AUDIT_DATE``. It is written
through the domain verbs, as people would keep these records.
"""

from __future__ import annotations

from dataclasses import dataclass

from evident.catalogue import services
from evident.catalogue.models import Asset, ConfigurationItem, LifecycleParty, Service, ServicePlan
from evident.core.services import create_record, update_record
from evident.core.tenancy import scoped

from .builders import FUTURE


@dataclass
class Portfolio:
    """The records tests reach for."""

    mail_app: ConfigurationItem = None
    payroll_app: ConfigurationItem = None
    server: ConfigurationItem = None
    asset: Asset = None
    plan: ServicePlan = None
    party: LifecycleParty = None


def add_portfolio(h) -> Portfolio:
    """Add the records to the healthy organisation ``h`` (a ``builders.Healthy``)."""
    org, owner = h.build.org, h.staff[0]
    update_record(h.email, owner=owner)
    update_record(h.payroll, owner=owner)
    p = Portfolio()
    p.server = create_record(ConfigurationItem, org, name="App server", ci_type="server")
    p.mail_app = create_record(
        ConfigurationItem, org, name="Mail app", ci_type="application", services=[h.email.pk]
    )
    p.payroll_app = create_record(
        ConfigurationItem, org, name="Payroll app", ci_type="application", services=[h.payroll.pk]
    )
    services.relate_configuration_items(p.mail_app, "runs_on", p.server)
    services.relate_configuration_items(p.payroll_app, "runs_on", p.server)
    services.link_configuration_items([h.change], {h.change.pk: [p.mail_app.pk]})
    p.asset = services.register_asset(
        org, "App server hardware", "hardware", owner=owner, expires_on=FUTURE,
        configuration_item=p.server,
    )  # fmt: skip
    pipeline = scoped(Service, org).get(status=Service.Status.PIPELINE)
    p.plan = services.plan_service(
        pipeline, "Introduce the data lake", "new", status="approved", target_date=FUTURE
    )
    p.party = services.involve_party(h.email, "internal", "Runs the service", name="Messaging")
    return p
