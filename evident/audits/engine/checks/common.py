"""Shared readings of an organisation's records, in the terms of the check list.

The current scope is the latest approved scope statement; the SM policy is the
``sm_policy`` document(s) and its current version the latest approved version;
people in scope are active people working within the SMS; a service is
catalogued when it has a published catalogue entry; a service is named by
records when an incident, request or problem opened, or a change requested, in
the period refers to it.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q

from evident.catalogue.models import CatalogueEntry, Service
from evident.core.models import Person
from evident.governance.models import ScopeStatement
from evident.operations.models import Change, Incident, Problem, ServiceRequest
from evident.support.models import Document, DocumentVersion

from ..evidence import Named, name_all, plural
from ..scope import AuditScope

# The operational records that show a service being delivered, with their key date.
DELIVERY_RECORDS = (
    (Incident, "opened_at"),
    (ServiceRequest, "opened_at"),
    (Problem, "opened_at"),
    (Change, "requested_at"),
)


def current_scope(scope: AuditScope) -> ScopeStatement | None:
    return (
        scope.records(ScopeStatement)
        .filter(status=ScopeStatement.Status.APPROVED)
        .order_by(F("approved_at").desc(nulls_last=True), "-ref")
        .first()
    )


def sm_policy_documents(scope: AuditScope):
    return scope.records(Document).filter(doc_type=Document.Type.SM_POLICY)


def current_policy_version(scope: AuditScope) -> DocumentVersion | None:
    return (
        scope.records(DocumentVersion)
        .filter(document__in=sm_policy_documents(scope), status=DocumentVersion.Status.APPROVED)
        .select_related("approved_by")
        .order_by(F("approved_at").desc(nulls_last=True), "-ref")
        .first()
    )


def people_in_scope(scope: AuditScope):
    return scope.records(Person).filter(in_sms_scope=True, active=True)


def live_services(scope: AuditScope):
    return scope.records(Service).filter(status=Service.Status.LIVE)


def catalogued_q(scope: AuditScope) -> Q:
    """On ``Service``: it has a published catalogue entry."""
    published = scope.related(CatalogueEntry).filter(
        service=OuterRef("pk"), status=CatalogueEntry.Status.PUBLISHED
    )
    return Q(Exists(published))


def named_by_records_q(scope: AuditScope) -> Q:
    """On ``Service``: a record of the period refers to it."""
    condition = Q()
    for model, date_field in DELIVERY_RECORDS:
        naming = scope.related(model).filter(
            scope.timestamp_in_period(date_field), service=OuterRef("pk")
        )
        condition |= Q(Exists(naming))
    return condition


def records_naming(scope: AuditScope, services) -> list:
    """The period's delivery records that refer to any of ``services``, one queryset per type."""
    return [
        scope.records(model).filter(scope.timestamp_in_period(date_field), service__in=services)
        for model, date_field in DELIVERY_RECORDS
    ]


def delivery_evidence(scope: AuditScope, services) -> tuple[Named, str]:
    """Name ``services`` and the period's records that name them, with a count per record type.

    Returns the named records (services first) and a phrase such as
    ``"38 incidents and 2 changes"``.
    """
    querysets = records_naming(scope, services)
    counts = [(qs.model, qs.count()) for qs in querysets]
    parts = [
        plural(n, str(m._meta.verbose_name), str(m._meta.verbose_name_plural))
        for m, n in counts
        if n
    ]
    phrase = (
        ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else ""
    )
    return name_all(services, *querysets), phrase
