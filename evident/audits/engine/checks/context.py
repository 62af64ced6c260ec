"""Clause 4.3: the scope of the SMS, on paper (Stage 1) and in practice (Stage 2)."""

from __future__ import annotations

from evident.catalogue.models import Service
from evident.governance.models import ScopeStatement

from ..evidence import name_records, names_of, plural, record_ref, verb
from ..registry import AREA_OF_CONCERN, HIGH, MAJOR, MEDIUM, Check, FindingResult, register
from .common import current_scope, delivery_evidence, named_by_records_q


@register(
    Check(
        id="s1.scope.approved",
        clause="4.3",
        stage=1,
        title="The scope of the SMS is approved",
        looks_at="Scope statements and their status",
        grade_rule="No approved scope statement (a draft counts as missing): high.",
        fix=(
            "Write down which services, units and locations the SMS covers, and what it "
            "excludes and why, then have top management approve it."
        ),
    )
)
def scope_approved(scope):
    if current_scope(scope) is not None:
        return []
    unapproved = name_records(scope.records(ScopeStatement))
    statement = "No approved scope statement exists, so nobody can say what the SMS covers."
    if unapproved.total:
        statement += (
            f" {plural(unapproved.total, 'scope statement')} "
            f"{verb(unapproved.total, 'exists', 'exist')} only as draft or superseded."
        )
    return [FindingResult(AREA_OF_CONCERN, statement, HIGH, unapproved.records)]


@register(
    Check(
        id="s1.scope.names-services",
        clause="4.3",
        stage=1,
        title="The approved scope names the services it covers",
        looks_at="The services named by the current (latest approved) scope statement",
        grade_rule="The current scope names no service: medium.",
        fix="List in the scope statement every service the SMS manages, then re-approve it.",
    )
)
def scope_names_services(scope):
    current = current_scope(scope)
    if current is None or current.services.exists():
        return []
    statement = (
        f"The approved scope statement {current.ref} (version {current.version}) names no "
        "service, so it cannot be told which services the SMS manages."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, (record_ref(current),))]


@register(
    Check(
        id="s2.scope.services-delivered",
        clause="4.3",
        stage=2,
        title="Services delivered in the period are inside the scope",
        looks_at=(
            "Services named by incidents, service requests, problems and changes of the "
            "period, against the services of the current scope"
        ),
        grade_rule="Any service named by the period's records but not by the current scope: major.",
        fix=(
            "Either bring the services into the scope statement (and under the SMS's "
            "processes) or stop delivering them outside it; re-approve the scope."
        ),
    )
)
def services_delivered_in_scope(scope):
    current = current_scope(scope)
    outside = scope.records(Service).filter(named_by_records_q(scope))
    if current is not None:
        outside = outside.exclude(pk__in=current.services.values("pk"))
    services = list(outside.order_by("ref")[:10])
    if not services:
        return []
    named, phrase = delivery_evidence(scope, outside)
    count = outside.count()
    where = f"the approved scope {current.ref}" if current else "any approved scope"
    statement = (
        f"{plural(count, 'service')} delivered in the period {verb(count, 'is', 'are')} "
        f"outside {where}: {names_of(services)}{' and others' if count > 10 else ''}. "
        f"The period's records naming {verb(count, 'it', 'them')}: {phrase}.{named.note()}"
    )
    return [FindingResult(MAJOR, statement, records=named.records)]
