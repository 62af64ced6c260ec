"""Serializers for documents, their versions, communications and acknowledgements."""

from evident.core.api import OrgScopedSerializer, record_fields, ref_of

from ..models import Acknowledgement, Communication, Document, DocumentVersion


class DocumentSerializer(OrgScopedSerializer):
    owner_ref = ref_of("owner", null=True)

    class Meta:
        model = Document
        fields = record_fields(
            "title", "doc_type", "owner", "owner_ref", "clauses", "next_review_due"
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
        )


class AcknowledgementSerializer(OrgScopedSerializer):
    person_ref = ref_of("person")
    document_version_ref = ref_of("document_version")

    class Meta:
        model = Acknowledgement
        fields = record_fields(
            "person", "person_ref", "document_version", "document_version_ref", "acknowledged_at"
        )
