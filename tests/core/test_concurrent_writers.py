"""Concurrent writers of one record lose nothing, and a write from an old version is refused.

Real threads, each with its own database connection, against PostgreSQL (SQLite
serialises writers for the whole database, so there is no race to lose there).
"""

import threading

import pytest
from django.db import connection, connections

from evident.catalogue.models import Service
from evident.core import services
from evident.core.context import acting
from evident.core.models import HistoryEntry, Organisation
from evident.operations.models import Change

WRITERS = 50
FIELDS = ("title", "risk_assessment", "review_notes", "backout_plan")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-level races need a server database"
    ),
]


def run_together(work, count: int) -> list:
    """Start ``count`` threads at once on ``work(n)``; answer what each returned or raised."""
    results: list = [None] * count
    start = threading.Barrier(count)

    def one(n):
        try:
            start.wait()
            with acting(source="api", actor_name=f"writer-{n}"):
                results[n] = work(n)
        except Exception as error:  # noqa: BLE001 (the test reads what each writer met)
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def change():
    org = Organisation.objects.create(slug="race", name="Race")
    with acting(source="cli", actor_name="setup"):
        mail = services.create_record(Service, org, name="E-mail")
        return services.create_record(
            Change, org, title="Patch", service=mail, requested_at="2025-03-03T09:00Z"
        )


def test_writers_of_different_fields_lose_nothing(change):
    def write(n):
        field = FIELDS[n % len(FIELDS)]
        record = Change.objects.get(pk=change.pk)  # each writer reads, then writes
        services.update_record(record, **{field: f"{field} by writer {n}"})

    results = run_together(write, WRITERS)
    assert [r for r in results if r is not None] == []
    stored = Change.objects.get(pk=change.pk)
    assert stored.record_version == 1 + WRITERS
    entries = list(
        HistoryEntry.objects.filter(model="operations.change", object_id=change.pk)
        .exclude(action="create")
        .order_by("seq")
    )
    assert len(entries) == WRITERS
    # Each entry's "before" is the previous "after": no writer worked from a stale picture.
    previous = HistoryEntry.objects.get(
        model="operations.change", object_id=change.pk, action="create"
    ).after
    for entry in entries:
        assert entry.before == previous
        previous = entry.after
    for field in FIELDS:
        last = [e for e in entries if e.before.get(field) != e.after.get(field)][-1]
        assert getattr(stored, field) == last.after[field]
        assert getattr(stored, field).startswith(f"{field} by writer")


def test_writers_of_one_field_from_the_same_version_get_one_success(change):
    read_version = change.record_version

    def write(n):
        record = Change.objects.get(pk=change.pk)
        services.update_record(record, expected_version=read_version, title=f"Patch {n}")
        return "saved"

    results = run_together(write, WRITERS)
    saved = [r for r in results if r == "saved"]
    refused = [r for r in results if isinstance(r, services.StaleRecord)]
    assert (len(saved), len(refused)) == (1, WRITERS - 1)
    assert all(r.fields == ["title"] for r in refused)
    assert Change.objects.get(pk=change.pk).record_version == read_version + 1
