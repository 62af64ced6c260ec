"""Clauses 8.1 and 8.2.4: clause-8 processes defined and controlled; the service catalogue."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from evident.catalogue.models import CatalogueEntry, Service
from evident.governance.models import Process
from evident.support.models import DocumentVersion

from ..evidence import name_records, names_of, plural, record_ref, verb
from ..registry import AREA_OF_CONCERN, HIGH, MAJOR, MEDIUM, Check, FindingResult, register
from .common import catalogued_q, delivery_evidence, live_services, named_by_records_q


@register(
    Check(
        id="s1.process.defined",
        clause="8.1",
        stage=1,
        title="Each clause-8 process is defined",
        looks_at="Process records for the nine clause-8 processes",
        grade_rule="A clause-8 process with no process record: medium (one finding per process).",
        fix=(
            "Define the process: record it, name its owner and point it at its approved "
            "procedure (or record it as out of scope, with the reason)."
        ),
    )
)
def processes_defined(scope):
    defined = set(scope.records(Process).values_list("key", flat=True))
    return [
        FindingResult(
            AREA_OF_CONCERN,
            f"{label} is not defined: there is no process record for it.",
            MEDIUM,
            subject=key,
        )
        for key, label in Process.Key.choices
        if key not in defined
    ]


@register(
    Check(
        id="s1.process.controlled",
        clause="8.1",
        stage=1,
        title="In-scope processes have an owner and an approved procedure",
        looks_at="In-scope process records, their owners and their procedures' versions",
        grade_rule=(
            "An in-scope process with no owner, no procedure, or a procedure without an "
            "approved version: medium (one finding per process)."
        ),
        fix="Name the process owner and approve a procedure for the process.",
    )
)
def processes_controlled(scope):
    approved = scope.records(DocumentVersion).filter(
        document=OuterRef("procedure"), status=DocumentVersion.Status.APPROVED
    )
    lacking = (
        scope.records(Process)
        .filter(in_scope=True)
        .annotate(procedure_approved=Exists(approved))
        .filter(Q(owner__isnull=True) | Q(procedure_approved=False))
        .select_related("procedure")
    )
    findings = []
    for process in lacking:  # at most nine processes
        gaps = []
        if process.owner_id is None:
            gaps.append("no owner")
        if process.procedure_id is None:
            gaps.append("no procedure")
        elif not process.procedure_approved:
            gaps.append(f"a procedure ({process.procedure.ref}) with no approved version")
        records = (record_ref(process),)
        if process.procedure_id:
            records += (record_ref(process.procedure),)
        statement = f"{process.get_key_display()} ({process.ref}) has {' and '.join(gaps)}."
        findings.append(
            FindingResult(AREA_OF_CONCERN, statement, MEDIUM, records, subject=process.key)
        )
    return findings


@register(
    Check(
        id="s1.catalogue.published",
        clause="8.2.4",
        stage=1,
        title="The service catalogue is not empty",
        looks_at="Published service catalogue entries",
        grade_rule="No published catalogue entry at all: high.",
        fix="Publish a catalogue entry for each live service: what it is, for whom, its hours.",
    )
)
def catalogue_published(scope):
    published = scope.records(CatalogueEntry).filter(status=CatalogueEntry.Status.PUBLISHED)
    if published.exists():
        return []
    statement = "The service catalogue has no published entry."
    return [FindingResult(AREA_OF_CONCERN, statement, HIGH)]


@register(
    Check(
        id="s1.catalogue.live-services",
        clause="8.2.4",
        stage=1,
        title="Every live service is in the catalogue",
        looks_at="Live services and their catalogue entries",
        grade_rule=(
            "Any live service without a published catalogue entry (when the catalogue is "
            "not empty): medium."
        ),
        fix="Publish a catalogue entry for each live service missing from the catalogue.",
    )
)
def live_services_catalogued(scope):
    published = scope.records(CatalogueEntry).filter(status=CatalogueEntry.Status.PUBLISHED)
    if not published.exists():
        return []  # the empty catalogue is its own, graver, concern
    missing = live_services(scope).exclude(catalogued_q(scope))
    named = name_records(missing)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'live service')} {verb(named.total, 'is', 'are')} missing from "
        f"the service catalogue: {names_of(missing.order_by('ref')[:10])}"
        f"{' and others' if named.total > 10 else ''}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s2.catalogue.services-delivered",
        clause="8.2.4",
        stage=2,
        title="Services delivered in the period are in the catalogue",
        looks_at=(
            "Services named by incidents, service requests, problems and changes of the "
            "period, against the published catalogue"
        ),
        grade_rule="Any service named by the period's records without a published entry: major.",
        fix=(
            "Publish catalogue entries for the services being delivered, or stop "
            "delivering services the catalogue does not offer."
        ),
    )
)
def services_delivered_catalogued(scope):
    missing = scope.records(Service).filter(named_by_records_q(scope)).exclude(catalogued_q(scope))
    services = list(missing.order_by("ref")[:10])
    if not services:
        return []
    named, phrase = delivery_evidence(scope, missing)
    count = missing.count()
    statement = (
        f"{plural(count, 'service')} delivered in the period {verb(count, 'is', 'are')} not in "
        f"the service catalogue: {names_of(services)}{' and others' if count > 10 else ''}. "
        f"The period's records naming {verb(count, 'it', 'them')}: {phrase}.{named.note()}"
    )
    return [FindingResult(MAJOR, statement, records=named.records)]
