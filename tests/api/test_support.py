"""Documents, communications, acknowledgements, courses and training over the API."""

from evident.support.models import (
    Acknowledgement,
    Communication,
    CompetenceRequirement,
    Document,
    DocumentVersion,
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
