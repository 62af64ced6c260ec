"""Writing imported service requests in batches through the service layer.

The same contract as the incident loader: a batch is one transaction; requests
already present under the same ref are compared field by field and updated
only when something differs; services are matched by name or created
unconfirmed.
"""

from __future__ import annotations

from django.db import transaction

from evident.core import services
from evident.core.context import detail
from evident.core.tenancy import scoped
from evident.operations.models import ServiceRequest

from .result import ImportResult
from .service_names import ServiceNames

BATCH_SIZE = 2000


class RequestLoader:
    """Collects service requests and writes them a batch at a time, counting what it did."""

    def __init__(self, organisation, result: ImportResult, *, batch_size: int = BATCH_SIZE):
        self.organisation = organisation
        self.result = result
        self.batch_size = batch_size
        self.pending = []
        self.services = ServiceNames(organisation)

    def add(self, record) -> None:
        self.pending.append(record)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        with transaction.atomic():
            before = self.services.created
            first_naming = {}
            for record in batch:
                first_naming.setdefault(record.fields["service_name"], {"rows": [record.row]})
            self.services.resolve(first_naming)
            self.result.services_created += self.services.created - before
            existing = {
                request.ref: request
                for request in scoped(ServiceRequest, self.organisation).filter(
                    ref__in=[r.number for r in batch]
                )
            }
            fresh = [r for r in batch if r.number not in existing]
            services.bulk_create_records(
                ServiceRequest,
                self.organisation,
                [ServiceRequest(ref=r.number, **self._values(r)) for r in fresh],
                row_details=[{"rows": [r.row]} for r in fresh],
            )
            self.result.created += len(fresh)
            for record in batch:
                if record.number in existing:
                    self._reconcile(record, existing[record.number])

    def _reconcile(self, record, request: ServiceRequest) -> None:
        values = self._values(record)
        changes = {name: value for name, value in values.items() if getattr(request, name) != value}
        if not changes:
            self.result.unchanged += 1
            return
        with detail(rows=[record.row]):
            services.update_record(request, **changes)
        self.result.updated += 1

    def _values(self, record) -> dict:
        values = {k: v for k, v in record.fields.items() if k != "service_name"}
        values["service_id"] = self.services[record.fields["service_name"]]
        return values
