"""Clauses 5.2.1 and 5.2.2: the policy established by top management, and the version in force told.

The checks of ``leadership`` judge the policy as a whole under 5.2 (it exists,
its current version was approved by top management, people know it). These
judge sharper points: that one policy is clearly in force, that every version in
force during the period came from top management, and that the version in force,
not only the one it replaced, was communicated, and kept in people's minds in
the period.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from evident.support.models import Communication, DocumentVersion

from ..evidence import NOTHING, name_records, plural, record_ref, verb
from ..registry import AREA_OF_CONCERN, LOW, MINOR, OFI, Check, FindingResult, register
from ..scope import AuditScope
from .common import current_policy_version, sm_policy_documents

APPROVED = DocumentVersion.Status.APPROVED
# Versions that were once in force: approved now, or retired after being approved.
ONCE_IN_FORCE = (DocumentVersion.Status.APPROVED, DocumentVersion.Status.RETIRED)


def _policy_versions(scope: AuditScope):
    return scope.records(DocumentVersion).filter(document__in=sm_policy_documents(scope))


def _communications(scope: AuditScope):
    """Communications of the policy up to the audit date."""
    return scope.records(Communication).filter(
        document__in=sm_policy_documents(scope), sent_at__lt=scope.ends_before
    )


@register(
    Check(
        id="s1.policy.one-in-force",
        clause="5.2.1",
        stage=1,
        title="One service management policy is clearly in force",
        looks_at=(
            "Service management policy documents with an approved version, and approved "
            "versions that a later approved version of the same document replaced"
        ),
        grade_rule=(
            "More than one policy document in force, or an older version still marked "
            "approved beside a newer one: low."
        ),
        fix=(
            "Keep one service management policy: retire the older versions when a new one "
            "is approved, and merge or withdraw competing policy documents."
        ),
    )
)
def one_policy_in_force(scope):
    versions = _policy_versions(scope)
    approved = versions.filter(status=APPROVED)
    newer = scope.related(DocumentVersion).filter(
        document=OuterRef("document"), status=APPROVED, approved_at__gt=OuterRef("approved_at")
    )
    stale = approved.filter(Exists(newer))
    documents = (
        sm_policy_documents(scope)
        .annotate(approved=Count("versions", filter=Q(versions__status=APPROVED)))
        .filter(approved__gt=0)
    )
    rival = name_records(documents) if documents.count() > 1 else NOTHING
    outdated = name_records(stale)
    if not rival.total and not outdated.total:
        return []
    parts = []
    if rival.total:
        parts.append(
            f"{rival.total} service management policy documents each have a version in force"
        )
    if outdated.total:
        parts.append(
            f"{plural(outdated.total, 'older version')} {verb(outdated.total, 'is', 'are')} "
            "still marked approved beside a newer one"
        )
    joined = "; ".join(parts)
    statement = f"{joined[0].upper()}{joined[1:]}, so it is unclear which policy applies."
    named = rival + outdated
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s2.policy.endorsed",
        clause="5.2.1",
        stage=2,
        title="Every version of the policy in force in the period came from top management",
        looks_at=(
            "Versions of the service management policy in force at any time in the period "
            "(approved before its end and not replaced before its start) and who approved them"
        ),
        grade_rule=(
            "Any such version approved by nobody or by someone outside top management: "
            "minor (one finding)."
        ),
        fix=(
            "Have top management approve the policy in force, and make top-management "
            "approval a step of every new version before it is issued."
        ),
    )
)
def policy_endorsed(scope):
    once = _policy_versions(scope).filter(status__in=ONCE_IN_FORCE, approved_at__isnull=False)
    replaced_before = scope.related(DocumentVersion).filter(
        document=OuterRef("document"),
        status__in=ONCE_IN_FORCE,
        approved_at__gt=OuterRef("approved_at"),
        approved_at__lte=scope.starts_at,
    )
    in_force = once.filter(approved_at__lt=scope.ends_before).exclude(Exists(replaced_before))
    unendorsed = in_force.filter(
        Q(approved_by__isnull=True) | Q(approved_by__is_top_management=False)
    )
    named = name_records(unendorsed)
    if not named.total:
        return []
    shown = ", ".join(
        f"version {v.version} ({v.ref}) approved by "
        + (f"{v.approved_by.name}, not top management" if v.approved_by else "nobody")
        for v in unendorsed.select_related("approved_by").order_by("approved_at")[:5]
    )
    statement = (
        f"{plural(named.total, 'version')} of the service management policy in force in the "
        f"period {verb(named.total, 'was', 'were')} not set by top management: {shown}."
        f"{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]


def _version_told(scope: AuditScope):
    """The version in force, its communications since approval, and all its communications."""
    version = current_policy_version(scope)
    if version is None:
        return None, None, None
    told = _communications(scope)
    since = told.filter(sent_at__gte=version.approved_at) if version.approved_at else told
    return version, since, told


@register(
    Check(
        id="s1.policy.version-issued",
        clause="5.2.2",
        stage=1,
        title="The policy version in force was issued after its approval",
        looks_at=(
            "The current version of the service management policy and the communications "
            "of the policy since that version was approved"
        ),
        grade_rule="No communication of the policy since its current version was approved: low.",
        fix=(
            "Issue the approved version to everyone in scope (mail, intranet, briefing) and "
            "keep the record of the communication."
        ),
    )
)
def policy_version_issued(scope):
    version, since, told = _version_told(scope)
    if version is None or since.exists():
        return []
    earlier = name_records(told)
    statement = (
        f"The policy version in force, {version.version} ({version.ref}), was not "
        "communicated after it was approved"
    )
    if earlier.total:
        statement += (
            f"; the {plural(earlier.total, 'communication')} on record "
            f"{verb(earlier.total, 'tells', 'tell')} of earlier versions"
        )
    statement += f".{earlier.note()}"
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, (record_ref(version), *earlier.records))]


@register(
    Check(
        id="s2.policy.version-communicated",
        clause="5.2.2",
        stage=2,
        title="The policy version in force was communicated, and in the period",
        looks_at=(
            "Communications of the service management policy: before and after its current "
            "version was approved, and in the audit period"
        ),
        grade_rule=(
            "The policy was communicated, but only before its current version was "
            "approved: minor. The current version was communicated, but not in the period: "
            "opportunity. (No communication at all is judged under 5.2.)"
        ),
        fix=(
            "Communicate each new version of the policy when it is approved, and bring it "
            "back to people's attention at least once a year (induction, awareness sessions)."
        ),
    )
)
def policy_version_communicated(scope):
    version, since, told = _version_told(scope)
    if version is None or not told.exists():
        return []
    if not since.exists():
        earlier = name_records(told)
        statement = (
            f"Only versions before the one in force were communicated: version "
            f"{version.version} ({version.ref}) was never issued after its approval, so "
            f"people were told a policy that no longer applies.{earlier.note()}"
        )
        return [FindingResult(MINOR, statement, records=(record_ref(version), *earlier.records))]
    if since.filter(scope.timestamp_in_period("sent_at")).exists():
        return []
    latest = since.order_by("-sent_at", "-ref").first()
    statement = (
        f"The policy in force, version {version.version} ({version.ref}), was last "
        f"communicated on {latest.sent_at.date()} ({latest.ref}), before the period: nothing "
        "in the period brought it back to people's attention."
    )
    return [FindingResult(OFI, statement, records=(record_ref(version), record_ref(latest)))]
