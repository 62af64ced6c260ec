"""Supplier, fulfilment and security records a healthy organisation keeps (8.3.4, 8.6, 8.7.3).

``add_supply_security(h)`` gives an organisation built by ``builders.healthy_org``
an owner for its supplier contract, a fulfilment target in the email SLA measured
every month, the information security policy acknowledged by the people who
acknowledged the SM policy, and an approved procedure for information security
incidents shown in use, as the checks of ``supplier_agreements`` and
``fulfilment_security`` look for them as at ``AUDIT_DATE``.

``add_internal_supplier(h)`` adds an internal supplier (the payroll operations
team) with an operational level agreement measured every month and reviewed. The
tests of 8.3.4.2 call it; it is not part of the healthy organisation, whose other
specifications count on its single supplier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evident.agreements import services
from evident.agreements.models import Contract, SlaTarget, Supplier, SupplierReview
from evident.core.services import update_record
from evident.core.tenancy import scoped
from evident.support.models import Acknowledgement, Document, DocumentUse, DocumentVersion

from .builders import IN_PERIOD, PERIOD_MONTHS, at


@dataclass
class SupplySecurity:
    """The records tests reach for."""

    fulfilment: SlaTarget = None
    incident_procedure: Document = None


def add_supply_security(h) -> SupplySecurity:
    """Add the records to ``h`` (a ``builders.Healthy``), inside its acting context."""
    b, s = h.build, SupplySecurity()
    update_record(h.agreements.contract, owner=h.staff[2])
    s.fulfilment = b.make(
        SlaTarget, sla=h.sla, metric="Requests fulfilled within 3 days", target_value=95
    )
    b.monthly_measurements(s.fulfilment, PERIOD_MONTHS)
    version = scoped(DocumentVersion, b.org).get(document=h.security_policy)
    for person in [h.ceo, *h.staff[:3]]:  # those who acknowledged the SM policy
        b.make(
            Acknowledgement, person=person, document_version=version, acknowledged_at=at(IN_PERIOD)
        )
    s.incident_procedure = b.document(
        "Information security incident procedure", approver=h.ceo, clauses="8.7.3.3"
    )
    b.make(
        DocumentUse,
        document=s.incident_procedure,
        record_type="operations.incident",
        record_ref=h.incident.ref,
        note="Checked for a security breach as the procedure asks.",
    )
    return s


@dataclass
class Internal:
    supplier: Supplier
    ola: Contract


def add_internal_supplier(h) -> Internal:
    """An internal supplier under an OLA, measured every month of the period and reviewed."""
    b = h.build
    internal = b.make(
        Supplier,
        name="Payroll operations team",
        supplier_type=Supplier.Type.INTERNAL,
        manager=h.staff[2],
        services=[h.payroll.pk],
    )
    ola = b.make(
        Contract,
        supplier=internal,
        title="Payroll operations OLA",
        kind=Contract.Kind.OLA,
        services=[h.payroll.pk],
        starts_on=dt.date(2023, 9, 1),
        targets="Payroll run completed by 18:00 on run day, every run",
        owner=h.staff[2],
    )
    for month in PERIOD_MONTHS:
        services.record_supplier_measurement(
            internal, contract=ola, month=month, metric="on-time runs", target=100, actual=100
        )
    b.make(SupplierReview, supplier=internal, reviewed_on=IN_PERIOD, reviewer=h.ceo)
    return Internal(internal, ola)
