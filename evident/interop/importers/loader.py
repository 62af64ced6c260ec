"""Writing imported incidents in batches through the service layer.

A batch (2,000 incidents by default) is written in one transaction: new
incidents and their status histories with ``bulk_create_records``; incidents
already present under the same ref are compared field by field and history
step by step, updated with ``update_record`` and their history replaced only
when something differs, and otherwise left alone. Services named by the
incidents are matched by name; a name with no service becomes an unconfirmed
service, so the catalogue check can say it is delivered but not catalogued.
Problems and causing changes are linked by ref (see ``incident_links``).
"""

from __future__ import annotations

from django.db import transaction

from evident.core import services
from evident.core.context import detail
from evident.core.tenancy import scoped
from evident.operations.models import Incident, IncidentStatusChange

from .incident_links import REF_FIELDS, IncidentLinks
from .result import ImportResult
from .service_names import ServiceNames
from .servicenow import IncidentRecord

BATCH_SIZE = 2000
COMPARED_FIELDS = (
    "title",
    "service_id",
    "priority",
    "impact",
    "urgency",
    "category",
    "status",
    "assignment_group",
    "made_sla",
    "opened_at",
    "resolved_at",
    "closed_at",
    "problem_id",
    "caused_by_change_id",
)
# Fields naming another record, resolved to its id rather than written as they are.
NAMED_FIELDS = {"service_name", *REF_FIELDS}


class IncidentLoader:
    """Collects incidents and writes them a batch at a time, counting what it did."""

    def __init__(self, organisation, result: ImportResult, *, batch_size: int = BATCH_SIZE):
        self.organisation = organisation
        self.result = result
        self.batch_size = batch_size
        self.pending: list[IncidentRecord] = []
        self.services = ServiceNames(organisation)
        self.links = IncidentLinks(organisation, result)

    def add(self, record: IncidentRecord) -> None:
        self.pending.append(record)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        with transaction.atomic():
            self._resolve_services(batch)
            self.links.resolve([r.fields for r in batch])
            existing = {
                incident.ref: incident
                for incident in scoped(Incident, self.organisation).filter(
                    ref__in=[r.number for r in batch]
                )
            }
            histories = self._histories(existing.values())
            fresh = [r for r in batch if r.number not in existing]
            self._create(fresh)
            for record in batch:
                if record.number in existing:
                    incident = existing[record.number]
                    self._reconcile(record, incident, histories.get(incident.pk, []))

    def _resolve_services(self, batch: list[IncidentRecord]) -> None:
        first_naming = {}
        for record in batch:
            first_naming.setdefault(record.fields["service_name"], _rows(record))
        before = self.services.created
        self.services.resolve(first_naming)
        self.result.services_created += self.services.created - before

    def _create(self, records: list[IncidentRecord]) -> None:
        incidents = services.bulk_create_records(
            Incident,
            self.organisation,
            [Incident(ref=r.number, **self._values(r)) for r in records],
            row_details=[_rows(r) for r in records],
        )
        self._create_history(list(zip(records, incidents, strict=True)))
        self.result.created += len(incidents)

    def _create_history(self, pairs) -> None:
        steps = [(step, incident) for record, incident in pairs for step in record.history]
        services.bulk_create_records(
            IncidentStatusChange,
            self.organisation,
            [
                IncidentStatusChange(
                    incident=incident,
                    status=step.status,
                    source_status=step.source_status,
                    changed_at=step.changed_at,
                )
                for step, incident in steps
            ],
            row_details=[{"row": step.row} for step, _ in steps],
        )

    def _reconcile(self, record: IncidentRecord, incident: Incident, history: list) -> None:
        values = self._values(record)
        changes = {
            name: value for name, value in values.items() if getattr(incident, name) != value
        }
        history_changed = history != [
            (s.status, s.source_status, s.changed_at) for s in record.history
        ]
        if not changes and not history_changed:
            self.result.unchanged += 1
            return
        with detail(**_rows(record)):
            if changes:
                services.update_record(incident, **changes)
            if history_changed:
                services.bulk_delete_records(
                    scoped(IncidentStatusChange, self.organisation).filter(incident=incident)
                )
                self._create_history([(record, incident)])
        self.result.updated += 1

    def _values(self, record: IncidentRecord) -> dict:
        values = {k: v for k, v in record.fields.items() if k not in NAMED_FIELDS}
        values["service_id"] = self.services[record.fields["service_name"]]
        values.update(self.links.values(record.fields))
        return values

    def _histories(self, incidents) -> dict[int, list[tuple]]:
        histories: dict[int, list[tuple]] = {}
        rows = (
            scoped(IncidentStatusChange, self.organisation)
            .filter(incident__in=[i.pk for i in incidents])
            .order_by("incident_id", "changed_at", "pk")
            .values_list("incident_id", "status", "source_status", "changed_at")
        )
        for incident_id, *step in rows:
            histories.setdefault(incident_id, []).append(tuple(step))
        return histories


def _rows(record: IncidentRecord) -> dict:
    return {"rows": [record.first_row, record.last_row]}
