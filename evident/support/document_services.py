"""Verbs of documented information (7.5) and knowledge (7.6): versions approved, replaced,
withdrawn; articles published and retired.

A document version is written as a draft and approved by a verb that records who
approved it and when; approving it retires (supersedes) the version it replaces
in the same operation, so one version of a document is in force at a time. The
service management policy is approved by top management (5.2.1).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.models import Organisation, Person
from evident.core.verbs import verb

from .models import Document, DocumentVersion, KnowledgeArticle
from .rules import (
    refuse_approval_by_editing,
    refuse_edits_after_approval,
    refuse_future,
    refuse_unless,
)

Version = DocumentVersion.Status
Article = KnowledgeArticle.Status


@verb("documentversion.drafted")
def draft_document_version(organisation: Organisation, **fields) -> DocumentVersion:
    """Write a new version of a document; it is a draft until approved."""
    refuse_approval_by_editing(fields)
    return services.create_record(DocumentVersion, organisation, **fields)


@verb("documentversion.revised")
def revise_document_version(version: DocumentVersion, **changes) -> DocumentVersion:
    """Edit a draft version; an approved or retired version is kept as it was."""
    refuse_edits_after_approval(version, changes, draft=Version.DRAFT)
    return services.update_record(version, **changes)


@verb("documentversion.approved")
def approve_document_version(
    version: DocumentVersion, *, approved_by: Person, approved_at: dt.datetime
) -> DocumentVersion:
    """Approve a draft version; the version in force until now is superseded by it."""
    refuse_unless(version, (Version.DRAFT,), "be approved (only a draft is)")
    refuse_future("approved_at", approved_at)
    document = version.document
    if document.doc_type == Document.Type.SM_POLICY and not approved_by.is_top_management:
        raise ValidationError(
            {
                "approved_by": f"The service management policy is approved by top management "
                f"(5.2.1): {approved_by.name} is not recorded as top management."
            }
        )
    in_force = list(
        document.versions.filter(status=Version.APPROVED, voided_at__isnull=True).exclude(
            pk=version.pk
        )
    )
    _refuse_approval_before(in_force, approved_at)
    services.update_record(
        version, status=Version.APPROVED, approved_by=approved_by, approved_at=approved_at
    )
    for replaced in in_force:
        supersede_document_version(replaced)
    return version


def _refuse_approval_before(in_force: list[DocumentVersion], approved_at: dt.datetime) -> None:
    # A version approved before the one in force would be replaced by an older decision.
    dated = [v for v in in_force if v.approved_at is not None]
    latest = max(dated, key=lambda v: v.approved_at, default=None)
    if latest is not None and approved_at < latest.approved_at:
        raise ValidationError(
            {
                "approved_at": f"Version {latest.version} ({latest.ref}), in force, was approved "
                f"on {latest.approved_at:%Y-%m-%d %H:%M}: a version replacing it is approved "
                "after that."
            }
        )


@verb("documentversion.superseded")
def supersede_document_version(version: DocumentVersion) -> DocumentVersion:
    """Retire an approved version because a newer approved version replaces it."""
    refuse_unless(version, (Version.APPROVED,), "be superseded (only an approved version is)")
    return services.update_record(version, status=Version.RETIRED)


@verb("documentversion.withdrawn")
def withdraw_document_version(version: DocumentVersion) -> DocumentVersion:
    """Take an approved version out of force with no version replacing it."""
    refuse_unless(version, (Version.APPROVED,), "be withdrawn (only an approved version is)")
    return services.update_record(version, status=Version.RETIRED)


@verb("knowledgearticle.published")
def publish_knowledge_article(
    article: KnowledgeArticle, *, reviewed_on: dt.date, owner: Person | None = None
) -> KnowledgeArticle:
    """Publish an article once reviewed, with someone named to keep it current."""
    refuse_unless(article, (Article.DRAFT, Article.RETIRED), "be published")
    refuse_future("reviewed_on", reviewed_on)
    owner = owner or article.owner
    if owner is None:
        raise ValidationError({"owner": "Name who keeps the article current before publishing."})
    return services.update_record(
        article, status=Article.PUBLISHED, reviewed_on=reviewed_on, owner=owner
    )


@verb("knowledgearticle.retired")
def retire_knowledge_article(article: KnowledgeArticle) -> KnowledgeArticle:
    """Take an article out of use: it no longer reflects how the service is run."""
    refuse_unless(article, (Article.DRAFT, Article.PUBLISHED), "be retired")
    return services.update_record(article, status=Article.RETIRED)
