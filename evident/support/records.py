"""How the records of support change: documented information, awareness, competence.

A document version is written as a draft and comes into force only when it is
approved, by the verb that records who approved it and when and that retires
the version it replaces; an approved version is withdrawn by its own verb and is
never edited (a change is a new version). A knowledge article is published once
reviewed, with an owner to keep it current, and retired when it no longer holds.
Documents, communications, acknowledgements, training and the communication plan
are entered and corrected as they happened.
"""

from __future__ import annotations

from django import forms

from evident.core.models import Person
from evident.core.records import Lifecycle, Transition, declare

from . import document_services as verbs
from .filters import (
    AcknowledgementFilterSet,
    CommunicationFilterSet,
    CommunicationPlanItemFilterSet,
    CompetenceRequirementFilterSet,
    DocumentFilterSet,
    DocumentUseFilterSet,
    DocumentVersionFilterSet,
    KnowledgeArticleFilterSet,
    TrainingCourseFilterSet,
    TrainingRecordFilterSet,
)
from .models import (
    Acknowledgement,
    Communication,
    CommunicationPlanItem,
    CompetenceRequirement,
    Document,
    DocumentUse,
    DocumentVersion,
    KnowledgeArticle,
    TrainingCourse,
    TrainingRecord,
)

Version = DocumentVersion.Status
Article = KnowledgeArticle.Status


def _day(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


def _approval_inputs():
    picker = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    return {
        "approved_by": forms.ModelChoiceField(queryset=Person.objects.all(), label="Approved by"),
        "approved_at": forms.DateTimeField(label="Approved at", help_text="UTC", widget=picker),
    }


VERSION_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Version.DRAFT,),
    transitions=(
        Transition(
            "approve",
            lambda version, **i: verbs.approve_document_version(version, **i),
            sources=(Version.DRAFT,),
            target=Version.APPROVED,
            inputs=_approval_inputs,
            help="Retires the version it replaces. The service management policy is "
            "approved by top management.",
        ),
        Transition(
            "withdraw",
            lambda version, **i: verbs.withdraw_document_version(version),
            sources=(Version.APPROVED,),
            target=Version.RETIRED,
            help="Takes the version out of force with no version replacing it.",
        ),
    ),
)

ARTICLE_LIFECYCLE = Lifecycle(
    field="status",
    initial=(Article.DRAFT,),
    transitions=(
        Transition(
            "publish",
            lambda article, **i: verbs.publish_knowledge_article(article, **i),
            sources=(Article.DRAFT, Article.RETIRED),
            target=Article.PUBLISHED,
            inputs=lambda: {
                "reviewed_on": _day("Reviewed on"),
                "owner": forms.ModelChoiceField(
                    queryset=Person.objects.all(),
                    required=False,
                    help_text="Who keeps it current (if not named yet)",
                ),
            },
        ),
        Transition(
            "retire",
            lambda article, **i: verbs.retire_knowledge_article(article),
            sources=(Article.DRAFT, Article.PUBLISHED),
            target=Article.RETIRED,
        ),
    ),
)

declare(
    Document,
    columns=("ref", "title", "doc_type", "owner", "clauses", "next_review_due"),
    filters=("doc_type", "owner"),
    search=("ref", "title", "clauses"),
    filterset=DocumentFilterSet,
    fields=(
        "title",
        "doc_type",
        "owner",
        "clauses",
        "next_review_due",
        "retention",
        "distribution",
    ),
)
declare(
    DocumentVersion,
    create=verbs.draft_document_version,
    update=verbs.revise_document_version,
    lifecycle=VERSION_LIFECYCLE,
    columns=("ref", "document", "version", "status", "approved_by", "approved_at"),
    filters=("status", "document"),
    search=("ref", "version", "document__title", "summary"),
    filterset=DocumentVersionFilterSet,
    fields=("document", "version", "status", "summary", "approved_by", "approved_at"),
)
declare(
    Communication,
    columns=("ref", "subject", "document", "audience", "channel", "sent_at", "sent_by"),
    filters=("channel", "document"),
    search=("ref", "subject", "audience"),
    filterset=CommunicationFilterSet,
    fields=("subject", "document", "audience", "channel", "sent_at", "sent_by", "plan_item"),
)
declare(
    Acknowledgement,
    columns=("ref", "person", "document_version", "acknowledged_at"),
    search=("ref", "person__name", "document_version__document__title"),
    filterset=AcknowledgementFilterSet,
    fields=("person", "document_version", "acknowledged_at"),
)
declare(
    TrainingCourse,
    columns=("ref", "title", "validity_months"),
    search=("ref", "title", "description"),
    filterset=TrainingCourseFilterSet,
    fields=("title", "description", "validity_months"),
)
declare(
    CompetenceRequirement,
    columns=("ref", "role", "course"),
    filters=("course",),
    search=("ref", "role", "course__title"),
    filterset=CompetenceRequirementFilterSet,
    fields=("role", "course", "description"),
)
declare(
    TrainingRecord,
    fields=("person", "course", "completed_on", "expires_on"),
    columns=("ref", "person", "course", "completed_on", "expires_on"),
    filters=("course", "person"),
    search=("ref", "person__name", "course__title"),
    filterset=TrainingRecordFilterSet,
)
declare(
    DocumentUse,
    fields=("document", "record_type", "record_ref", "note"),
    columns=("ref", "document", "record_type", "record_ref", "note"),
    filters=("document",),
    search=("ref", "record_ref", "document__title", "note"),
    filterset=DocumentUseFilterSet,
)
declare(
    CommunicationPlanItem,
    fields=("subject", "audience", "channel", "frequency", "owner", "next_due", "active"),
    columns=("ref", "subject", "audience", "channel", "frequency", "owner", "next_due"),
    filters=("channel", "frequency", "owner", "active"),
    search=("ref", "subject", "audience"),
    filterset=CommunicationPlanItemFilterSet,
)
declare(
    KnowledgeArticle,
    lifecycle=ARTICLE_LIFECYCLE,
    fields=("title", "body", "service", "problem", "status", "owner", "reviewed_on"),
    columns=("ref", "title", "service", "problem", "status", "owner", "reviewed_on"),
    filters=("status", "service", "owner"),
    search=("ref", "title", "body"),
    filterset=KnowledgeArticleFilterSet,
)
