"""People, services and the service catalogue over the API."""

from evident.catalogue.models import CatalogueEntry, Service
from evident.core.models import Person
from tests.api import (
    TODAY,
    RecordEndpointContract,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    service,
)


class TestPeople(RecordEndpointContract):
    route = "people"
    model = Person
    update = {"job_title": "Service desk lead", "is_top_management": True}

    def fields(self, org):
        return {"name": "Ada Lovelace", "email": "ada@example.com", "unit": "Service desk"}


class TestServices(RecordEndpointContract):
    route = "services"
    model = Service
    # Going live and retiring are transitions (tests/api/test_lifecycle.py).
    update = {"description": "Mailboxes and calendars"}

    def fields(self, org):
        return {"name": "Hosted e-mail", "owner": person(org), "status": "live"}


class TestCatalogueEntries(RecordEndpointContract):
    route = "catalogue-entries"
    model = CatalogueEntry
    # Withdrawing and publishing again are transitions (tests/api/test_lifecycle_contracts.py).
    update = {"summary": "Mailboxes and calendars", "service_hours": "24x7"}

    def fields(self, org):
        return {"service": service(org), "summary": "Mailboxes", "published_on": TODAY}
