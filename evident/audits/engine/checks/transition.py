"""Clause 8.5: change control set up (8.5.1), design and transition (8.5.2), release (8.5.3).

Stage 1 looks for the pieces an auditor expects before changes flow: an
approved change management policy, change boards with members, approved
standard-change models, a release policy, designs for services in the
pipeline. Stage 2 follows releases deployed to production in the period: their
changes approved before deployment, failed deployments followed up, and major
releases (new or significantly changed services) resting on an approved design
whose transition was accepted.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, Subquery

from evident.catalogue.models import Service
from evident.operations.models import (
    Change,
    ChangeApproval,
    ChangeAuthority,
    ChangeTemplate,
    Deployment,
    Release,
    ServiceDesign,
    TransitionPlan,
)
from evident.support.models import Document, DocumentVersion

from ..evidence import name_all, name_records, names_of, percent, plural, record_ref, verb
from ..registry import (
    AREA_OF_CONCERN,
    LOW,
    MEDIUM,
    Check,
    FindingResult,
    grade_by_rate,
    register,
)
from ..scope import AuditScope
from .common import live_services

GOVERNING_TYPES = (Document.Type.POLICY, Document.Type.PLAN)


def serves_clause(clauses: str, clause: str) -> bool:
    """Whether a document's comma-separated clause list covers ``clause`` or one under it."""
    tokens = {token.strip() for token in clauses.split(",")}
    return any(token == clause or token.startswith(f"{clause}.") for token in tokens)


def governing_documents(scope: AuditScope, clause: str) -> tuple[list, list]:
    """Policies and plans serving ``clause``: (those with an approved version, the others)."""
    approved = scope.related(DocumentVersion).filter(
        document=OuterRef("pk"), status=DocumentVersion.Status.APPROVED
    )
    documents = (
        scope.records(Document)
        .filter(doc_type__in=GOVERNING_TYPES, clauses__contains=clause)
        .annotate(is_approved=Exists(approved))
        .order_by("ref")
    )
    serving = [d for d in documents if serves_clause(d.clauses, clause)]  # a handful
    return [d for d in serving if d.is_approved], [d for d in serving if not d.is_approved]


@register(
    Check(
        id="s1.change.policy",
        clause="8.5.1.1",
        stage=1,
        title="A change management policy is approved",
        looks_at="Policies and plans serving clause 8.5.1, and their approved versions",
        grade_rule="No approved policy serving change management: medium.",
        fix=(
            "Approve a change management policy: which changes are controlled, which count "
            "as standard, and who may approve normal and emergency changes."
        ),
    )
)
def change_policy(scope):
    approved, drafts = governing_documents(scope, "8.5.1")
    if approved:
        return []
    statement = "There is no approved change management policy."
    if drafts:
        statement += f" Not approved: {names_of(drafts)}."
    records = tuple(record_ref(d) for d in drafts)
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, records)]


@register(
    Check(
        id="s1.change.authority",
        clause="8.5.1.3",
        stage=1,
        title="Change boards are set up with members",
        looks_at="Change advisory boards and emergency boards, with their members",
        grade_rule=(
            "No change advisory board with members: medium. No emergency board with "
            "members: low. One finding per missing board."
        ),
        fix=(
            "Record the change advisory board and the emergency board: who chairs them, "
            "who sits on them and which changes they decide."
        ),
    )
)
def change_authority(scope):
    staffed = set(
        scope.records(ChangeAuthority)
        .filter(members__isnull=False)
        .values_list("kind", flat=True)
        .distinct()
    )
    severities = {ChangeAuthority.Kind.CAB: MEDIUM, ChangeAuthority.Kind.ECAB: LOW}
    findings = []
    for kind, severity in severities.items():
        if kind in staffed:
            continue
        unstaffed = scope.records(ChangeAuthority).filter(kind=kind)
        label = ChangeAuthority.Kind(kind).label.lower()
        statement = f"No {label} with members is recorded."
        findings.append(
            FindingResult(
                AREA_OF_CONCERN, statement, severity, name_records(unstaffed).records, kind
            )
        )
    return findings


