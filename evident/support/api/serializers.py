"""Serializers for documents, communications, acknowledgements, courses and training."""

from evident.core.api import OrgScopedSerializer, record_fields, ref_of

from ..models import (
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


class DocumentSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = Document
        fields = record_fields(
            "title",
            "doc_type",
            "owner",
            "owner_ref",
            "clauses",
            "next_review_due",
            "retention",
            "distribution",
        )


class DocumentVersionSerializer(OrgScopedSerializer):
    document_ref = ref_of("document")
    approved_by_ref = ref_of("approved_by", null=True)

    class Meta:
        model = DocumentVersion
        fields = record_fields(
            "document",
            "document_ref",
            "version",
            "status",
            "summary",
            "approved_by",
            "approved_by_ref",
            "approved_at",
        )


class CommunicationSerializer(OrgScopedSerializer):
    document_ref = ref_of("document", null=True)
    sent_by_ref = ref_of("sent_by", null=True)
    plan_item_ref = ref_of("plan_item", null=True)

    class Meta:
        model = Communication
        fields = record_fields(
            "subject",
            "document",
            "document_ref",
            "audience",
            "channel",
            "sent_at",
            "sent_by",
            "sent_by_ref",
            "plan_item",
            "plan_item_ref",
        )


class AcknowledgementSerializer(OrgScopedSerializer):
    person_ref = ref_of("person")
    document_version_ref = ref_of("document_version")

    class Meta:
        model = Acknowledgement
        fields = record_fields(
            "person", "person_ref", "document_version", "document_version_ref", "acknowledged_at"
        )


class TrainingCourseSerializer(OrgScopedSerializer):
    class Meta:
        model = TrainingCourse
        fields = record_fields("title", "description", "validity_months")


class CompetenceRequirementSerializer(OrgScopedSerializer):
    course_ref = ref_of("course")

    class Meta:
        model = CompetenceRequirement
        fields = record_fields("role", "course", "course_ref", "description")


class TrainingRecordSerializer(OrgScopedSerializer):
    person_ref = ref_of("person")
    course_ref = ref_of("course")

    class Meta:
        model = TrainingRecord
        fields = record_fields(
            "person", "person_ref", "course", "course_ref", "completed_on", "expires_on"
        )


class DocumentUseSerializer(OrgScopedSerializer):
    document_ref = ref_of("document")

    class Meta:
        model = DocumentUse
        fields = record_fields("document", "document_ref", "record_type", "record_ref", "note")


class CommunicationPlanItemSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = CommunicationPlanItem
        fields = record_fields(
            "subject",
            "audience",
            "channel",
            "frequency",
            "owner",
            "owner_ref",
            "next_due",
            "active",
        )


class KnowledgeArticleSerializer(OrgScopedSerializer):
    service_ref = ref_of("service", null=True)
    problem_ref = ref_of("problem", null=True)
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = KnowledgeArticle
        fields = record_fields(
            "title",
            "body",
            "service",
            "service_ref",
            "problem",
            "problem_ref",
            "status",
            "owner",
            "owner_ref",
            "reviewed_on",
        )
