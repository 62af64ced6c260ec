"""Document records that make ``builders.healthy_org`` healthy for 7.5.1-7.5.4.

``add_documents(h)`` runs last: it gives every document on the list an owner (the
process owner for procedures, top management for the rest), approves the SMS
plan, and shows each procedure of a process with records in the period followed
by one of those records (a document use).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from evident.agreements.models import SlaMeasurement, SupplierReview
from evident.assurance.models import ContinuityTest
from evident.core.services import update_record
from evident.core.tenancy import scoped
from evident.governance.models import Process, SmsPlan
from evident.operations.models import Change, Incident, Problem, ServiceRequest
from evident.support.models import Document, DocumentUse

from .builders import AUDIT_DATE, at

K = Process.Key
# The record of each process that shows its procedure followed, and its key date.
SHOWN_BY = {
    K.INCIDENT: (Incident, "opened_at"),
    K.SERVICE_REQUEST: (ServiceRequest, "opened_at"),
    K.PROBLEM: (Problem, "opened_at"),
    K.CHANGE: (Change, "requested_at"),
    K.SERVICE_LEVEL: (SlaMeasurement, "month"),
    K.SUPPLIER: (SupplierReview, "reviewed_on"),
    K.CONTINUITY: (ContinuityTest, "tested_on"),
}


@dataclass
class Documents:
    """The records tests reach for: the SMS plan and each process's document use."""

    plan: SmsPlan
    uses: dict = field(default_factory=dict)


def add_documents(h) -> Documents:
    b, org = h.build, h.build.org
    for document in scoped(Document, org).filter(owner__isnull=True).order_by("ref"):
        owner = h.staff[0] if document.doc_type == Document.Type.PROCEDURE else h.ceo
        update_record(document, owner=owner)
    plan = update_record(scoped(SmsPlan, org).get(), approved_at=at(dt.date(2024, 1, 8)))
    documents = Documents(plan)
    for key, (model, day) in SHOWN_BY.items():
        # The latest record of the process up to the audit date: one of the period.
        until = at(AUDIT_DATE, 23) if day.endswith("_at") else AUDIT_DATE
        records = scoped(model, org).filter(**{f"{day}__lte": until})
        record = records.order_by(f"-{day}", "-ref").first()
        documents.uses[key] = b.make(
            DocumentUse,
            document=h.processes[key].procedure,
            record_type=model._meta.label_lower,
            record_ref=record.ref,
            note="Handled as the procedure says.",
        )
    return documents