@register(
    Check(
        id="s1.change.templates-approved",
        clause="8.5.1.2",
        stage=1,
        title="Standard-change templates are approved",
        looks_at="Active standard-change templates and their approval",
        grade_rule="Any active template without an approver and approval date: medium.",
        fix=(
            "Have the change authority approve each standard-change template (its steps "
            "and risk) before changes follow it, or withdraw the template."
        ),
    )
)
def templates_approved(scope):
    unapproved = (
        scope.records(ChangeTemplate)
        .filter(active=True)
        .filter(Q(approved_by__isnull=True) | Q(approved_at__isnull=True))
    )
    named = name_records(unapproved)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'active standard-change template')} "
        f"{verb(named.total, 'is', 'are')} not approved: "
        f"{names_of(unapproved.order_by('ref')[:10])}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@register(
    Check(
        id="s1.release.policy",
        clause="8.5.3",
        stage=1,
        title="A release policy is approved while services are live",
        looks_at="Live services; policies and plans serving clause 8.5.3",
        grade_rule="Live services and no approved release policy or plan: medium.",
        fix=(
            "Agree a release policy: the types and frequency of releases, how they are "
            "tested and deployed, and how a failed release is backed out."
        ),
    )
)
def release_policy(scope):
    if not live_services(scope).exists():
        return []
    approved, drafts = governing_documents(scope, "8.5.3")
    if approved:
        return []
    statement = "Services are live but there is no approved release policy or plan."
    if drafts:
        statement += f" Not approved: {names_of(drafts)}."
    records = tuple(record_ref(d) for d in drafts)
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, records)]


