"""Clauses 7.5.1-7.5.3: the documents the SMS keeps, how they are approved, and their control.

Stage 1 reads the document list: every entry has an owner and some content (7.5.1),
and every approved document says who approved it, when, and when it is next
reviewed (7.5.2). Stage 2 reads the period: the procedures of the processes that
ran are shown followed by their records (7.5.1), the versions issued were approved
and took the place of the one before (7.5.2), and the records of the period rest
on approved documents still inside their review date (7.5.3).

A document use is dated by the record it names when that record is one the
clause-8 processes leave (``records.PROCESS_EVIDENCE``: incidents, service
requests, problems, changes, SLA measurements, supplier reviews, continuity
tests); a use naming any other record has no date and is not judged in the period.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, DateField, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import TruncDate

from evident.governance.models import Process
from evident.support.models import Document, DocumentUse, DocumentVersion

from ..evidence import name_all, name_records, names_of, percent, plural, record_type, verb
from ..registry import (
    AREA_OF_CONCERN,
    LOW,
    MINOR,
    SYSTEMIC_PERCENT,
    Check,
    FindingResult,
    grade_by_rate,
    register,
)
from ..scope import AuditScope
from .records import PROCESS_EVIDENCE

NAMED = 10
APPROVED = DocumentVersion.Status.APPROVED
RETIRED = DocumentVersion.Status.RETIRED
# Who approved the service management policy is judged under 5.2 (top management);
# the approver checks here leave it out so that one lapse is not reported twice.
SM_POLICY = Document.Type.SM_POLICY


def _listed(queryset) -> str:
    shown = list(queryset.order_by("ref")[: NAMED + 1])
    return names_of(shown[:NAMED]) + (" and others" if len(shown) > NAMED else "")


def _approved_version(scope: AuditScope, outer: str = "pk") -> Exists:
    """On a row naming a document by ``outer``: the document has an approved version now."""
    return Exists(
        scope.related(DocumentVersion).filter(document=OuterRef(outer), status=APPROVED),
    )


def _once_approved(scope: AuditScope, outer: str = "pk") -> Exists:
    """On a row naming a document by ``outer``: a version of it was approved at some time."""
    return Exists(
        scope.related(DocumentVersion).filter(
            document=OuterRef(outer), status__in=(APPROVED, RETIRED), approved_at__isnull=False
        )
    )


def dated_uses(scope: AuditScope):
    """Document uses naming a process record of the period, that record's day as ``used_on``."""
    days = []
    for evidence in PROCESS_EVIDENCE:
        records = evidence.in_period(scope).filter(ref=OuterRef("record_ref"))
        if evidence.is_timestamp:
            records = records.annotate(day=TruncDate(evidence.date_field, tzinfo=dt.UTC))
            day = records.values("day")[:1]
        else:
            day = records.values(evidence.date_field)[:1]
        days.append(When(record_type=record_type(evidence.model), then=Subquery(day)))
    used_on = Case(*days, default=None, output_field=DateField())
    return scope.records(DocumentUse).annotate(used_on=used_on).filter(used_on__isnull=False)


# Stage 1 ------------------------------------------------------------------------------


@register(
    Check(
        id="s1.documents.owned",
        clause="7.5.1",
        stage=1,
        title="Every document on the list has an owner and content",
        looks_at="Documents, their owners and whether any version of them exists",
        grade_rule="Any document with no owner, or with no version at all: low (one finding).",
        fix=(
            "Give each document an owner who keeps it up to date, and write (or remove from "
            "the list) the documents that have no version yet."
        ),
    )
)
def documents_owned(scope):
    has_version = Exists(scope.related(DocumentVersion).filter(document=OuterRef("pk")))
    documents = scope.records(Document)
    unowned = documents.filter(owner__isnull=True)
    empty = documents.exclude(has_version)
    lacking = documents.filter(Q(owner__isnull=True) | ~Q(has_version))
    named = name_records(lacking)
    if not named.total:
        return []
    parts = []
    if n := unowned.count():
        parts.append(f"{plural(n, 'document')} {verb(n, 'has', 'have')} no owner")
    if n := empty.count():
        parts.append(f"{plural(n, 'document')} {verb(n, 'has', 'have')} no version at all")
    statement = (
        f"The document list is not fully kept: {' and '.join(parts)} "
        f"({_listed(lacking)}).{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s1.documents.approval-recorded",
        clause="7.5.2",
        stage=1,
        title="Approved documents say who approved them, when, and when they are next reviewed",
        looks_at=(
            "Documents with an approved version: the approver and approval time of those "
            "versions (the service management policy's approver is judged under 5.2), and "
            "the documents' next review dates"
        ),
        grade_rule=(
            "Any approved document with no next review date, or with an approved version "
            "that names no approver or no approval time: low (one finding)."
        ),
        fix=(
            "Record who approved each version and when, and set the date by which each "
            "approved document is to be reviewed again."
        ),
    )
)
def approval_recorded(scope):
    unsigned = scope.related(DocumentVersion).filter(
        Q(approved_by__isnull=True) | Q(approved_at__isnull=True),
        document=OuterRef("pk"),
        status=APPROVED,
    )
    approved = scope.records(Document).filter(_approved_version(scope))
    no_review = approved.filter(next_review_due__isnull=True)
    no_approver = approved.filter(Exists(unsigned)).exclude(doc_type=SM_POLICY)
    lacking = approved.filter(Q(pk__in=no_review.values("pk")) | Q(pk__in=no_approver.values("pk")))
    named = name_records(lacking)
    if not named.total:
        return []
    parts = []
    if n := no_review.count():
        parts.append(f"{plural(n, 'approved document')} {verb(n, 'has', 'have')} no review date")
    if n := no_approver.count():
        parts.append(
            f"{plural(n, 'approved document')} {verb(n, 'does', 'do')} not record who "
            "approved it or when"
        )
    statement = f"{'; '.join(parts)}: {_listed(lacking)}.{named.note()}"
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


