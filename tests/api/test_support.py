"""Documents, their versions, communications and acknowledgements over the API."""

from evident.support.models import Acknowledgement, Communication, Document, DocumentVersion
from tests.api import (
    NOW,
    TODAY,
    RecordEndpointContract,
    document,
    document_version,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
)


class TestDocuments(RecordEndpointContract):
    route = "documents"
    model = Document
    update = {"clauses": "5.2", "next_review_due": "2026-03-01"}

    def fields(self, org):
        return {"title": "Change procedure", "doc_type": "procedure", "next_review_due": TODAY}


class TestDocumentVersions(RecordEndpointContract):
    route = "document-versions"
    model = DocumentVersion
    update = {"status": "approved", "approved_at": "2025-03-04T10:00:00Z"}

    def fields(self, org):
        return {"document": document(org), "version": "2.0", "approved_by": person(org)}


class TestCommunications(RecordEndpointContract):
    route = "communications"
    model = Communication
    update = {"channel": "intranet"}

    def fields(self, org):
        return {
            "subject": "New service management policy",
            "document": document(org),
            "audience": "All staff",
            "sent_at": NOW,
            "sent_by": person(org),
        }


class TestAcknowledgements(RecordEndpointContract):
    route = "acknowledgements"
    model = Acknowledgement
    update = {"acknowledged_at": "2025-03-05T08:00:00Z"}

    def fields(self, org):
        return {
            "person": person(org),
            "document_version": document_version(org),
            "acknowledged_at": NOW,
        }
