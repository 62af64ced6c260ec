"""Filters for documents, communications, acknowledgements, courses and training."""

from django_filters import rest_framework as filters

from evident.core.filters import DATE_RANGE, TIME_RANGE, OrgScopedFilterSet

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


class DocumentFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")
    clause = filters.CharFilter(
        field_name="clauses", lookup_expr="icontains", help_text="Serves this clause"
    )

    class Meta:
        model = Document
        fields = {"doc_type": ["exact"], "owner": ["exact"], "next_review_due": DATE_RANGE}


class DocumentVersionFilterSet(OrgScopedFilterSet):
    class Meta:
        model = DocumentVersion
        fields = {
            "document": ["exact"],
            "document__doc_type": ["exact"],
            "status": ["exact"],
            "approved_by": ["exact"],
            "approved_at": TIME_RANGE,
        }


class CommunicationFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Communication
        fields = {
            "document": ["exact"],
            "plan_item": ["exact"],
            "channel": ["exact"],
            "sent_by": ["exact"],
            "sent_at": TIME_RANGE,
        }


class AcknowledgementFilterSet(OrgScopedFilterSet):
    class Meta:
        model = Acknowledgement
        fields = {
            "person": ["exact"],
            "document_version": ["exact"],
            "document_version__document": ["exact"],
            "acknowledged_at": TIME_RANGE,
        }


class TrainingCourseFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = TrainingCourse
        fields = {"validity_months": ["exact", "isnull"]}


class CompetenceRequirementFilterSet(OrgScopedFilterSet):
    class Meta:
        model = CompetenceRequirement
        fields = {"role": ["exact"], "course": ["exact"]}


class TrainingRecordFilterSet(OrgScopedFilterSet):
    class Meta:
        model = TrainingRecord
        fields = {
            "person": ["exact"],
            "course": ["exact"],
            "completed_on": DATE_RANGE,
            "expires_on": DATE_RANGE,
        }


class DocumentUseFilterSet(OrgScopedFilterSet):
    class Meta:
        model = DocumentUse
        fields = {"document": ["exact"], "record_type": ["exact"], "record_ref": ["exact"]}


class CommunicationPlanItemFilterSet(OrgScopedFilterSet):
    subject = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = CommunicationPlanItem
        fields = {
            "channel": ["exact"],
            "frequency": ["exact"],
            "owner": ["exact"],
            "active": ["exact"],
            "next_due": DATE_RANGE,
        }


class KnowledgeArticleFilterSet(OrgScopedFilterSet):
    title = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = KnowledgeArticle
        fields = {
            "status": ["exact"],
            "service": ["exact"],
            "problem": ["exact"],
            "owner": ["exact"],
            "reviewed_on": DATE_RANGE,
        }
