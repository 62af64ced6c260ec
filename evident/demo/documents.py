"""Documented information: the SM policy and its awareness trail, policies and procedures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evident.agreements.models import SlaMeasurement, SupplierReview
from evident.assurance.models import ContinuityTest
from evident.core.tenancy import scoped
from evident.governance.models import Process
from evident.support.models import (
    Acknowledgement,
    Communication,
    Document,
    DocumentUse,
    DocumentVersion,
)

from . import faults
from .build import Build
from .timeline import DAY, HOUR, long_tail, midnight, months_after

ACKNOWLEDGING_SHARE = 0.85
APPROVED = DocumentVersion.Status.APPROVED

POLICIES = (
    ("Information security policy", "8.7.3"),
    ("Change management policy", "8.5.1"),
    ("Supplier management policy", "8.3.4"),
    ("Control of documented information policy", "7.5"),
)

# The processes whose work is a periodic record rather than a case: the latest record of
# each is shown done by the procedure (the case-handling processes are linked in journey).
FOLLOWED_BY_LATEST = {
    Process.Key.SERVICE_LEVEL: (SlaMeasurement, "month"),
    Process.Key.SUPPLIER: (SupplierReview, "reviewed_on"),
    Process.Key.CONTINUITY: (ContinuityTest, "tested_on"),
}

# Which role owns each clause-8 process (and so its procedure).
PROCESS_OWNERS = {
    Process.Key.SERVICE_PORTFOLIO: "service_level",
    Process.Key.SERVICE_LEVEL: "service_level",
    Process.Key.SUPPLIER: "supplier",
    Process.Key.CHANGE: "change",
    Process.Key.RELEASE: "change",
    Process.Key.INCIDENT: "service_desk",
    Process.Key.SERVICE_REQUEST: "service_desk",
    Process.Key.PROBLEM: "problem",
    Process.Key.CONTINUITY: "continuity",
}


def generate(build: Build) -> None:
    """Create the documents with approved versions, then communicate the SM policy."""
    rng = build.rng("documents")
    timeline, roster = build.timeline, build.roster
    policy_approved = timeline.ago(270) + HOUR * 10

    policy = _draft(
        "Service management policy",
        Document.Type.SM_POLICY,
        "4.3,5.1,5.2",
        roster.sms_manager,
        ("1.0", timeline.ago(640) + HOUR * 11, DocumentVersion.Status.RETIRED),
        ("2.0", policy_approved, DocumentVersion.Status.APPROVED),
        approver=roster.managing_director,
    )
    policies = [
        _draft(
            title,
            Document.Type.POLICY,
            clauses,
            roster.sms_manager,
            (_version_number(rng), _approval_time(rng, timeline, 40, 320), APPROVED),
            approver=roster.top_management[index % len(roster.top_management)],
        )
        for index, (title, clauses) in enumerate(POLICIES)
    ]
    procedures = {
        key: _draft(
            f"{key.label.split(' (')[0]} procedure",
            Document.Type.PROCEDURE,
            Process.CLAUSES[key],
            build.owner(PROCESS_OWNERS[key]),
            (_version_number(rng), _approval_time(rng, timeline, 30, 330), APPROVED),
            approver=roster.sms_manager,
        )
        for key in Process.Key
    }
    if build.faults:
        faults.let_procedure_review_lapse(procedures[Process.Key.RELEASE], timeline)

    _save(build, [policy, *policies, *procedures.values()])
    build.sm_policy, build.sm_policy_version = policy.document, policy.versions[-1]
    build.procedures = {key: draft.document for key, draft in procedures.items()}
    _communicate_policy(build, rng, policy_approved)


def _version_number(rng) -> str:
    return f"{rng.randint(1, 3)}.{rng.randint(0, 3)}"


def _approval_time(rng, timeline, newest: int, oldest: int) -> dt.datetime:
    return timeline.ago(rng.randint(newest, oldest)) + HOUR * rng.randint(9, 16)


def _save(build: Build, drafts: list[_Draft]) -> None:
    documents = build.save(Document, [d.document for d in drafts])
    versions = []
    for draft, document in zip(drafts, documents, strict=True):
        for version in draft.versions:
            version.document = document
            versions.append(version)
    build.save(DocumentVersion, versions)


@dataclass
class _Draft:
    """A document and its versions, assembled before either is saved."""

    document: Document
    versions: list[DocumentVersion]


def _draft(title, doc_type, clauses, owner, *versions, approver) -> _Draft:
    latest = max(approved for _, approved, _ in versions)
    document = Document(
        title=title,
        doc_type=doc_type,
        owner=owner,
        clauses=clauses,
        next_review_due=months_after(latest.date(), 12),
    )
    return _Draft(
        document,
        [
            DocumentVersion(
                version=number,
                status=status,
                summary=f"Version {number} of the {title.lower()}.",
                approved_by=approver,
                approved_at=approved,
            )
            for number, approved, status in versions
        ],
    )


def _communicate_policy(build: Build, rng, approved: dt.datetime) -> None:
    """Announce the current SM policy three ways; most people in scope acknowledge it."""
    policy, roster, end = build.sm_policy, build.roster, build.timeline.end
    announced = midnight(approved.date() + 2 * DAY) + HOUR * 9
    build.save(
        Communication,
        [
            Communication(
                subject="Service management policy 2.0 issued",
                document=policy,
                audience="All staff within the SMS scope",
                channel=Communication.Channel.EMAIL,
                sent_at=announced,
                sent_by=roster.sms_manager,
            ),
            Communication(
                subject="Service management policy published on the intranet",
                document=policy,
                audience="All staff",
                channel=Communication.Channel.INTRANET,
                sent_at=announced + HOUR,
                sent_by=roster.sms_manager,
            ),
            Communication(
                subject="SMS awareness session: policy, objectives and your part",
                document=policy,
                audience="Service Desk, Infrastructure, Applications, Network, Security",
                channel=Communication.Channel.TRAINING,
                sent_at=announced + DAY * 21 + HOUR * 5,
                sent_by=roster.managing_director,
            ),
        ],
    )
    people = roster.in_scope
    readers = rng.sample(people, round(len(people) * ACKNOWLEDGING_SHARE))
    readers.sort(key=lambda p: p.ref)
    acknowledgements = []
    for person in readers:
        at = announced + long_tail(rng, 24 * 6, 0.9)
        acknowledgements.append(
            Acknowledgement(
                person=person,
                document_version=build.sm_policy_version,
                acknowledged_at=min(at, end - HOUR),
            )
        )
    build.save(Acknowledgement, acknowledgements)


def show_procedures_followed(build: Build) -> None:
    """Link the latest SLA measurement, supplier review and continuity test to the procedure
    they were carried out by, once those records exist."""
    rows = []
    for key, (model, day) in FOLLOWED_BY_LATEST.items():
        document = build.procedures.get(key)
        latest = scoped(model, build.organisation).order_by(f"-{day}", "-ref").first()
        if document is None or latest is None:
            continue
        rows.append(
            DocumentUse(
                document=document,
                record_type=model._meta.label_lower,
                record_ref=latest.ref,
                note=f"Carried out following the {document.title.lower()}.",
            )
        )
    build.save(DocumentUse, rows)
