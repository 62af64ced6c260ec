"""How ServiceNow configuration items (``cmdb_ci*``) and their relations (``cmdb_rel_ci``)
map onto Evident's configuration items and CI relations.

A CI is known by its name: every other table (a change's ``cmdb_ci``, a
relation's ``parent`` and ``child``) names a CI by its display name, so the name
is what joins them. A name no CI carries becomes a CI whose description says an
import created it and someone must confirm it; importing the CI export later
fills it in and drops that note.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from evident.catalogue.models import CiRelation, ConfigurationItem
from evident.catalogue.services import relate_configuration_items
from evident.core import services
from evident.core.models import Person
from evident.core.tenancy import scoped

from .reader import SourceRow
from .service_names import ServiceNames
from .servicenow_tables import Parsed, Table, TableWriter, row_key
from .servicenow_values import RowValues, unreadable

UNCONFIRMED_CI = (
    "Created by an import from a name in the imported records; confirm it is a real "
    "configuration item (import the CMDB export or complete it by hand), or correct the "
    "records that name it."
)
UNMATCHED_OWNER = "CI owners with no person of that name (left without owner)"

T, S = ConfigurationItem.Type, ConfigurationItem.Status
# Words of a ServiceNow class (``cmdb_ci_linux_server`` or ``Linux Server``), tried in order.
CLASS_WORDS = (
    (T.DATABASE, {"database", "db", "sql", "oracle", "mysql", "postgresql", "mongodb"}),
    (T.APPLICATION, {"application", "appl", "app", "web", "software", "tomcat", "jboss"}),
    (T.STORAGE, {"storage", "san", "nas", "disk", "volume"}),
    (T.NETWORK, {"network", "router", "switch", "firewall", "lb", "balancer", "vpn", "ip"}),
    (T.CLOUD_SERVICE, {"cloud", "aws", "azure", "gcp"}),
    (T.SERVER, {"server", "computer", "linux", "win", "windows", "unix", "aix", "solaris",
                "esx", "vmware", "hyper", "host", "mainframe", "vm"}),
    (T.DOCUMENT, {"document"}),
)  # fmt: skip
INSTALL_STATUS = {
    "installed": S.LIVE, "in maintenance": S.LIVE, "pending repair": S.LIVE,
    "on order": S.PLANNED, "pending install": S.PLANNED, "in stock": S.PLANNED,
    "retired": S.RETIRED, "stolen": S.RETIRED, "absent": S.RETIRED, "disposed": S.RETIRED,
    "1": S.LIVE, "3": S.LIVE, "5": S.LIVE, "2": S.PLANNED, "4": S.PLANNED, "6": S.PLANNED,
    "7": S.RETIRED, "8": S.RETIRED, "100": S.RETIRED,
}  # fmt: skip
OPERATIONAL_STATUS = {
    "operational": S.LIVE, "non-operational": S.LIVE, "repair in progress": S.LIVE,
    "dr standby": S.LIVE, "ready": S.LIVE, "retired": S.RETIRED,
    "pipeline": S.PLANNED, "catalog": S.PLANNED,
    "1": S.LIVE, "2": S.LIVE, "3": S.LIVE, "4": S.LIVE, "5": S.LIVE, "6": S.RETIRED,
    "7": S.PLANNED, "8": S.PLANNED,
}  # fmt: skip
K = CiRelation.Kind
# ServiceNow relation type -> (our kind, whether the parent is our source).
RELATION_TYPES = {
    "depends on::used by": (K.DEPENDS_ON, True),
    "uses::used by": (K.DEPENDS_ON, True),
    "runs on::runs": (K.RUNS_ON, True),
    "hosted on::hosts": (K.RUNS_ON, True),
    "virtualized by::virtualizes": (K.RUNS_ON, True),
    "contains::contained by": (K.PART_OF, False),
    "members::member of": (K.PART_OF, False),
}


class CiNames:
    """CI ids by name for one organisation, creating the missing ones as unconfirmed."""

    def __init__(self, organisation):
        self.organisation = organisation
        self.ids: dict[str, int] = {}
        self.created = 0

    def resolve(self, first_rows: dict[str, dict]) -> None:
        wanted = {name: rows for name, rows in first_rows.items() if name not in self.ids}
        if not wanted:
            return
        known = scoped(ConfigurationItem, self.organisation).filter(name__in=wanted)
        for name, pk in known.order_by("-pk").values_list("name", "pk"):
            self.ids[name] = pk  # the oldest of several same-named items wins
        missing = [name for name in wanted if name not in self.ids]
        created = services.bulk_create_records(
            ConfigurationItem,
            self.organisation,
            [ConfigurationItem(name=name, description=UNCONFIRMED_CI) for name in missing],
            row_details=[wanted[name] for name in missing],
        )
        self.ids.update({item.name: item.pk for item in created})
        self.created += len(created)

    def __getitem__(self, name: str) -> int:
        return self.ids[name]


def ci_type(sys_class_name: str) -> str:
    words = set(re.split(r"[^a-z0-9]+", sys_class_name.lower()))
    for kind, known in CLASS_WORDS:
        if words & known:
            return kind
    return T.OTHER


def parse_ci(row: SourceRow) -> tuple[Parsed | None, list]:
    if problems := unreadable(row):
        return None, problems
    name = row_key(row, "name")
    values = RowValues(row, name)
    values.text("name", 200, required=True)
    status = S.LIVE
    if values.text("install_status"):
        status = values.choice("install_status", INSTALL_STATUS)
    elif values.text("operational_status"):
        status = values.choice("operational_status", OPERATIONAL_STATUS)
    retired_on = None
    if status == S.RETIRED:
        retired = values.date("retired") or values.date("sys_updated_on")
        if retired is None:
            values.problem("install_status", "a retired item needs retired or sys_updated_on")
        retired_on = retired.date() if retired else None
    fields = {
        "ci_type": ci_type(values.text("sys_class_name")),
        "status": status,
        "retired_on": retired_on,
        "owner_name": values.text("owned_by", 200),
        "version": values.text("version", 100),
        "location": values.text("location", 200),
        "description": values.text("short_description"),
        "service_name": values.first("business_service", "service"),
    }
    if values.problems:
        return None, values.problems
    return Parsed(name, row.row, fields), []


class CiWriter(TableWriter):
    COMPARED = ("ci_type", "status", "retired_on", "version", "location", "description")

    def __init__(self, organisation, result):
        super().__init__(organisation, result)
        self.cis = CiNames(organisation)
        self.services = ServiceNames(organisation)
        self.people: dict[str, int] = {}

    def prepare(self, batch):
        names = {r.fields["service_name"]: {"rows": [r.row]} for r in reversed(batch)}
        names.pop("", None)
        before = self.services.created
        self.services.resolve(names)
        self.result.services_created += self.services.created - before
        owners = {r.fields["owner_name"] for r in batch} - {""}
        people = scoped(Person, self.organisation).filter(name__in=owners).order_by("-pk")
        self.people.update(people.values_list("name", "pk"))
        existing = scoped(ConfigurationItem, self.organisation).filter(
            name__in=[r.key for r in batch]
        )
        self.cis.ids.update(existing.order_by("-pk").values_list("name", "pk"))

    def write(self, record: Parsed) -> str:
        fields = {name: record.fields[name] for name in self.COMPARED}
        fields["owner_id"] = self._owner(record.fields["owner_name"])
        service = record.fields["service_name"]
        pk = self.cis.ids.get(record.key)
        if pk is None:
            item = services.create_record(
                ConfigurationItem,
                self.organisation,
                name=record.key,
                services=[self.services[service]] if service else [],
                **fields,
            )
            self.cis.ids[record.key] = item.pk
            return "created"
        item = scoped(ConfigurationItem, self.organisation).get(pk=pk)
        if not fields["description"] and item.description != UNCONFIRMED_CI:
            del fields["description"]  # the export says nothing: keep what is there
        changes = {k: v for k, v in fields.items() if getattr(item, k) != v}
        current = set(item.services.values_list("pk", flat=True))
        if service and self.services[service] not in current:
            changes["services"] = sorted(current | {self.services[service]})
        if not changes:
            return "unchanged"
        services.update_record(item, **changes)
        return "updated"

    def _owner(self, name: str) -> int | None:
        if name and name not in self.people:
            self.result.skipped[UNMATCHED_OWNER] = self.result.skipped.get(UNMATCHED_OWNER, 0) + 1
        return self.people.get(name)


def relation_key(row: SourceRow) -> str:
    if row.values is None:
        return row.problem.number if row.problem else ""
    parts = [(row.values.get(c) or "").strip() for c in ("parent", "type", "child")]
    return " | ".join(parts) if all(parts) else ""


def parse_relation(row: SourceRow) -> tuple[Parsed | None, list]:
    if problems := unreadable(row):
        return None, problems
    values = RowValues(row, relation_key(row))
    parent = values.text("parent", 200, required=True)
    child = values.text("child", 200, required=True)
    kind = values.choice("type", RELATION_TYPES)
    if parent and parent == child:
        values.problem("child", "a CI cannot be related to itself")
    if values.problems:
        return None, values.problems
    kind, parent_is_source = kind
    source, target = (parent, child) if parent_is_source else (child, parent)
    fields = {"source": source, "kind": kind, "target": target, "reversed": not parent_is_source}
    return Parsed(values.key, row.row, fields), []


class RelationWriter(TableWriter):
    def __init__(self, organisation, result):
        super().__init__(organisation, result)
        self.cis = CiNames(organisation)

    def prepare(self, batch):
        names = {}
        for record in reversed(batch):
            for end in ("source", "target"):
                names[record.fields[end]] = {"rows": [record.row]}
        self.cis.resolve(names)
        self.result.cis_created = self.cis.created

    def write(self, record: Parsed) -> str:
        items = scoped(ConfigurationItem, self.organisation).in_bulk(
            [self.cis[record.fields["source"]], self.cis[record.fields["target"]]]
        )
        source = items[self.cis[record.fields["source"]]]
        target = items[self.cis[record.fields["target"]]]
        kind = record.fields["kind"]
        known = scoped(CiRelation, self.organisation).filter(
            source=source, kind=kind, target=target
        )
        if known.exists():
            return "unchanged"
        try:
            relate_configuration_items(source, kind, target)
        except ValidationError as exc:
            if record.fields["reversed"] and hasattr(exc, "error_dict"):
                # "Contains" runs child to parent: point the refusal at the column meant.
                swap = {"source": "target", "target": "source"}
                raise ValidationError(
                    {swap.get(k, k): v for k, v in exc.error_dict.items()}
                ) from exc
            raise
        return "created"


CI_TABLE = Table(
    name="cmdb_ci",
    required_columns=("name",),
    key_column="name",
    parse=parse_ci,
    writer=CiWriter,
    columns={"name": "name", "ci_type": "sys_class_name", "status": "install_status",
             "retired_on": "install_status", "owner": "owned_by", "version": "version",
             "location": "location", "description": "short_description"},
)  # fmt: skip
RELATION_TABLE = Table(
    name="cmdb_rel_ci",
    required_columns=("parent", "child", "type"),
    key_column="parent",
    parse=parse_relation,
    writer=RelationWriter,
    columns={"source": "parent", "target": "child", "kind": "type"},
    key_of=relation_key,
)
