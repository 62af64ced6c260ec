"""Clause 5.2: the service management policy, its approval, and whether people know it.

Stage 1 asks whether the policy exists and top management approved it. Stage 2
springs the paper trap: an approved policy that was never communicated, or that
most people in scope have not acknowledged, exists only on paper.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from evident.support.models import Acknowledgement, Communication

from ..evidence import name_records, percent, plural, record_ref
from ..registry import (
    AREA_OF_CONCERN,
    HIGH,
    MAJOR,
    MEDIUM,
    MINOR,
    Check,
    FindingResult,
    register,
)
from .common import current_policy_version, people_in_scope, sm_policy_documents

AWARENESS_THRESHOLD = 0.5


@register(
    Check(
        id="s1.policy.exists",
        clause="5.2",
        stage=1,
        title="A service management policy exists",
        looks_at="Documents of type service management policy",
        grade_rule="No service management policy document: high.",
        fix=(
            "Write the service management policy (purpose, commitment to requirements and "
            "to improvement, a frame for objectives) as a controlled document."
        ),
    )
)
def policy_exists(scope):
    if sm_policy_documents(scope).exists():
        return []
    statement = "There is no service management policy document."
    return [FindingResult(AREA_OF_CONCERN, statement, HIGH)]


@register(
    Check(
        id="s1.policy.approved",
        clause="5.2",
        stage=1,
        title="Top management approved the policy",
        looks_at="The current (latest approved) version of the service management policy",
        grade_rule=(
            "The policy has no approved version, or its current version was not approved "
            "by a member of top management: medium."
        ),
        fix="Have a member of top management approve the policy and record who approved it.",
    )
)
def policy_approved(scope):
    documents = sm_policy_documents(scope)
    if not documents.exists():
        return []
    version = current_policy_version(scope)
    if version is None:
        named = name_records(documents)
        statement = "The service management policy has no approved version."
        return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]
    approver = version.approved_by
    if approver is not None and approver.is_top_management:
        return []
    who = f"{approver.name} ({approver.ref}), who is not top management" if approver else "nobody"
    statement = (
        f"The current version {version.version} of the service management policy "
        f"({version.ref}) was approved by {who}."
    )
    records = (record_ref(version),) + ((record_ref(approver),) if approver else ())
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, records)]


@register(
    Check(
        id="s2.policy.communicated",
        clause="5.2",
        stage=2,
        title="The approved policy is communicated and acknowledged",
        looks_at=(
            "Communications of the service management policy up to the audit date, and "
            "acknowledgements of its current version by the people in scope"
        ),
        grade_rule=(
            "No approved policy, or neither a communication nor a single acknowledgement: "
            "major. No communication, or fewer than half of the people in scope acknowledged "
            "the current version: minor."
        ),
        fix=(
            "Communicate the approved policy to everyone in scope (and keep the record), and "
            "ask each person to acknowledge the current version."
        ),
    )
)
def policy_communicated(scope):
    version = current_policy_version(scope)
    if version is None:
        named = name_records(sm_policy_documents(scope))
        statement = "There is no approved service management policy to communicate."
        return [FindingResult(MAJOR, statement, records=named.records)]
    communications = scope.records(Communication).filter(
        document__in=sm_policy_documents(scope), sent_at__lt=scope.ends_before
    )
    acks = scope.records(Acknowledgement).filter(document_version=version)
    people = people_in_scope(scope)
    unaware = people.exclude(Exists(acks.filter(person=OuterRef("pk"))))
    sent, in_scope = communications.count(), people.count()
    aware = in_scope - unaware.count()
    share = aware / in_scope if in_scope else 0.0
    if sent and share >= AWARENESS_THRESHOLD:
        return []
    heard = (
        f"{plural(sent, 'communication')} of the policy"
        if sent
        else "no communication of the policy"
    )
    statement = (
        f"The current policy version {version.version} ({version.ref}) has {heard} and "
        f"{percent(aware, in_scope)} of the people in scope ({aware} of {in_scope}) "
        "acknowledged it."
    )
    grade = MAJOR if not sent and not acks.exists() else MINOR
    unaware_named = name_records(unaware, limit=499)
    if unaware_named.total:
        statement += f" Not acknowledged by {plural(unaware_named.total, 'person', 'people')}."
        statement += unaware_named.note()
    return [FindingResult(grade, statement, records=(record_ref(version), *unaware_named.records))]
