"""The ServiceNow incident importer: mapping, status history, services, re-imports, ledger."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from evident.catalogue.models import Service
from evident.core.models import HistoryEntry
from evident.core.tenancy import scoped
from evident.interop.importers import import_servicenow_incidents
from evident.interop.importers.servicenow import UNRECORDED_SERVICE
from evident.operations.models import Incident, IncidentStatusChange

DATA = Path(__file__).parent / "data"
CSV = DATA / "servicenow_incidents.csv"
JSON = DATA / "servicenow_incidents.json"


def at(day, month, hour, minute=0):
    return dt.datetime(2016, month, day, hour, minute, tzinfo=dt.UTC)


def incident(org, ref):
    return scoped(Incident, org).get(ref=ref)


def history(org, ref):
    return list(
        scoped(IncidentStatusChange, org)
        .filter(incident__ref=ref)
        .order_by("changed_at", "pk")
        .values_list("status", "source_status", "changed_at")
    )


@pytest.fixture
def imported(org):
    return import_servicenow_incidents(org, CSV)


def test_each_incident_number_becomes_one_incident(org, imported):
    assert (imported.created, imported.updated, imported.rejected) == (3, 0, 0)
    assert imported.rows_read == 15
    assert sorted(scoped(Incident, org).values_list("ref", flat=True)) == [
        "INC0000001",
        "INC0000002",
        "INC0000003",
    ]


def test_the_final_event_gives_the_incident_its_fields(org, imported):
    inc = incident(org, "INC0000001")
    assert inc.title == "Category 55 / Subcategory 170: Symptom 72"
    assert (inc.priority, inc.impact, inc.urgency) == (2, 1, 2)
    assert inc.category == "Category 55"
    assert inc.assignment_group == "Group 7"
    assert inc.made_sla is False
    assert inc.status == Incident.Status.CLOSED
    assert inc.opened_at == at(1, 3, 8)
    assert inc.resolved_at == at(3, 3, 16, 30)
    assert inc.closed_at == at(8, 3, 17)


def test_the_final_event_is_the_highest_modification_count_not_the_last_row(org, imported):
    inc = incident(org, "INC0000003")
    assert inc.assignment_group == "Group 9"
    assert inc.status == Incident.Status.IN_PROGRESS
    assert inc.title == "Category 40: Symptom 5"
    assert (inc.priority, inc.resolved_at, inc.closed_at) == (4, None, None)


def test_on_hold_time_appears_in_the_status_history(org, imported):
    assert history(org, "INC0000001") == [
        ("new", "New", at(1, 3, 8, 5)),
        ("in_progress", "Active", at(1, 3, 9)),
        ("on_hold", "Awaiting User Info", at(1, 3, 12)),
        ("in_progress", "Active", at(2, 3, 10)),
        ("resolved", "Resolved", at(3, 3, 16, 30)),
        ("closed", "Closed", at(8, 3, 17)),
    ]


def test_a_reopened_incident_keeps_both_resolutions_in_its_history(org, imported):
    assert [step[:2] for step in history(org, "INC0000002")] == [
        ("new", "New"),
        ("resolved", "Resolved"),
        ("in_progress", "Active"),
        ("resolved", "Resolved"),
        ("closed", "Closed"),
    ]


def test_rows_of_an_incident_found_later_in_the_file_are_merged_into_it(org, imported):
    assert incident(org, "INC0000001").status == Incident.Status.CLOSED
    assert history(org, "INC0000001")[-1][:2] == ("closed", "Closed")


def test_services_named_by_incidents_are_created_unconfirmed(org, imported):
    services = {s.name: s for s in scoped(Service, org)}
    assert set(services) == {"Payroll", UNRECORDED_SERVICE}
    assert not any(s.confirmed for s in services.values())
    assert incident(org, "INC0000002").service == services["Payroll"]
    assert incident(org, "INC0000001").service == services[UNRECORDED_SERVICE]
    assert imported.services_created == 2


def test_an_existing_service_of_the_same_name_is_used(org, as_cli):
    from evident.core.services import create_record

    payroll = create_record(Service, org, name="Payroll")
    import_servicenow_incidents(org, CSV)
    assert incident(org, "INC0000002").service == payroll
    assert scoped(Service, org).filter(name="Payroll").count() == 1


def test_reimporting_the_same_file_changes_nothing(org, imported):
    entries = HistoryEntry.objects.filter(organisation=org).count()
    again = import_servicenow_incidents(org, CSV)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    assert HistoryEntry.objects.filter(organisation=org).count() == entries


def test_a_changed_file_updates_the_changed_incident_and_replaces_its_history(
    org, imported, tmp_path
):
    changed = tmp_path / "changed.csv"
    lines = CSV.read_text().splitlines(keepends=True)
    extra = (
        lines[13]
        .replace("Active,true,0,0,2,", "Resolved,true,0,0,3,")
        .replace("4/3/2016 11:00", "5/3/2016 09:00")
    )
    changed.write_text("".join(lines[:14] + [extra] + lines[14:]))
    old_steps = set(
        scoped(IncidentStatusChange, org)
        .filter(incident__ref="INC0000003")
        .values_list("ref", flat=True)
    )

    result = import_servicenow_incidents(org, changed)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert incident(org, "INC0000003").status == Incident.Status.RESOLVED
    assert [s[1] for s in history(org, "INC0000003")] == ["New", "Active", "Resolved"]
    assert not scoped(IncidentStatusChange, org).filter(ref__in=old_steps).exists()


def test_ledger_entries_name_the_import_file_and_rows(org, imported):
    entry = HistoryEntry.objects.get(
        organisation=org, model="operations.incident", object_ref="INC0000001"
    )
    assert entry.source == "import"
    assert entry.source_detail == {"file": "servicenow_incidents.csv", "rows": [1, 15]}
    step = HistoryEntry.objects.filter(
        organisation=org, model="operations.incidentstatuschange", action="create"
    ).first()
    assert step.source == "import"
    assert step.source_detail["file"] == "servicenow_incidents.csv"
    assert isinstance(step.source_detail["row"], int)


def test_an_update_is_attributed_to_the_rows_of_the_incident(org, imported, tmp_path):
    changed = tmp_path / "changed.csv"
    changed.write_text(CSV.read_text().replace("Group 9", "Group 10"))
    import_servicenow_incidents(org, changed)
    update = HistoryEntry.objects.get(organisation=org, action="update")
    assert update.object_ref == "INC0000003"
    assert update.source_detail == {"file": "changed.csv", "rows": [12, 14]}
    assert update.after["assignment_group"] == "Group 10"


def test_a_gzipped_export_reads_the_same_as_the_plain_one(org, tmp_path):
    import gzip

    packed = tmp_path / "servicenow_incidents.csv.gz"
    with open(CSV, "rb") as plain, gzip.open(packed, "wb") as out:
        shutil.copyfileobj(plain, out)
    result = import_servicenow_incidents(org, packed)
    assert (result.created, result.rejected) == (3, 0)
    assert len(history(org, "INC0000001")) == 6


def test_a_table_api_json_export_is_read_one_incident_per_object(org):
    result = import_servicenow_incidents(org, JSON)
    assert (result.created, result.rejected) == (2, 0)
    email = incident(org, "INC0000101")
    assert email.service.name == "Email"
    assert email.assignment_group == "Messaging team"
    assert (email.status, email.priority, email.impact, email.urgency) == ("on_hold", 2, 2, 1)
    assert email.made_sla is True
    assert email.opened_at == at(5, 3, 9)
    assert history(org, "INC0000101") == [("on_hold", "Awaiting Vendor", at(6, 3, 14, 20))]
    closed = incident(org, "INC0000102")
    assert (closed.title, closed.service.name) == ("Category 3", UNRECORDED_SERVICE)
    assert (closed.resolved_at, closed.closed_at) == (at(9, 3, 12), at(10, 3, 18))


def test_imports_write_only_into_the_chosen_organisation(org, other_org):
    import_servicenow_incidents(org, CSV)
    assert not scoped(Incident, other_org).exists()
    assert not scoped(Service, other_org).exists()


def test_an_update_without_a_state_leaves_no_history_step_and_keeps_the_last_status(org, tmp_path):
    header, *rows = CSV.read_text().splitlines()
    number = rows[0].split(",")[0]
    own = [r for r in rows if r.startswith(number + ",")]
    last = own[-1].split(",")
    last[1], last[5] = "-100", "99"  # a later update that recorded no state
    source = tmp_path / "unrecorded.csv"
    source.write_text("\n".join([header, *own, ",".join(last)]) + "\n")

    result = import_servicenow_incidents(org, source)

    assert (result.created, result.rejected) == (1, 0)
    steps = history(org, number)
    assert "-100" not in [source_status for _, source_status, _ in steps]
    assert incident(org, number).status == steps[-1][0]
