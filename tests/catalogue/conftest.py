"""Makers for the portfolio tests: services, CIs and relations written through the services."""

import pytest

from evident.catalogue.models import ConfigurationItem, Service
from evident.core.services import create_record


@pytest.fixture
def make(org, as_cli):
    """``make.ci("Mail server", services=[svc])``, ``make.service("Email")`` in ``org``."""

    class Make:
        def __init__(self, organisation):
            self.organisation = organisation

        def service(self, name, **fields):
            return create_record(Service, self.organisation, name=name, **fields)

        def ci(self, name, services=(), **fields):
            fields.setdefault("ci_type", ConfigurationItem.Type.SERVER)
            return create_record(
                ConfigurationItem,
                self.organisation,
                name=name,
                services=[s.pk for s in services],
                **fields,
            )

    return Make(org)