# Stage 2 ------------------------------------------------------------------------------


def _processes_not_shown_followed(scope: AuditScope) -> list[Process]:
    """In-scope processes that left records in the period, with an approved procedure that
    none of those records is shown to have followed (one query or two per process)."""
    processes = {
        p.key: p
        for p in scope.records(Process)
        .filter(_approved_version(scope, "procedure"), in_scope=True)
        .select_related("procedure")
    }
    lapsed = []
    for evidence in PROCESS_EVIDENCE:  # the fixed table of seven processes
        process = processes.get(evidence.process)
        records = evidence.in_period(scope)
        if process is None or not records.exists():
            continue
        shown = scope.records(DocumentUse).filter(
            document=process.procedure_id,
            record_type=record_type(evidence.model),
            record_ref__in=records.values("ref"),
        )
        if not shown.exists():
            lapsed.append(process)
    return lapsed


@register(
    Check(
        id="s2.documents.followed",
        clause="7.5.1",
        stage=2,
        title="The procedures of the processes that ran are shown in use",
        looks_at=(
            "In-scope processes with an approved procedure that left records in the period "
            "(incidents, requests, problems, changes, SLA measurements, supplier reviews, "
            "continuity tests), and the document uses naming those records"
        ),
        grade_rule=(
            "Any such process none of whose records of the period is shown handled by its "
            "procedure: minor (one finding)."
        ),
        fix=(
            "Link records of each process to the procedure they followed (a document use), "
            "so that the documents of the SMS are shown to be the ones people work by; "
            "where practice has moved on, update the procedure."
        ),
    )
)
def procedures_followed(scope):
    lapsed = _processes_not_shown_followed(scope)
    if not lapsed:
        return []
    ids = [p.pk for p in lapsed]
    processes = scope.records(Process).filter(pk__in=ids)
    procedures = scope.records(Document).filter(pk__in=[p.procedure_id for p in lapsed])
    named = name_all(processes, procedures)
    which = ", ".join(
        f"{p.get_key_display().split(' (')[0]} ({p.procedure.title}, {p.procedure.ref})"
        for p in lapsed
    )
    statement = (
        f"{plural(len(lapsed), 'process', 'processes')} ran in the period, but no record of "
        f"{verb(len(lapsed), 'it', 'theirs')} is shown handled by the approved procedure: "
        f"{which}. The documented procedure is not shown to be the one in use.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.documents.versions-approved",
        clause="7.5.2",
        stage=2,
        title="Versions issued in the period were approved and replaced the one before",
        looks_at=(
            "Document versions approved in the period (checked whole): who approved them "
            "(the service management policy's approver is judged under 5.2), and earlier "
            "versions of the same document still approved"
        ),
        grade_rule=(
            f"Versions naming no approver, or leaving an earlier version approved: above "
            f"{SYSTEMIC_PERCENT} % of the versions issued, major; otherwise minor."
        ),
        fix=(
            "Record who approved each new version, and retire the version it replaces in "
            "the same step so only one version of a document is in force."
        ),
    )
)
def versions_approved(scope):
    issued = scope.records(DocumentVersion).filter(
        scope.timestamp_in_period("approved_at"), status__in=(APPROVED, RETIRED)
    )
    earlier_in_force = Exists(
        scope.related(DocumentVersion).filter(
            document=OuterRef("document"), status=APPROVED, approved_at__lt=OuterRef("approved_at")
        )
    )
    unsigned = Q(approved_by__isnull=True) & ~Q(document__doc_type=SM_POLICY)
    deviations = issued.filter(unsigned | Q(earlier_in_force))
    named = name_records(deviations)
    if not named.total:
        return []
    population = issued.count()
    documents = scope.records(Document).filter(pk__in=deviations.values("document"))
    statement = (
        f"{named.total} of the {plural(population, 'document version')} issued in the "
        f"period ({percent(named.total, population)}) named no approver or left an earlier "
        f"version of the document in force: {_listed(documents)}.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, population), statement, records=named.records)]


@register(
    Check(
        id="s2.documents.in-use-controlled",
        clause="7.5.3",
        stage=2,
        title="Records of the period rest on approved documents inside their review date",
        looks_at=(
            "Document uses naming process records of the period (checked whole), the "
            "documents they name, their approved versions and next review dates"
        ),
        grade_rule=(
            "Uses of a document never approved, or dated after the document's review date "
            f"had passed: above {SYSTEMIC_PERCENT} % of the uses, major; otherwise minor."
        ),
        fix=(
            "Approve or withdraw the documents people work by, review the lapsed ones, and "
            "make sure the current approved version is the one at hand where work is done."
        ),
    )
)
def in_use_controlled(scope):
    uses = dated_uses(scope)
    deviations = uses.filter(
        ~Q(_once_approved(scope, "document")) | Q(document__next_review_due__lt=F("used_on"))
    )
    named_uses = name_records(deviations)
    if not named_uses.total:
        return []
    population = uses.count()
    documents = scope.records(Document).filter(pk__in=deviations.values("document"))
    named = named_uses + name_records(documents)
    statement = (
        f"{named_uses.total} of the {plural(population, 'record')} of the period shown "
        f"handled by a document ({percent(named_uses.total, population)}) followed one never "
        f"approved or past its review date: {_listed(documents)}.{named.note()}"
    )
    grade = grade_by_rate(named_uses.total, population)
    return [FindingResult(grade, statement, records=named.records)]
