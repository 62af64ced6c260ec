"""Clauses 8.3.1-8.3.3: customers known and reviewed, complaints handled, SLAs agreed and
their breaches reviewed (suppliers, 8.3.4, are in ``suppliers``).

Stage 1 asks whether the relationships are set up: customers named for the live
services, relationship reviews arranged, an agreed SLA for each service in scope.
Stage 2 asks whether they were worked in the period: relationship reviews held,
satisfaction measured, complaints resolved by the day promised, SLA breaches
looked into.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from evident.agreements.models import (
    SLA,
    Complaint,
    Customer,
    RelationshipReview,
    SatisfactionSurvey,
    SlaMeasurement,
    SlaReview,
)
from evident.agreements.services.customers import COMPLAINT_RESPONSE_DAYS
from evident.catalogue.models import Service

from ..evidence import name_records, names_of, percent, plural, verb
from ..registry import (
    AREA_OF_CONCERN,
    LOW,
    MEDIUM,
    MINOR,
    SYSTEMIC_PERCENT,
    Check,
    FindingResult,
    grade_by_rate,
    register,
)
from ..scope import AuditScope, next_month
from .common import current_scope, live_services, named_by_records_q

# A quarter: the time allowed to review a breach.
QUARTER = dt.timedelta(days=92)
NAMED = 10


def listed(queryset) -> str:
    """Names of the first records of ``queryset`` for a statement, "and others" after ten."""
    shown = list(queryset.order_by("ref")[: NAMED + 1])
    return names_of(shown[:NAMED]) + (" and others" if len(shown) > NAMED else "")


def served_q(scope: AuditScope) -> Q:
    """On ``Service``: an active customer receives it."""
    customers = scope.related(Customer).filter(
        services=OuterRef("pk"), status=Customer.Status.ACTIVE
    )
    return Q(Exists(customers))


def customers_of_live_services(scope: AuditScope):
    live = live_services(scope)
    return scope.records(Customer).filter(
        Exists(live.filter(customers=OuterRef("pk"))), status=Customer.Status.ACTIVE
    )


# 8.3.1 ------------------------------------------------------------------------------


@register(
    Check(
        id="s1.customers.identified",
        clause="8.3.1",
        stage=1,
        title="The customers of each live service are known",
        looks_at="Live services and the active customers recorded as receiving them",
        grade_rule=(
            "No customer on record at all: medium. Some live services with no customer: "
            "low (one finding)."
        ),
        fix="Record each customer, internal or external, and the services it receives.",
    )
)
def customers_identified(scope):
    unserved = live_services(scope).exclude(served_q(scope))
    named = name_records(unserved)
    if not named.total:
        return []
    if not scope.records(Customer).filter(status=Customer.Status.ACTIVE).exists():
        statement = "No customer of the services is on record."
        return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]
    statement = (
        f"{plural(named.total, 'live service')} {verb(named.total, 'has', 'have')} no "
        f"customer on record: {listed(unserved)}."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s2.customers.known",
        clause="8.3.1",
        stage=2,
        title="Services delivered in the period have known customers",
        looks_at="Services named by the period's incidents, requests, problems and changes",
        grade_rule="Any service delivered in the period that no active customer receives: minor.",
        fix="Find out whom the service is delivered to and record them as its customers.",
    )
)
def delivered_to_known_customers(scope):
    unknown = scope.records(Service).filter(named_by_records_q(scope)).exclude(served_q(scope))
    named = name_records(unknown)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'service')} delivered in the period "
        f"{verb(named.total, 'has', 'have')} no customer on record: {listed(unknown)}."
    )
    return [FindingResult(MINOR, statement, records=named.records)]


# 8.3.2 ------------------------------------------------------------------------------


@register(
    Check(
        id="s1.relationship.reviews-arranged",
        clause="8.3.2",
        stage=1,
        title="Relationship reviews are arranged with each customer",
        looks_at="Active customers of live services and their reviews, held or planned",
        grade_rule="Any such customer with no review held or planned: low (one finding).",
        fix=(
            "Agree with each customer how often you review the relationship and the "
            "service's performance, and put the next review in the diary."
        ),
    )
)
def relationship_reviews_arranged(scope):
    arranged = scope.related(RelationshipReview).filter(
        customer=OuterRef("pk"),
        status__in=[RelationshipReview.Status.HELD, RelationshipReview.Status.PLANNED],
    )
    lacking = customers_of_live_services(scope).exclude(Exists(arranged))
    named = name_records(lacking)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'customer')} {verb(named.total, 'has', 'have')} no "
        f"relationship review held or planned: {listed(lacking)}."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s2.relationship.reviewed",
        clause="8.3.2",
        stage=2,
        title="Each customer's relationship was reviewed in the period",
        looks_at="Active customers of live services and their reviews held in the period",
        grade_rule="Any such customer with no review held in the period: minor (one finding).",
        fix=(
            "Hold the relationship review with each customer: go through performance, "
            "complaints and changing needs, and record what was agreed."
        ),
    )
)
def relationships_reviewed(scope):
    held = scope.related(RelationshipReview).filter(
        scope.date_in_period("held_on"),
        customer=OuterRef("pk"),
        status=RelationshipReview.Status.HELD,
    )
    unreviewed = customers_of_live_services(scope).exclude(Exists(held))
    named = name_records(unreviewed)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'customer')} had no relationship review in the period: "
        f"{listed(unreviewed)}."
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.satisfaction.measured",
        clause="8.3.2",
        stage=2,
        title="Customer satisfaction was measured in the period",
        looks_at="Satisfaction surveys conducted in the period, where live services have customers",
        grade_rule="Customers of live services and no satisfaction survey in the period: minor.",
        fix="Ask the customers how satisfied they are at least once a year and record the result.",
    )
)
def satisfaction_measured(scope):
    customers = customers_of_live_services(scope)
    if not customers.exists():
        return []
    surveys = scope.records(SatisfactionSurvey).filter(scope.date_in_period("conducted_on"))
    if surveys.exists():
        return []
    named = name_records(customers)
    statement = (
        f"No customer satisfaction survey was conducted in the period, although "
        f"{plural(named.total, 'customer')} {verb(named.total, 'receives', 'receive')} "
        f"live services."
    )
    return [FindingResult(MINOR, statement, records=named.records)]


def complaints_judged(scope: AuditScope) -> tuple[list, list]:
    """Complaints received in the period (not withdrawn), and those handled late.

    A complaint is late when it was resolved after the day promised, or is still
    unresolved with that day past; without a promised day the default handling
    time applies. The complaints of one period are few, so they are judged in turn.
    """
    population = list(
        scope.records(Complaint)
        .filter(scope.date_in_period("received_on"))
        .exclude(status=Complaint.Status.WITHDRAWN)
        .order_by("ref")
    )
    default = dt.timedelta(days=COMPLAINT_RESPONSE_DAYS)
    late = []
    for complaint in population:
        due = complaint.respond_by or complaint.received_on + default
        handled_on = complaint.resolved_on or scope.audit_date
        if handled_on > due:
            late.append(complaint)
    return population, late


@register(
    Check(
        id="s2.complaints.handled",
        clause="8.3.2",
        stage=2,
        title="Complaints are resolved by the day promised",
        looks_at=(
            "Complaints received in the period, their promised resolution day (or "
            f"{COMPLAINT_RESPONSE_DAYS} days) and when they were resolved"
        ),
        grade_rule=(
            f"Complaints resolved late or left open past their day: above {SYSTEMIC_PERCENT} % "
            "of the period's complaints, major; otherwise minor (one finding)."
        ),
        fix=(
            "Resolve each complaint by the day promised, or agree a new day with the "
            "customer; escalate those that cannot be settled, and find why they slipped."
        ),
    )
)
def complaints_handled(scope):
    population, late = complaints_judged(scope)
    if not late:
        return []
    grade = grade_by_rate(len(late), len(population))
    still_open = sum(1 for c in late if c.resolved_on is None)
    statement = (
        f"{plural(len(late), 'complaint')} of {len(population)} received in the period "
        f"({percent(len(late), len(population))}) {verb(len(late), 'was', 'were')} not "
        f"resolved by the day promised ({still_open} still open): "
        f"{', '.join(c.ref for c in late[:NAMED])}{' and others' if len(late) > NAMED else ''}."
    )
    records = tuple({"type": "agreements.complaint", "id": c.pk, "ref": c.ref} for c in late)
    return [FindingResult(grade, statement, records=records)]


# 8.3.3 ------------------------------------------------------------------------------


@register(
    Check(
        id="s1.sla.agreed",
        clause="8.3.3",
        stage=1,
        title="Each live service in scope has an agreed SLA",
        looks_at="Live services of the current scope (all live services without one) and SLAs",
        grade_rule="Any such service with no agreed SLA: medium (one finding).",
        fix=(
            "Agree an SLA with the customer of each service in scope, with measurable "
            "targets (availability, response and resolution times)."
        ),
    )
)
def slas_agreed(scope):
    services = live_services(scope)
    current = current_scope(scope)
    if current is not None:
        services = services.filter(pk__in=current.services.values("pk"))
    agreed = scope.related(SLA).filter(service=OuterRef("pk"), status=SLA.Status.AGREED)
    lacking = services.exclude(Exists(agreed))
    named = name_records(lacking)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'live service')} in scope {verb(named.total, 'has', 'have')} "
        f"no agreed SLA: {listed(lacking)}."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


def unreviewed_breaches(scope: AuditScope):
    """Missed measurements of agreed SLAs, due for review, that no review covers.

    A breach is due for review a quarter after its month ends. A review covers the
    breaches it names; a review that names none covers every breach of a month
    over before it was held (it did not say, so it is taken to have looked at all).
    """
    due_before = scope.audit_date - QUARTER
    uncovered = Q(pk__in=[])
    for month in scope.required_months():
        if next_month(month) > due_before:
            continue
        silent_review_after = scope.related(SlaReview).filter(
            sla=OuterRef("target__sla"),
            reviewed_on__gte=next_month(month),
            reviewed_on__lte=scope.audit_date,
            breaches_reviewed__isnull=True,
        )
        uncovered |= Q(month=month) & ~Q(Exists(silent_review_after))
    naming_review = scope.related(SlaReview).filter(breaches_reviewed=OuterRef("pk"))
    return (
        scope.records(SlaMeasurement)
        .filter(uncovered, met=False, target__sla__status=SLA.Status.AGREED)
        .exclude(Exists(naming_review))
    )


@register(
    Check(
        id="s2.sla.breaches-reviewed",
        clause="8.3.3",
        stage=2,
        title="SLA breaches are reviewed",
        looks_at=(
            "Missed monthly SLA measurements of the period, a quarter or more old, and the "
            "SLA reviews held after them"
        ),
        grade_rule=(
            "Any missed target with no SLA review after it (a review that names breaches "
            "covers only those it names): minor (one finding)."
        ),
        fix=(
            "Review each breach with the customer: say why the target was missed and what "
            "will stop it happening again, and name the breach in the SLA review."
        ),
    )
)
def sla_breaches_reviewed(scope):
    breaches = unreviewed_breaches(scope)
    named = name_records(breaches)
    if not named.total:
        return []
    slas = scope.records(SLA).filter(targets__measurements__in=breaches).distinct()
    statement = (
        f"{plural(named.total, 'missed SLA target')} of the period "
        f"{verb(named.total, 'was', 'were')} not followed by an SLA review, in "
        f"{plural(slas.count(), 'SLA')}: {listed(slas)}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]
