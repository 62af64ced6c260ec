"""Clauses 4.3, 7.1 and 7.4-7.6 as the implementation journey fills them in: scope exclusions
and phases, the resource plan, the communication plan, documents in use, knowledge.

The resource plan is read per person and month (``governance.resources``): a
person given more than 1.0 FTE in a month is over-allocated in it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from evident.catalogue.models import Service
from evident.core.models import Person
from evident.governance.models import Process, ResourceAllocation, RoleAssignment, ScopeExclusion
from evident.governance.resources import add_months, first_of_month, over_allocations
from evident.support.models import (
    CommunicationPlanItem,
    Document,
    DocumentUse,
    DocumentVersion,
    KnowledgeArticle,
)

from ..evidence import name_records, names_of, plural, verb
from ..registry import AREA_OF_CONCERN, LOW, MEDIUM, MINOR, OFI, Check, FindingResult, register
from ..scope import AuditScope, months_before
from .common import catalogued_q, current_scope

# A planned communication more than this many days past its due date was not made.
COMMUNICATION_GRACE_DAYS = 14
# Published knowledge is reviewed at least this often.
KNOWLEDGE_REVIEW_MONTHS = 12
# Stage 1 looks this many months ahead in the resource plan, from the audit month.
PLAN_AHEAD_MONTHS = 12
# Over-allocated in this many months of the period or more: a sustained shortfall.
SUSTAINED_MONTHS = 3


@register(
    Check(
        id="s1.scope.exclusions-reasoned",
        clause="4.3",
        stage=1,
        title="Every exclusion from the scope gives its reason",
        looks_at="The exclusions recorded against the current scope statement",
        grade_rule="Any exclusion of the current scope with no reason: medium.",
        fix="Say for each exclusion why it is outside the SMS, then re-approve the scope.",
    )
)
def exclusions_reasoned(scope):
    current = current_scope(scope)
    if current is None:
        return []
    bare = scope.records(ScopeExclusion).filter(scope=current, reason__regex=r"^\s*$")
    named = name_records(bare)
    if not named.total:
        return []
    excluded = ", ".join(bare.order_by("ref").values_list("excluded", flat=True)[:10])
    statement = (
        f"{plural(named.total, 'exclusion')} from the approved scope {current.ref} "
        f"{verb(named.total, 'gives', 'give')} no reason: {excluded}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s1.scope.phases-catalogued",
        clause="4.3",
        stage=1,
        title="Each phase of the certification plan names catalogued services in the scope",
        looks_at="Services of the current scope's phases, the catalogue and the scope's services",
        grade_rule=(
            "A phase names a service with no published catalogue entry: medium; "
            "a phase names a service the scope does not: medium."
        ),
        fix=(
            "Publish the phased services in the catalogue and bring them into the scope, "
            "or take them out of the phase."
        ),
    )
)
def phases_catalogued(scope):
    current = current_scope(scope)
    if current is None:
        return []
    phased = scope.records(Service).filter(scope_phases__scope=current).distinct()
    results = []
    uncatalogued = phased.exclude(catalogued_q(scope))
    outside = phased.exclude(pk__in=current.services.values("pk"))
    for subject, services, where in (
        ("catalogue", uncatalogued, "have no published catalogue entry"),
        ("scope", outside, f"are not among the services of the scope {current.ref}"),
    ):
        named = name_records(services)
        if named.total:
            statement = (
                f"The phased certification plan names {plural(named.total, 'service')} that "
                f"{where}: {names_of(services.order_by('ref')[:10])}.{named.note()}"
            )
            results.append(
                FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records, subject=subject)
            )
    return results


def _current_allocation(scope: AuditScope):
    return scope.records(ResourceAllocation).filter(
        period_start__lte=scope.audit_date, period_end__gte=scope.audit_date
    )


@register(
    Check(
        id="s1.resources.roles-covered",
        clause="7.1",
        stage=1,
        title="The resource plan gives time to every SMS role",
        looks_at="Roles held in the SMS, and the resource allocations current at the audit date",
        grade_rule="Any SMS role with no allocation current at the audit date: low.",
        fix="Allocate time (FTE, for a period) to each SMS role, to a named person or supplier.",
    )
)
def roles_covered(scope):
    resourced = set(_current_allocation(scope).values_list("role", flat=True))
    assignments = scope.records(RoleAssignment).filter(person__active=True)
    roles = sorted(set(assignments.values_list("role", flat=True)) - resourced)
    if not roles:
        return []
    named = name_records(assignments.filter(role__in=roles))
    statement = (
        f"{plural(len(roles), 'SMS role')} {verb(len(roles), 'has', 'have')} no time allocated "
        f"in the resource plan at the audit date: {', '.join(roles[:10])}"
        f"{' and others' if len(roles) > 10 else ''}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


def _over_allocation_finding(
    scope, loads, grade, severity, when: str, subject: str = ""
) -> list[FindingResult]:
    if not loads:
        return []
    people = {load.person.pk: load.person for load in loads}
    refs = sorted({ref for load in loads for ref in load.allocation_refs})
    allocations = scope.records(ResourceAllocation).filter(ref__in=refs)
    named = name_records(scope.records(Person).filter(pk__in=people)) + name_records(allocations)
    worst = max(loads, key=lambda load: load.fte)
    statement = (
        f"{plural(len(people), 'person', 'people')} {verb(len(people), 'is', 'are')} given "
        f"more than their whole time {when} ({plural(len(loads), 'person-month')}); the most, "
        f"{worst.fte} FTE, is {worst.person.name} in {worst.month:%B %Y}.{named.note()}"
    )
    return [FindingResult(grade, statement, severity, named.records, subject=subject)]


@register(
    Check(
        id="s1.resources.over-allocated",
        clause="7.1",
        stage=1,
        title="Nobody is planned for more than their whole time",
        looks_at=f"Each person's FTE per month over the {PLAN_AHEAD_MONTHS} months from the audit",
        grade_rule="Any person above 1.0 FTE in a month of the plan ahead: low.",
        fix="Re-plan the allocations so that no one is given more than 1.0 FTE in a month.",
    )
)
def planned_over_allocation(scope):
    first = first_of_month(scope.audit_date)
    loads = over_allocations(scope.organisation, first, add_months(first, PLAN_AHEAD_MONTHS - 1))
    return _over_allocation_finding(scope, loads, AREA_OF_CONCERN, LOW, "in the plan ahead")


@register(
    Check(
        id="s1.communication.plan",
        clause="7.4",
        stage=1,
        title="Communications are planned",
        looks_at="Items of the communication plan",
        grade_rule="No active item in the communication plan: low.",
        fix="Plan what is communicated, to whom, how, how often and by whom.",
    )
)
def communication_planned(scope):
    if scope.records(CommunicationPlanItem).filter(active=True).exists():
        return []
    statement = (
        "There is no communication plan: what the SMS communicates, to whom and when "
        "is left to chance."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW)]


def _approved_procedures(scope: AuditScope):
    approved = scope.related(DocumentVersion).filter(
        document=OuterRef("pk"), status=DocumentVersion.Status.APPROVED
    )
    return scope.records(Document).filter(Exists(approved), doc_type=Document.Type.PROCEDURE)


@register(
    Check(
        id="s1.documents.in-use",
        clause="7.5",
        stage=1,
        title="Approved procedures are in use",
        looks_at="Approved procedures, the processes that follow them and records of their use",
        grade_rule="Any approved procedure no process follows and no record shows in use: low.",
        fix=(
            "Link each procedure to the process that follows it or to records that show "
            "it used, or retire it."
        ),
    )
)
def documents_in_use(scope):
    followed = scope.related(Process).filter(procedure=OuterRef("pk"))
    used = scope.related(DocumentUse).filter(document=OuterRef("pk"))
    orphans = _approved_procedures(scope).exclude(Exists(followed)).exclude(Exists(used))
    named = name_records(orphans)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'approved procedure')} {verb(named.total, 'is', 'are')} "
        f"followed by no process and shown in use by no record: "
        f"{names_of(orphans.order_by('ref')[:10])}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s1.knowledge.reviewed",
        clause="7.6",
        stage=1,
        title="Published knowledge is kept current",
        looks_at="Published knowledge articles and when they were last reviewed",
        grade_rule=(
            f"Any published article not reviewed in the {KNOWLEDGE_REVIEW_MONTHS} months "
            "before the audit date: low."
        ),
        fix="Review the stale articles (correct, confirm or retire them) and record the review.",
    )
)
def knowledge_reviewed(scope):
    since = months_before(scope.audit_date, KNOWLEDGE_REVIEW_MONTHS)
    stale = scope.records(KnowledgeArticle).filter(
        Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=since),
        status=KnowledgeArticle.Status.PUBLISHED,
    )
    named = name_records(stale)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'published knowledge article')} "
        f"{verb(named.total, 'has', 'have')} not been reviewed since {since}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s2.communication.plan-kept",
        clause="7.4",
        stage=2,
        title="Planned communications are made when due",
        looks_at="Active items of the communication plan and their next due dates",
        grade_rule=(
            f"Any active item more than {COMMUNICATION_GRACE_DAYS} days past its due date "
            "(records that lapse): minor."
        ),
        fix=(
            "Make the overdue communications and log them against their plan items, or "
            "change the plan."
        ),
    )
)
def communication_plan_kept(scope):
    cutoff = scope.audit_date - dt.timedelta(days=COMMUNICATION_GRACE_DAYS)
    overdue = scope.records(CommunicationPlanItem).filter(active=True, next_due__lt=cutoff)
    named = name_records(overdue)
    if not named.total:
        return []
    subjects = ", ".join(overdue.order_by("ref").values_list("subject", flat=True)[:10])
    statement = (
        f"{plural(named.total, 'planned communication')} {verb(named.total, 'is', 'are')} more "
        f"than {COMMUNICATION_GRACE_DAYS} days overdue: {subjects}.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


@register(
    Check(
        id="s2.resources.over-allocated",
        clause="7.1",
        stage=2,
        title="People were not given more than their whole time",
        looks_at="Each person's FTE per month over the months of the audit period",
        grade_rule=(
            f"Someone above 1.0 FTE in {SUSTAINED_MONTHS} or more months of the period: minor "
            "(the resources the SMS needed were not provided); above 1.0 FTE only in fewer "
            "months: opportunity for improvement (a peak, not a shortfall)."
        ),
        fix="Add people or external support to the roles that ran over, or re-plan the work.",
    )
)
def over_allocated_in_period(scope):
    loads = over_allocations(scope.organisation, scope.period_start, scope.audit_date)
    months: dict[int, int] = {}
    for load in loads:
        months[load.person.pk] = months.get(load.person.pk, 0) + 1
    sustained = [load for load in loads if months[load.person.pk] >= SUSTAINED_MONTHS]
    peaks = [load for load in loads if months[load.person.pk] < SUSTAINED_MONTHS]
    return [
        *_over_allocation_finding(
            scope,
            sustained,
            MINOR,
            "",
            f"in {SUSTAINED_MONTHS} or more months of the period",
            subject="sustained",
        ),
        *_over_allocation_finding(
            scope, peaks, OFI, "", "in a month or two of the period", subject="peaks"
        ),
    ]
