"""Documents, communications, acknowledgements, courses and training over the API.

A document version is a draft until approved by its transition, which records who
approved it and when and retires the version it replaces; an approved version is
not edited. A knowledge article is published with an owner, once reviewed.
"""

import datetime as dt

import pytest

from evident.core.models import HistoryEntry, Person
from evident.support.models import (
    Acknowledgement,
    Communication,
    CompetenceRequirement,
    Document,
    DocumentVersion,
    KnowledgeArticle,
    TrainingCourse,
    TrainingRecord,
)
from tests.api import (
    NOW,
    TODAY,
    RecordEndpointContract,
    client_for,
    document,
    document_version,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    record,
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
    update = {"summary": "Adds the emergency change route"}

    def fields(self, org):
        # A version is written as a draft; its approval is the approve transition's.
        return {"document": document(org), "version": "2.0", "summary": "First issue"}


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


class TestTrainingCourses(RecordEndpointContract):
    route = "training-courses"
    model = TrainingCourse
    update = {"validity_months": 24}

    def fields(self, org):
        return {"title": "Change management foundations", "validity_months": 12}


class TestCompetenceRequirements(RecordEndpointContract):
    route = "competence-requirements"
    model = CompetenceRequirement
    update = {"role": "Change authority member"}

    def fields(self, org):
        return {"role": "Change manager", "course": course(org)}


class TestTrainingRecords(RecordEndpointContract):
    route = "training-records"
    model = TrainingRecord
    update = {"expires_on": "2026-03-03"}

    def fields(self, org):
        return {"person": person(org), "course": course(org), "completed_on": TODAY}


def course(org):
    return record(TrainingCourse, org, title="Change management foundations", validity_months=12)


def test_a_training_record_names_its_person_and_course_by_ref(org, manager):
    trained = record(
        TrainingRecord, org, person=person(org), course=course(org), completed_on=TODAY
    )
    response = client_for(manager).get(endpoint(org, "training-records", trained.pk))
    assert (response.data["person_ref"], response.data["course_ref"]) == (
        trained.person.ref,
        trained.course.ref,
    )


def test_a_role_cannot_require_the_same_course_twice(org, manager):
    required = record(CompetenceRequirement, org, role="Change manager", course=course(org))
    body = {"role": "Change manager", "course": required.course.pk}
    response = client_for(manager).post(endpoint(org, "competence-requirements"), body)
    assert response.status_code == 400
    assert "role" in response.data


@pytest.fixture
def api(manager):
    return client_for(manager)


def approve(api, org, version, approver, at="2025-03-03T10:00:00Z"):
    body = {"approved_by": approver.pk, "approved_at": at}
    return api.post(
        f"{endpoint(org, 'document-versions', version.pk)}approve/", body, format="json"
    )


def refused(response, field):
    assert response.status_code == 400, response.data
    assert field in response.data, response.data


def chief(org):
    return record(Person, org, name="Ada Chief", is_top_management=True)


IN_FORCE_SINCE = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)


class TestVersionApproval:
    def test_approving_a_version_retires_the_one_it_replaces_in_one_operation(self, api, org):
        policy = document(org)
        old = record(
            DocumentVersion,
            org,
            document=policy,
            version="1.0",
            status="approved",
            approved_at=IN_FORCE_SINCE,
        )
        new = record(DocumentVersion, org, document=policy, version="2.0")
        approver = chief(org)
        response = approve(api, org, new, approver)
        assert response.status_code == 200, response.data
        assert (response.data["status"], response.data["approved_by"]) == ("approved", approver.pk)
        assert response.data["approved_at"].startswith("2025-03-03T10:00")
        assert DocumentVersion.objects.get(pk=old.pk).status == "retired"
        assert policy.current_version() == new
        entries = HistoryEntry.objects.filter(object_ref__in=[old.ref, new.ref], action="update")
        assert len(entries) == 2
        assert {(e.event, e.operation) for e in entries} == {
            ("documentversion.approved", entries[0].operation)
        }

    def test_the_policy_is_approved_by_top_management_other_documents_by_anyone(self, api, org):
        clerk = person(org, "Cy Clerk")
        refused(approve(api, org, document_version(org), clerk), "approved_by")
        procedure = record(Document, org, title="Change procedure", doc_type="procedure")
        draft = record(DocumentVersion, org, document=procedure, version="1.0")
        assert approve(api, org, draft, clerk).data["status"] == "approved"

    def test_an_approval_dated_before_the_version_in_force_or_ahead_is_refused(self, api, org):
        policy = document(org)
        record(
            DocumentVersion,
            org,
            document=policy,
            version="1.0",
            status="approved",
            approved_at=IN_FORCE_SINCE,
        )
        draft = record(DocumentVersion, org, document=policy, version="2.0")
        for when in ("2024-12-01T09:00:00Z", "2999-01-01T09:00:00Z"):
            refused(approve(api, org, draft, chief(org), at=when), "approved_at")
        assert DocumentVersion.objects.get(pk=draft.pk).status == "draft"

    def test_an_approval_is_not_typed_in_and_an_approved_version_is_not_edited(self, api, org):
        url = endpoint(org, "document-versions")
        body = {"document": document(org).pk, "version": "1.0", "approved_by": chief(org).pk}
        refused(api.post(url, body, format="json"), "approved_by")
        draft = document_version(org)
        at = endpoint(org, "document-versions", draft.pk)
        refused(api.patch(at, {"approved_by": chief(org).pk}, format="json"), "approved_by")
        assert approve(api, org, draft, chief(org)).status_code == 200
        refused(api.patch(at, {"summary": "Quietly changed"}, format="json"), "summary")
        refused(api.patch(at, {"status": "draft"}, format="json"), "status")

    def test_withdrawing_takes_the_version_out_of_force(self, api, org):
        draft = document_version(org)
        at = endpoint(org, "document-versions", draft.pk)
        refused(api.post(f"{at}withdraw/", {}, format="json"), "status")
        approve(api, org, draft, chief(org))
        assert api.post(f"{at}withdraw/", {}, format="json").data["status"] == "retired"
        assert draft.document.current_version() is None


def test_a_knowledge_article_is_published_with_an_owner_once_reviewed(api, org):
    article = record(KnowledgeArticle, org, title="Reset a password", body="Steps")
    at = f"{endpoint(org, 'knowledge-articles', article.pk)}publish/"
    refused(api.post(at, {"reviewed_on": TODAY.isoformat()}, format="json"), "owner")
    owner = person(org).pk
    body = {"reviewed_on": "2999-01-01", "owner": owner}
    refused(api.post(at, body, format="json"), "reviewed_on")
    published = api.post(at, {"reviewed_on": TODAY.isoformat(), "owner": owner}, format="json")
    assert (published.data["status"], published.data["owner"]) == ("published", owner)
