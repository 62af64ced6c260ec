"""Lists read their related records in a fixed number of queries, however long they are."""

from evident.agreements.models import Supplier
from evident.catalogue.models import Service
from evident.core.context import acting
from evident.core.services import bulk_create_records
from evident.operations.models import Change, Incident, Problem
from tests.api import (
    NOW,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    record,
    service,
)

ROWS = 50


def many(model, org, rows):
    with acting(source="cli", actor_name="test-setup"):
        return bulk_create_records(model, org, [model(**row) for row in rows])


def test_a_page_of_incidents_costs_a_handful_of_queries(
    org, manager, django_assert_max_num_queries
):
    services = many(Service, org, [{"name": f"Service {n}"} for n in range(ROWS)])
    changes = many(
        Change, org, [{"title": "Patch", "service": s, "requested_at": NOW} for s in services]
    )
    problems = many(
        Problem, org, [{"title": "Stall", "service": s, "opened_at": NOW} for s in services]
    )
    many(
        Incident,
        org,
        [
            {"title": "Outage", "service": s, "caused_by_change": c, "problem": p, "opened_at": NOW}
            for s, c, p in zip(services, changes, problems, strict=True)
        ],
    )
    api = client_for(manager)
    # token and user, membership, count, the page with its related records
    with django_assert_max_num_queries(5):
        response = api.get(endpoint(org, "incidents"), {"limit": ROWS})
    rows = response.data["results"]
    assert len(rows) == ROWS
    assert {row["service_ref"] for row in rows} == {s.ref for s in services}
    assert all(row["caused_by_change_ref"] and row["problem_ref"] for row in rows)


def test_a_page_of_suppliers_fetches_their_services_at_once(
    org, manager, django_assert_max_num_queries
):
    hosting, backup = service(org, name="Hosting"), service(org, name="Backup")
    for n in range(ROWS):
        record(Supplier, org, name=f"Supplier {n}", services=[hosting, backup])
    api = client_for(manager)
    # as above, plus one query for all the suppliers' services
    with django_assert_max_num_queries(6):
        response = api.get(endpoint(org, "suppliers"), {"limit": ROWS})
    rows = response.data["results"]
    assert len(rows) == ROWS
    assert all(sorted(row["service_refs"]) == sorted([hosting.ref, backup.ref]) for row in rows)
