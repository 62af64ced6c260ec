"""The ServiceNow CMDB importers: configuration items (cmdb_ci*) and relations (cmdb_rel_ci)."""

import datetime as dt
from pathlib import Path

import pytest

from evident.catalogue.models import CiRelation, ConfigurationItem
from evident.core import services
from evident.core.context import acting
from evident.core.models import HistoryEntry, Person
from evident.core.tenancy import scoped
from evident.interop.importers import ImportRefused, import_servicenow
from evident.interop.importers.servicenow_cis import UNCONFIRMED_CI, UNMATCHED_OWNER
from evident.interop.importers.servicenow_dispatch import detect_table
from evident.operations.models import Change
from tests.audits.builders import findings

DATA = Path(__file__).parent / "data"
CSV = DATA / "servicenow_cis.csv"
JSON = DATA / "servicenow_cis.json"
BAD = DATA / "servicenow_cis_bad.csv"
RELATIONS = DATA / "servicenow_ci_relations.csv"
BAD_RELATIONS = DATA / "servicenow_ci_relations_bad.csv"
CHANGES = DATA / "servicenow_changes_bad.csv"

T, S = ConfigurationItem.Type, ConfigurationItem.Status


@pytest.fixture
def ada(org):
    with acting(source="cli", actor_name="test"):
        return services.create_record(Person, org, name="Ada Lovelace")


def item(org, name):
    return scoped(ConfigurationItem, org).get(name=name)


def test_each_row_becomes_a_configuration_item_with_type_status_and_owner(org, ada):
    result = import_servicenow(org, CSV)
    assert (result.created, result.rejected, result.problems) == (6, 0, [])
    web = item(org, "web-01")
    assert (web.ci_type, web.status, web.owner, web.version) == (T.SERVER, S.LIVE, ada, "RHEL 9")
    assert (web.location, web.description) == ("London DC1", "Front web server")
    assert [s.name for s in web.services.all()] == ["Web Shop"]
    assert not web.services.get().confirmed  # a service no one catalogued yet
    assert item(org, "shop-db").ci_type == T.DATABASE
    switch = item(org, "core-sw-1")
    assert (switch.ci_type, switch.status, switch.owner) == (T.NETWORK, S.LIVE, None)
    assert result.skipped == {UNMATCHED_OWNER: 1}  # Grace Hopper is no person here
    assert (item(org, "new-app").ci_type, item(org, "new-app").status) == (T.APPLICATION, S.PLANNED)
    nas = item(org, "old-nas")
    assert (nas.ci_type, nas.status, nas.retired_on) == (
        T.STORAGE,
        S.RETIRED,
        dt.date(2024, 12, 31),
    )
    mystery = item(org, "mystery")  # an unknown class is "other"; "7 - Retired" by its label
    assert (mystery.ci_type, mystery.status, mystery.retired_on) == (
        T.OTHER,
        S.RETIRED,
        dt.date(2025, 2, 1),
    )


def test_table_api_json_is_read_by_display_values(org, ada):
    assert detect_table(JSON) == "cmdb_ci"
    result = import_servicenow(org, JSON)
    assert result.created == 2
    app = item(org, "app-01")
    assert (app.ci_type, app.status, app.owner, app.version) == (T.SERVER, S.LIVE, ada, "2022")
    assert [s.name for s in app.services.all()] == ["Payroll"]
    assert item(org, "payroll-app").status == S.PLANNED


