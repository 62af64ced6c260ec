"""Clauses 8.2.1-8.2.3, 8.2.5 and 8.2.6: the service portfolio beyond the catalogue.

Stage 1 asks whether the portfolio is designed: live services owned, pipeline
services planned, the parties of supplied services named, an asset register
and configuration items for the live services in scope. Stage 2 asks whether
it works: no records against retired services, plans kept to their dates,
parties still under control, licences kept current, and changes and incidents
traced to configuration items that exist (rate grading as in rule 5 where the
records are tested on an attribute).
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q

from evident.agreements.models import Supplier
from evident.catalogue.models import (
    Asset,
    ConfigurationItem,
    LifecycleParty,
    Service,
    ServicePlan,
)
from evident.operations.models import Change, Incident

from ..evidence import name_all, name_records, names_of, percent, plural, verb
from ..registry import (
    AREA_OF_CONCERN,
    MEDIUM,
    MINOR,
    Check,
    FindingResult,
    grade_by_rate,
    register,
)
from ..scope import AuditScope
from .common import DELIVERY_RECORDS, current_scope, live_services

NAMED_IN_STATEMENT = 10


def _names(queryset, total: int) -> str:
    shown = names_of(queryset.order_by("ref")[:NAMED_IN_STATEMENT])
    return f"{shown}{' and others' if total > NAMED_IN_STATEMENT else ''}"


def _concern(queryset, noun: str, plural_noun: str, lack: tuple[str, str]) -> list[FindingResult]:
    """One medium area of concern naming the records of ``queryset``, or none.

    ``lack`` is what they lack, as the verb phrase for one and for several.
    """
    named = name_records(queryset)
    if not named.total:
        return []
    text = (
        f"{plural(named.total, noun, plural_noun)} {verb(named.total, *lack)}: "
        f"{_names(queryset, named.total)}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, text, MEDIUM, named.records)]


# 8.2.1 Service delivery ---------------------------------------------------------------


@register(
    Check(
        id="s1.service.owned",
        clause="8.2.1",
        stage=1,
        title="Every live service has an owner",
        looks_at="Live services and their owners",
        grade_rule="Any live service with no owner: medium (one finding).",
        fix="Name an owner for each live service, who answers for its delivery.",
    )
)
def live_services_owned(scope):
    unowned = live_services(scope).filter(owner__isnull=True)
    return _concern(unowned, "live service", "live services", ("has no owner", "have no owner"))


def _records_after_retirement(scope: AuditScope, model, date_field: str):
    """The period's records of ``model`` naming a service retired before the record's date.

    A service retired without a recorded day counts as retired for the whole period.
    """
    retired_before = Q(service__retired_on__isnull=True) | Q(
        service__retired_on__lt=F(f"{date_field}__date")
    )
    return scope.records(model).filter(
        scope.timestamp_in_period(date_field),
        retired_before,
        service__status=Service.Status.RETIRED,
    )


@register(
    Check(
        id="s2.service.retired-still-delivered",
        clause="8.2.1",
        stage=2,
        title="Retired services receive no records",
        looks_at=(
            "Incidents, service requests, problems and changes of the period that name a "
            "service retired before the record was opened"
        ),
        grade_rule="Any such record: minor (one finding per retired service).",
        fix=(
            "Either the service is still delivered (reinstate it, with its catalogue entry and "
            "agreement) or the records name the wrong service (correct them and the routing)."
        ),
    )
)
def retired_services_still_delivered(scope):
    findings = []
    retired = scope.records(Service).filter(status=Service.Status.RETIRED).order_by("ref")
    querysets = [_records_after_retirement(scope, m, f) for m, f in DELIVERY_RECORDS]
    for service in retired:  # retired services are few
        own = [qs.filter(service=service) for qs in querysets]
        named = name_all(scope.records(Service).filter(pk=service.pk), *own)
        count = named.total - 1
        if count <= 0:
            continue
        since = f"on {service.retired_on}" if service.retired_on else "with no recorded day"
        statement = (
            f"Service {service.name} ({service.ref}) was retired {since}, yet "
            f"{plural(count, 'record')} of the period opened after that name it.{named.note()}"
        )
        findings.append(FindingResult(MINOR, statement, records=named.records, subject=service.ref))
    return findings


# 8.2.2 Plan the services --------------------------------------------------------------

OPEN_PLAN = (ServicePlan.Status.DRAFT, ServicePlan.Status.APPROVED)


@register(
    Check(
        id="s1.service.pipeline-planned",
        clause="8.2.2",
        stage=1,
        title="Services in the pipeline are planned",
        looks_at="Pipeline services and their service plans",
        grade_rule="Any pipeline service with no plan that is not cancelled: medium (one finding).",
        fix=(
            "Record a plan for each service in the pipeline: the needs it meets, its "
            "requirements and dependencies, a target date and an owner."
        ),
    )
)
def pipeline_services_planned(scope):
    planned = (
        scope.related(ServicePlan)
        .filter(service=OuterRef("pk"))
        .exclude(status=ServicePlan.Status.CANCELLED)
    )
    unplanned = (
        scope.records(Service).filter(status=Service.Status.PIPELINE).exclude(Exists(planned))
    )
    lack = ("has no service plan", "have no service plan")
    return _concern(unplanned, "service in the pipeline", "services in the pipeline", lack)


@register(
    Check(
        id="s2.service-plan.on-time",
        clause="8.2.2",
        stage=2,
        title="Service plans are carried out or revised by their target date",
        looks_at="Draft and approved service plans whose target date fell in the period",
        grade_rule="Any such plan still open: minor (one finding).",
        fix=(
            "Complete the overdue plans, or revise their target dates (or cancel them) with "
            "the reason, so the portfolio shows what is really planned."
        ),
    )
)
def service_plans_on_time(scope):
    overdue = scope.records(ServicePlan).filter(
        scope.date_in_period("target_date"), target_date__lt=scope.audit_date, status__in=OPEN_PLAN
    )
    named = name_records(overdue)
    if not named.total:
        return []
    plans = ", ".join(
        f"{p.title} ({p.ref}, due {p.target_date})" for p in overdue.order_by("ref")[:10]
    )
    statement = (
        f"{plural(named.total, 'service plan')} passed {verb(named.total, 'its', 'their')} "
        f"target date in the period and {verb(named.total, 'is', 'are')} still open: "
        f"{plans}{' and others' if named.total > 10 else ''}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


# 8.2.3 Control of parties involved in the service lifecycle ---------------------------


@register(
    Check(
        id="s1.party.suppliers-named",
        clause="8.2.3",
        stage=1,
        title="Supplied live services name their suppliers' part",
        looks_at="Live services that active suppliers support, and their lifecycle parties",
        grade_rule=(
            "Any live service supported by an active supplier with no supplier recorded as a "
            "party in its lifecycle: medium (one finding)."
        ),
        fix=(
            "For each supplied service, record which supplier takes which part of its "
            "lifecycle (build, host, support) and what it answers for."
        ),
    )
)
def supplier_parties_named(scope):
    supplied = scope.related(Supplier).filter(
        services=OuterRef("pk"), status=Supplier.Status.ACTIVE
    )
    named_party = scope.related(LifecycleParty).filter(
        service=OuterRef("pk"), kind=LifecycleParty.Kind.SUPPLIER
    )
    lacking = live_services(scope).filter(Exists(supplied)).exclude(Exists(named_party))
    lack = (
        "records no supplier among its lifecycle parties",
        "record no supplier among their lifecycle parties",
    )
    return _concern(lacking, "supplied live service", "supplied live services", lack)


@register(
    Check(
        id="s2.party.under-control",
        clause="8.2.3",
        stage=2,
        title="Parties in live services' lifecycles are still under control",
        looks_at=(
            "Lifecycle parties of live services: suppliers' status and contract end, "
            "people's employment"
        ),
        grade_rule=(
            "Any party that is an inactive supplier, a supplier whose contract ended before "
            "the audit date, or a person who has left: minor (one finding)."
        ),
        fix=(
            "Renew the contract or move the part to a party under agreement; give the "
            "leavers' parts to people still in the organisation."
        ),
    )
)
def parties_under_control(scope):
    lapsed = (
        scope.records(LifecycleParty)
        .filter(service__status=Service.Status.LIVE)
        .filter(
            Q(supplier__status=Supplier.Status.INACTIVE)
            | Q(supplier__contract_end__lt=scope.audit_date)
            | Q(person__active=False)
        )
    )
    named = name_records(lapsed)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'party', 'parties')} in the lifecycle of live services "
        f"{verb(named.total, 'is', 'are')} no longer under control (supplier inactive or out "
        f"of contract, or person gone): "
        f"{', '.join(str(p) for p in lapsed.order_by('ref')[:10])}"
        f"{' and others' if named.total > 10 else ''}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


# 8.2.5 Asset management ---------------------------------------------------------------


@register(
    Check(
        id="s1.asset.register",
        clause="8.2.5",
        stage=1,
        title="There is an asset register, and its assets in use are owned",
        looks_at="The asset register, while services are live",
        grade_rule=(
            "Live services and no asset in the register: medium. Assets in use with no "
            "owner: medium (one finding)."
        ),
        fix=(
            "Record the assets the services rely on (hardware, licences, subscriptions) with "
            "an owner for each, and keep the register current."
        ),
    )
)
def asset_register(scope):
    if not live_services(scope).exists():
        return []
    assets = scope.records(Asset)
    if not assets.exists():
        statement = "Services are live, but the asset register is empty."
        return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, subject="empty")]
    unowned = assets.filter(status=Asset.Status.IN_USE, owner__isnull=True)
    return _concern(unowned, "asset in use", "assets in use", ("has no owner", "have no owner"))


@register(
    Check(
        id="s2.asset.licence-current",
        clause="8.2.5",
        stage=2,
        title="Assets in use are within their licence or contract",
        looks_at="Assets in use whose licence, subscription or support has an end date",
        grade_rule="Any asset in use past that end date on the audit date: minor (one finding).",
        fix=(
            "Renew or replace the lapsed licences and contracts, or record the assets as "
            "disposed of; watch end dates ahead of time."
        ),
    )
)
def asset_licences_current(scope):
    lapsed = scope.records(Asset).filter(
        status=Asset.Status.IN_USE, expires_on__lt=scope.audit_date
    )
    named = name_records(lapsed)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'asset')} in use {verb(named.total, 'is', 'are')} past the end "
        f"of {verb(named.total, 'its', 'their')} licence or contract: "
        f"{_names(lapsed, named.total)}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


# 8.2.6 Configuration management -------------------------------------------------------


def services_in_scope(scope: AuditScope):
    """Live services named by the current scope statement (all live ones without a scope)."""
    statement = current_scope(scope)
    services = live_services(scope)
    if statement is None:
        return services
    return services.filter(pk__in=statement.services.values("pk"))


@register(
    Check(
        id="s1.ci.services-covered",
        clause="8.2.6",
        stage=1,
        title="Every live service in scope has configuration items",
        looks_at="Live services in scope and the live configuration items that support them",
        grade_rule="Any such service with no live configuration item: medium (one finding).",
        fix=(
            "Record the configuration items each service in scope rests on, with their "
            "type, owner and relations, and the service they support."
        ),
    )
)
def services_have_configuration_items(scope):
    supported = scope.related(ConfigurationItem).filter(
        services=OuterRef("pk"), status=ConfigurationItem.Status.LIVE
    )
    uncovered = services_in_scope(scope).exclude(Exists(supported))
    lack = ("has no live configuration item", "have no live configuration item")
    return _concern(uncovered, "live service in scope", "live services in scope", lack)


def implemented_changes(scope: AuditScope):
    """Changes that started in the period and were carried out (whatever their outcome)."""
    return (
        scope.records(Change)
        .filter(scope.timestamp_in_period("actual_start"))
        .exclude(status__in=[Change.Status.REJECTED, Change.Status.CANCELLED])
    )


@register(
    Check(
        id="s2.ci.changes-traced",
        clause="8.2.6",
        stage=2,
        title="Changes name the configuration items they changed",
        looks_at="Changes implemented in the period and the CIs they name (checked whole)",
        grade_rule="Deviation rate above 10 %: major. Any lower rate: minor.",
        fix=(
            "Make naming the affected CIs part of recording a change, and bring the "
            "configuration records of the deviating changes up to date."
        ),
    )
)
def changes_traced_to_cis(scope):
    population = implemented_changes(scope)
    untraced = population.filter(configuration_items__isnull=True)
    named = name_records(untraced)
    if not named.total:
        return []
    size = population.count()
    statement = (
        f"{named.total} of {size} changes implemented in the period "
        f"({percent(named.total, size)}) name no configuration item, so the CMDB cannot be "
        f"shown to follow them.{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, size), statement, records=named.records)]


@register(
    Check(
        id="s2.ci.incidents-current",
        clause="8.2.6",
        stage=2,
        title="Incidents name configuration items that were live",
        looks_at=(
            "Incidents opened in the period that name configuration items (checked whole), "
            "against the items' status"
        ),
        grade_rule=(
            "Incidents naming an item that was retired before the incident opened, or is "
            "still only planned: above 10 % of them major, otherwise minor."
        ),
        fix=(
            "Correct the configuration records (reinstate items still in use, record those "
            "that went live) and find out why the CMDB fell behind."
        ),
    )
)
def incidents_against_current_cis(scope):
    population = scope.records(Incident).filter(
        scope.timestamp_in_period("opened_at"), configuration_items__isnull=False
    )
    stale_item = Q(configuration_items__status=ConfigurationItem.Status.PLANNED) | Q(
        configuration_items__status=ConfigurationItem.Status.RETIRED,
        configuration_items__retired_on__lt=F("opened_at__date"),
    )
    deviating = scope.records(Incident).filter(pk__in=population.filter(stale_item).values("pk"))
    named = name_records(deviating)
    if not named.total:
        return []
    size = population.distinct().count()
    items = (
        scope.records(ConfigurationItem)
        .filter(
            incidents__in=deviating,
            status__in=[ConfigurationItem.Status.PLANNED, ConfigurationItem.Status.RETIRED],
        )
        .distinct()
    )
    statement = (
        f"{named.total} of {size} incidents of the period that name configuration items "
        f"({percent(named.total, size)}) name items the CMDB holds as retired before the "
        f"incident or not yet live: {_names(items, items.count())}.{named.note()}"
    )
    records = name_all(deviating, items)
    return [FindingResult(grade_by_rate(named.total, size), statement, records=records.records)]
