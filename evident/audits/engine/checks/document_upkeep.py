"""Clauses 7.5.4 and 7.6: the SMS's own documents and its knowledge, kept current.

The scope, the policy, the objectives and the catalogue each have their own
checks (4.3, 5.2, 6.2, 8.2.4). Here Stage 1 asks that the SMS plan is approved
and that agreed SLAs are inside their review dates; Stage 2 asks that the
catalogue and the agreements followed the services when they were retired, and
that known errors of the period were shared as knowledge.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from evident.agreements.models import SLA
from evident.catalogue.models import CatalogueEntry, Service
from evident.governance.models import SmsPlan
from evident.operations.models import Problem
from evident.support.models import KnowledgeArticle

from ..evidence import name_all, names_of, plural, verb
from ..registry import AREA_OF_CONCERN, MEDIUM, MINOR, Check, FindingResult, register

# Time allowed after a service is retired, or a known error published, to bring the
# catalogue, the agreements and the knowledge base up to date.
UPKEEP_GRACE_DAYS = 30
NAMED = 10


def _listed(queryset) -> str:
    shown = list(queryset.order_by("ref")[: NAMED + 1])
    return names_of(shown[:NAMED]) + (" and others" if len(shown) > NAMED else "")


@register(
    Check(
        id="s1.sms-documents.approved",
        clause="7.5.4",
        stage=1,
        title="The SMS plan is approved and agreed SLAs are inside their review dates",
        looks_at="SMS plans and their approval; agreed SLAs and their review dates",
        grade_rule=(
            "Any SMS plan not approved by the audit date, or any agreed SLA past its review "
            "date: medium (one finding)."
        ),
        fix=(
            "Have the SMS plan approved, and review the lapsed SLAs with their customers "
            "(confirm or change them, and set the next review date)."
        ),
    )
)
def sms_documents_approved(scope):
    plans = scope.records(SmsPlan).filter(
        Q(approved_at__isnull=True) | Q(approved_at__gte=scope.ends_before)
    )
    slas = scope.records(SLA).filter(status=SLA.Status.AGREED, review_due__lt=scope.audit_date)
    named = name_all(plans, slas)
    if not named.total:
        return []
    parts = []
    if n := plans.count():
        parts.append(
            f"{plural(n, 'SMS plan')} {verb(n, 'is', 'are')} not approved ({_listed(plans)})"
        )
    if n := slas.count():
        parts.append(
            f"{plural(n, 'agreed SLA')} {verb(n, 'is', 'are')} past {verb(n, 'its', 'their')} "
            f"review date ({_listed(slas)})"
        )
    statement = f"Documents the SMS is run by are not current: {'; '.join(parts)}.{named.note()}"
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s2.sms-documents.follow-services",
        clause="7.5.4",
        stage=2,
        title="The catalogue and the agreements follow the services when they are retired",
        looks_at=(
            f"Services retired more than {UPKEEP_GRACE_DAYS} days before the audit date (or "
            "with no retirement day), their published catalogue entries and agreed SLAs"
        ),
        grade_rule=(
            "Any retired service still published in the catalogue or under an agreed SLA: "
            "minor (one finding)."
        ),
        fix=(
            "Withdraw the catalogue entries and retire the SLAs of services no longer "
            "delivered, and make that part of the steps for retiring a service."
        ),
    )
)
def sms_documents_follow_services(scope):
    cutoff = scope.audit_date - dt.timedelta(days=UPKEEP_GRACE_DAYS)
    retired = scope.records(Service).filter(
        Q(retired_on__isnull=True) | Q(retired_on__lte=cutoff), status=Service.Status.RETIRED
    )
    entries = scope.records(CatalogueEntry).filter(
        service__in=retired, status=CatalogueEntry.Status.PUBLISHED
    )
    slas = scope.records(SLA).filter(service__in=retired, status=SLA.Status.AGREED)
    services = retired.filter(
        Q(pk__in=entries.values("service")) | Q(pk__in=slas.values("service"))
    )
    named = name_all(services, entries, slas)
    if not named.total:
        return []
    n = services.count()
    published = plural(entries.count(), "published catalogue entry", "published catalogue entries")
    statement = (
        f"{plural(n, 'retired service')} {verb(n, 'is', 'are')} still offered on paper: "
        f"{_listed(services)}, with {published} "
        f"and {plural(slas.count(), 'agreed SLA')}. The catalogue and the agreements were "
        f"not kept current.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.knowledge.known-errors-shared",
        clause="7.6",
        stage=2,
        title="Known errors of the period are shared as knowledge",
        looks_at=(
            "Problems published as known errors in the period, more than "
            f"{UPKEEP_GRACE_DAYS} days before the audit date, and the published knowledge "
            "articles that explain them"
        ),
        grade_rule="Any such known error no published article explains: minor (one finding).",
        fix=(
            "Publish a knowledge article for each known error (symptoms, workaround, who to "
            "call), linked to the problem, so the people who meet it can use it."
        ),
    )
)
def known_errors_shared(scope):
    cutoff = scope.ends_before - dt.timedelta(days=UPKEEP_GRACE_DAYS)
    explained = scope.related(KnowledgeArticle).filter(
        problem=OuterRef("pk"), status=KnowledgeArticle.Status.PUBLISHED
    )
    unshared = (
        scope.records(Problem)
        .filter(scope.timestamp_in_period("known_error_at"), known_error_at__lt=cutoff)
        .exclude(Exists(explained))
    )
    named = name_all(unshared)
    if not named.total:
        return []
    n = named.total
    statement = (
        f"{plural(n, 'known error')} published in the period {verb(n, 'is', 'are')} explained "
        f"by no published knowledge article: {_listed(unshared)}. What was learnt is kept "
        f"in the problem record only.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]
