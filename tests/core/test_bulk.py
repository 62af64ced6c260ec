"""Inserting many rows at once stores exactly what Django's own bulk insert stores."""

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from evident.catalogue.models import Service
from evident.core.bulk import insert_objects
from evident.core.models import HistoryEntry
from evident.operations.models import Incident

OPENED = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def incidents(org, service, prefix):
    return [
        Incident(
            organisation=org,
            ref=f"{prefix}{n}",
            title=f"Mail delayed {n}",
            service=service,
            priority=Incident.Priority.HIGH if n % 2 else 3,
            impact=None if n % 3 else Incident.Level.MEDIUM,
            status=Incident.Status.RESOLVED,
            made_sla=None if n % 4 else n % 8 == 0,
            opened_at=OPENED + dt.timedelta(minutes=n),
            resolved_at=OPENED + dt.timedelta(hours=n) if n % 2 else None,
        )
        for n in range(1, 40)
    ]


def stored(model, refs):
    fields = [f.name for f in model._meta.concrete_fields if f.name not in ("id", "ref")]
    rows = model.objects.filter(ref__in=refs).order_by("pk")
    return [model_to_dict(row, fields=[f for f in fields if not f.endswith("_at")]) for row in rows]


def test_rows_read_back_the_same_as_after_djangos_bulk_create(org):
    service = Service.objects.create(organisation=org, ref="SVC1", name="Email")
    ours = incidents(org, service, "A")
    theirs = incidents(org, service, "B")

    insert_objects(ours)
    Incident.objects.bulk_create(theirs)

    assert stored(Incident, [i.ref for i in ours]) == stored(Incident, [i.ref for i in theirs])
    pairs = zip(
        Incident.objects.filter(ref__startswith="A").order_by("pk"),
        Incident.objects.filter(ref__startswith="B").order_by("pk"),
        strict=True,
    )
    for mine, django in pairs:
        assert (mine.opened_at, mine.resolved_at) == (django.opened_at, django.resolved_at)


def test_each_instance_gets_its_own_primary_key_in_order(org):
    objs = [Service(organisation=org, ref=f"SVC{n:05d}", name=f"Service {n}") for n in range(2500)]

    insert_objects(objs)  # more rows than one statement carries

    assert all(obj.pk is not None and not obj._state.adding for obj in objs)
    by_pk = dict(Service.objects.filter(organisation=org).values_list("pk", "ref"))
    assert [by_pk[obj.pk] for obj in objs] == [obj.ref for obj in objs]


def test_automatic_timestamps_are_set_once_for_the_whole_insert(org):
    before = timezone.now()
    objs = [Service(organisation=org, ref=f"SVC{n}", name=f"Service {n}") for n in range(3)]

    insert_objects(objs)

    stamps = {(obj.created_at, obj.updated_at) for obj in objs}
    assert len(stamps) == 1
    created, updated = stamps.pop()
    assert created == updated and before <= created <= timezone.now()
    assert Service.objects.get(pk=objs[0].pk).created_at == created


def test_json_values_keep_their_shape_and_null_stays_null(org):
    common = dict(organisation=org, at=OPENED, actor_name="importer", source="import")
    entries = [
        HistoryEntry(
            **common,
            seq=1,
            source_detail={"file": "export.csv", "rows": [2, 4]},
            action="create",
            model="operations.incident",
            object_id=7,
            object_ref="INC7",
            before=None,
            after={"title": "Mail delayed", "priority": 2, "nested": {"a": [1, None]}},
            prev_hash="0" * 64,
            hash="1" * 64,
        )
    ]

    insert_objects(entries)

    entry = HistoryEntry.objects.get(pk=entries[0].pk)
    assert entry.before is None
    assert entry.after == {"title": "Mail delayed", "priority": 2, "nested": {"a": [1, None]}}
    assert entry.source_detail == {"file": "export.csv", "rows": [2, 4]}
    assert entry.at == OPENED
    assert HistoryEntry.objects.filter(pk=entry.pk, before__isnull=True).exists()


def test_a_link_to_a_record_never_saved_is_refused(org):
    unsaved = Service(organisation=org, ref="SVC9", name="Never saved")
    incident = Incident(organisation=org, ref="INC1", title="x", service=unsaved, opened_at=OPENED)

    with pytest.raises(ValueError, match="service"):
        insert_objects([incident])
    assert not Incident.objects.exists()
