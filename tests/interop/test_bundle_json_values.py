"""JSON values travel as the same bytes from any database, and name records by ref, not id."""

import datetime as dt

from evident.agreements.models import BusinessCalendar
from evident.audits.models import ServiceReport
from evident.catalogue.models import Service
from evident.core import services
from evident.core.models import HistoryEntry
from evident.core.tenancy import scoped
from evident.interop.bundle import export_bundle, import_bundle
from evident.operations.models import Incident

MORNING = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)


def reference(record) -> dict:
    """A record named as the engine and the reports name it."""
    return {"type": record._meta.label_lower, "id": record.pk, "ref": record.ref}


def test_json_values_are_written_with_their_keys_sorted(org, as_cli):
    services.create_record(
        BusinessCalendar,
        org,
        name="Office",
        working_hours={"monday": [["09:00", "17:00"]], "friday": [["09:00", "12:30"]]},
    )

    (calendar,) = export_bundle(org)["records"]["agreements.businesscalendar"]

    assert list(calendar["working_hours"]) == ["friday", "monday"]


def test_records_named_in_json_values_get_the_ids_they_have_in_the_new_database(org, as_cli):
    mail = services.create_record(Service, org, name="Mail")
    down = services.create_record(Incident, org, title="Mail down", service=mail, opened_at=MORNING)
    gone = {"type": "operations.incident", "id": 999_999, "ref": "INC999999"}
    content = {"incidents": {"major": [reference(down), gone]}, "note": {"id": 7}}
    services.create_record(
        ServiceReport,
        org,
        service=mail,
        period_start=MORNING.date(),
        period_end=MORNING.date(),
        content=content,
    )

    bundle = export_bundle(org)
    (written,) = bundle["records"]["audits.servicereport"]
    copy = import_bundle(bundle, slug="copy")

    # In the bundle a record is named by type and ref; an id means nothing elsewhere.
    assert written["content"]["incidents"]["major"] == [
        {"id": None, "ref": down.ref, "type": "operations.incident"},
        {"id": None, "ref": "INC999999", "type": "operations.incident"},
    ]
    assert written["content"]["note"] == {"id": 7}  # not a record reference: kept as it is
    report = scoped(ServiceReport, copy).get()
    copied = scoped(Incident, copy).get()
    assert copied.pk != down.pk
    assert report.content["incidents"]["major"] == [
        {"type": "operations.incident", "id": copied.pk, "ref": down.ref},
        {"type": "operations.incident", "id": None, "ref": "INC999999"},
    ]
    entry = HistoryEntry.objects.filter(organisation=copy, object_ref=report.ref).last()
    assert (entry.action, entry.source) == ("update", "import")
    again = export_bundle(copy)["records"]["audits.servicereport"]
    assert again == bundle["records"]["audits.servicereport"]