def test_reimporting_changes_nothing_and_a_changed_file_updates(org, ada, tmp_path):
    import_servicenow(org, CSV)
    entries = HistoryEntry.objects.filter(organisation=org).count()
    again = import_servicenow(org, CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert HistoryEntry.objects.filter(organisation=org).count() == entries
    edited = tmp_path / "cis.csv"
    edited.write_text(CSV.read_text().replace("On Order", "Installed"))
    third = import_servicenow(org, edited, table="cmdb_ci_appl")
    assert (third.created, third.updated, third.unchanged) == (0, 1, 5)
    assert item(org, "new-app").status == S.LIVE
    assert scoped(ConfigurationItem, org).count() == 6


def test_a_ci_a_change_named_first_is_filled_in_by_the_cmdb_export(org, ada, tmp_path):
    changes = import_servicenow(org, CHANGES)
    assert changes.cis_created == 1
    assert item(org, "mail-gw-01").description == UNCONFIRMED_CI
    path = tmp_path / "cis.csv"
    path.write_text(CSV.read_text().replace("web-01,", "mail-gw-01,", 1))
    result = import_servicenow(org, path)
    assert (result.created, result.updated) == (5, 1)
    mail = item(org, "mail-gw-01")
    assert (mail.description, mail.ci_type) == ("Front web server", T.SERVER)
    assert scoped(ConfigurationItem, org).filter(name="mail-gw-01").count() == 1
    change = scoped(Change, org).get(ref="CHG0050001")
    assert list(change.configuration_items.all()) == [mail]


def test_bad_rows_are_reported_by_row_column_and_reason(org):
    result = import_servicenow(org, BAD)
    assert {(p.row, p.column) for p in result.problems} == {
        (2, "install_status"),
        (3, "install_status"),
        (4, "name"),
        (5, "name"),
    }
    reasons = {p.row: p.reason for p in result.problems}
    assert "Vanished" in reasons[2] and "Installed" in reasons[2]
    assert "retired" in reasons[3]
    assert (result.created, result.rejected) == (1, 4)
    assert list(scoped(ConfigurationItem, org).values_list("name", flat=True)) == ["good-01"]


def test_a_file_lacking_the_name_column_is_refused_whole(org, tmp_path):
    lacking = tmp_path / "cis.csv"
    lacking.write_text("sys_class_name,install_status\nLinux Server,Installed\n")
    with pytest.raises(ImportRefused, match="name"):
        import_servicenow(org, lacking, table="cmdb_ci")


def relations(org):
    return sorted(scoped(CiRelation, org).values_list("source__name", "kind", "target__name"))


def test_relations_map_servicenow_types_onto_ci_relations(org):
    import_servicenow(org, CSV)
    assert detect_table(RELATIONS) == "cmdb_rel_ci"
    result = import_servicenow(org, RELATIONS)
    assert (result.created, result.rejected, result.cis_created) == (3, 0, 2)
    assert relations(org) == [
        ("core-sw-1", "part_of", "rack-3"),  # "contains" runs from the child to the parent
        ("web-01", "depends_on", "shop-db"),
        ("web-01", "runs_on", "vm-host-7"),
    ]
    assert item(org, "vm-host-7").description == UNCONFIRMED_CI
    again = import_servicenow(org, RELATIONS)
    assert (again.created, again.unchanged, again.cis_created) == (0, 3, 0)


def test_bad_relations_are_reported_and_the_rest_imported(org):
    result = import_servicenow(org, BAD_RELATIONS, table="cmdb_rel_ci")
    assert {(p.row, p.column) for p in result.problems} == {
        (2, "type"),
        (3, "child"),
        (5, "parent"),  # rack-3 would end up part of itself
    }
    assert (result.created, result.rejected) == (2, 3)
    assert relations(org) == [
        ("core-sw-1", "part_of", "rack-3"),
        ("web-01", "depends_on", "shop-db"),
    ]


def test_the_engine_sees_imported_changes_traced_to_imported_cis(org, tmp_path):
    import_servicenow(org, CSV)
    changes = tmp_path / "changes.csv"
    changes.write_text(
        "number,short_description,type,state,opened_at,work_start,work_end,close_code,"
        "approval,approval_set,risk_impact_analysis,cmdb_ci\n"
        "CHG1,Patch web-01,Normal,Closed,2025-03-01 09:00,2025-03-05 10:00,"
        "2025-03-05 11:00,Successful,Approved,2025-03-04 09:00,Low risk,web-01\n"
        "CHG2,Patch something,Normal,Closed,2025-03-01 09:00,2025-03-06 10:00,"
        "2025-03-06 11:00,Successful,Approved,2025-03-04 09:00,Low risk,\n"
    )
    result = import_servicenow(org, changes)
    assert (result.created, result.cis_created) == (2, 0)
    audit = dt.date(2025, 6, 30)
    [untraced] = findings(org, 2, "s2.ci.changes-traced", audit_date=audit)
    assert [r["ref"] for r in untraced.records] == ["CHG2"]
    assert findings(org, 2, "s2.change.approved-before-start", audit_date=audit) == []