@register(
    Check(
        id="s1.design.pipeline",
        clause="8.5.2.1",
        stage=1,
        title="Services in the pipeline are being designed",
        looks_at="Services in the pipeline and their service designs",
        grade_rule="Any pipeline service with no service design: low.",
        fix=(
            "Start a service design for each service in the pipeline: its requirements, "
            "how the design meets them, and the plan to bring it into live use."
        ),
    )
)
def pipeline_designed(scope):
    designed = scope.related(ServiceDesign).filter(service=OuterRef("pk"))
    undesigned = (
        scope.records(Service).filter(status=Service.Status.PIPELINE).exclude(Exists(designed))
    )
    named = name_records(undesigned)
    if not named.total:
        return []
    statement = (
        f"{plural(named.total, 'service')} in the pipeline {verb(named.total, 'has', 'have')} "
        f"no service design: {names_of(undesigned.order_by('ref')[:10])}.{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


def deployed_to_production(scope: AuditScope):
    """Production deployments of the period."""
    return scope.records(Deployment).filter(
        scope.timestamp_in_period("deployed_at"),
        environment=Deployment.Environment.PRODUCTION,
    )


def released_in_period(scope: AuditScope):
    """Releases with a production deployment in the period, with their first such instant."""
    first = deployed_to_production(scope).filter(release=OuterRef("pk")).order_by("deployed_at")
    return (
        scope.records(Release)
        .filter(Exists(first))
        .annotate(first_deployed=Subquery(first.values("deployed_at")[:1]))
    )


def unapproved_at_deployment(scope: AuditScope):
    """On ``Change`` inside a release annotated ``first_deployed``: not approved by then."""
    approved_in_time = scope.related(ChangeApproval).filter(
        change=OuterRef("pk"),
        decision=ChangeApproval.Decision.APPROVED,
        decided_at__lte=OuterRef(OuterRef("first_deployed")),
    )
    return (
        scope.related(Change)
        .filter(releases=OuterRef("pk"))
        .exclude(change_type=Change.Type.STANDARD)
        .exclude(Exists(approved_in_time))
    )


@register(
    Check(
        id="s2.release.changes-approved",
        clause="8.5.3",
        stage=2,
        title="Releases carry only approved changes",
        looks_at=(
            "Releases deployed to production in the period and the approvals of their "
            "non-standard changes (checked whole)"
        ),
        grade_rule=(
            "A release with a change not approved by its first production deployment is a "
            "deviation. Above 10 % of the releases: major. Otherwise: minor."
        ),
        fix=(
            "Build releases only from approved changes; stop a deployment whose changes "
            "the change authority has not approved."
        ),
    )
)
def releases_approved(scope):
    releases = released_in_period(scope)
    deviating = releases.filter(Exists(unapproved_at_deployment(scope)))
    count = deviating.count()
    if not count:
        return []
    population = releases.count()
    changes = (
        scope.records(Change)
        .exclude(change_type=Change.Type.STANDARD)
        .filter(carried_unapproved_by(scope, deviating))
    )
    named = name_all(deviating, changes)
    statement = (
        f"{count} of {population} releases deployed to production in the period "
        f"({percent(count, population)}) carried changes not approved before the "
        f"deployment: {plural(changes.count(), 'change')} in all.{named.note()}"
    )
    return [FindingResult(grade_by_rate(count, population), statement, records=named.records)]


def carried_unapproved_by(scope: AuditScope, releases) -> Q:
    """On ``Change``: a release of ``releases`` carried it before it was approved."""
    approved_in_time = scope.related(ChangeApproval).filter(
        change=OuterRef(OuterRef("pk")),
        decision=ChangeApproval.Decision.APPROVED,
        decided_at__lte=OuterRef("first_deployed"),
    )
    return Q(Exists(releases.filter(changes=OuterRef("pk")).exclude(Exists(approved_in_time))))


@register(
    Check(
        id="s2.release.failures-followed-up",
        clause="8.5.3",
        stage=2,
        title="Failed deployments are followed up",
        looks_at=(
            "Production deployments of the period that failed or were rolled back, with "
            "their incidents and follow-up changes (checked whole)"
        ),
        grade_rule=(
            "A failed deployment with no linked incident or follow-up change is a "
            "deviation. Above 10 %: major. Otherwise: minor."
        ),
        fix=(
            "For every failed or rolled-back deployment, record the incident it caused or "
            "the change that corrects it, so the failure is learned from."
        ),
    )
)
def failures_followed_up(scope):
    failed = deployed_to_production(scope).exclude(outcome=Deployment.Outcome.SUCCESSFUL)
    lapsed = failed.filter(incident__isnull=True, follow_up_change__isnull=True)
    named = name_records(lapsed)
    if not named.total:
        return []
    population = failed.count()
    statement = (
        f"{named.total} of {population} failed or rolled-back production deployments of the "
        f"period ({percent(named.total, population)}) {verb(named.total, 'has', 'have')} no "
        f"linked incident or follow-up change.{named.note()}"
    )
    grade = grade_by_rate(named.total, population)
    return [FindingResult(grade, statement, records=named.records)]


def designed_and_accepted_q(scope: AuditScope) -> Q:
    """On ``Release``: its service has an approved design whose transition was accepted."""
    accepted = scope.related(TransitionPlan).filter(
        design=OuterRef("pk"), completed_on__isnull=False, accepted_by__isnull=False
    )
    designs = scope.related(ServiceDesign).filter(
        Exists(accepted),
        service=OuterRef("service"),
        approved_by__isnull=False,
        approved_at__lte=OuterRef("first_deployed"),
    )
    return Q(Exists(designs))


@register(
    Check(
        id="s2.design.major-releases",
        clause="8.5.2",
        stage=2,
        title="New and significantly changed services go live through design and transition",
        looks_at=(
            "Major releases deployed to production in the period, the service designs of "
            "their services and the transition plans of those designs (checked whole)"
        ),
        grade_rule=(
            "A major release whose service has no design approved before deployment with a "
            "completed, accepted transition plan is a deviation. Above 10 %: major. "
            "Otherwise: minor."
        ),
        fix=(
            "Before a new or significantly changed service goes live, approve its design "
            "and have the transition accepted against its criteria."
        ),
    )
)
def major_releases_designed(scope):
    majors = released_in_period(scope).filter(release_type=Release.Type.MAJOR)
    lapsed = majors.exclude(designed_and_accepted_q(scope))
    named = name_records(lapsed)
    if not named.total:
        return []
    population = majors.count()
    services = Service.objects.filter(pk__in=lapsed.values("service")).order_by("ref")[:10]
    statement = (
        f"{named.total} of {population} major releases deployed in the period "
        f"({percent(named.total, population)}) went live without an approved service design "
        f"and an accepted transition: {names_of(services)}.{named.note()}"
    )
    grade = grade_by_rate(named.total, population)
    return [FindingResult(grade, statement, records=named.records)]
