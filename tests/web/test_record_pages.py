"""Every record type has a list and a detail page, readable by members and by no one else."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse

from evident.agreements.models import (
    SLA,
    BusinessCalendar,
    SlaMeasurement,
    SlaReview,
    SlaTarget,
    Supplier,
    SupplierReview,
)
from evident.assurance.models import ContinuityPlan, ContinuityTest
from evident.audits.models import (
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    Sample,
)
from evident.catalogue.models import CatalogueEntry, Service
from evident.core.models import OrgRecord, Person, Role
from evident.core.services import create_record
from evident.core.tenancy import scoped
from evident.governance.models import (
    BodyMeeting,
    ContextIssue,
    GoverningBody,
    InterestedParty,
    MeetingAction,
    Milestone,
    Objective,
    Process,
    Risk,
    RoleAssignment,
    ScopeStatement,
    SmsPlan,
)
from evident.operations.models import (
    Change,
    ChangeApproval,
    Incident,
    IncidentStatusChange,
    Problem,
    ServiceRequest,
)
from evident.support.models import (
    Acknowledgement,
    Communication,
    CompetenceRequirement,
    Document,
    DocumentVersion,
    TrainingCourse,
    TrainingRecord,
)
from evident.web.forms import record_form_class
from evident.web.record_types import registry
from tests.web.record_builders import extend

RECORD_MODELS = [m for m in apps.get_models() if issubclass(m, OrgRecord)]
AT = dt.datetime(2025, 3, 4, 10, 30, tzinfo=dt.UTC)
DAY = dt.date(2025, 3, 4)


def one_of_each(org) -> dict[type, OrgRecord]:
    """One record of every type, linked to each other as real records are."""
    r = {}

    def add(model, **fields):
        r[model] = create_record(model, org, **fields)
        return r[model]

    person = add(Person, name="Dana Reyes", is_top_management=True)
    service = add(Service, name="Email", owner=person)
    add(CatalogueEntry, service=service, published_on=DAY)
    document = add(Document, title="SM policy", doc_type="sm_policy", owner=person)
    version = add(DocumentVersion, document=document, version="1", status="approved")
    add(Acknowledgement, person=person, document_version=version, acknowledged_at=AT)
    add(Communication, subject="Policy issued", document=document, sent_at=AT)
    add(ScopeStatement, statement="Email for staff", services=[service.pk])
    add(Objective, title="Answer fast", measure="P1 response", target_value="15")
    add(Risk, title="Mail relay outage", owner=person)
    plan = add(SmsPlan, title="SMS plan 2025")
    add(Milestone, plan=plan, title="Policy approved", due_date=DAY)
    add(Process, key="incident", owner=person, procedure=document)
    add(ContextIssue, title="Cloud prices rising", kind="external", recorded_on=DAY)
    add(InterestedParty, name="Group finance", kind="customer")
    body = add(GoverningBody, name="SMS steering committee", executive_sponsor=person)
    meeting = add(BodyMeeting, body=body, held_on=DAY, attendees=[person.pk])
    add(MeetingAction, meeting=meeting, description="Cost a second region", due_date=DAY)
    add(RoleAssignment, person=person, role="Incident manager", process=r[Process])
    course = add(TrainingCourse, title="Incident handling", validity_months=24)
    add(CompetenceRequirement, role="Incident manager", course=course)
    add(TrainingRecord, person=person, course=course, completed_on=DAY)
    hours = {"monday": [["09:00", "17:00"]]}
    calendar = add(BusinessCalendar, name="Office", time_zone="Europe/London", working_hours=hours)
    sla = add(SLA, name="Email SLA", service=service, calendar=calendar)
    target = add(SlaTarget, sla=sla, metric="Availability", target_value="99.5", unit="%")
    add(SlaMeasurement, target=target, month=dt.date(2025, 2, 1), value="99.9", met=True)
    add(SlaReview, sla=sla, reviewed_on=DAY)
    supplier = add(Supplier, name="Relay Co", services=[service.pk])
    add(SupplierReview, supplier=supplier, reviewed_on=DAY)
    change = add(Change, title="Patch relay", service=service, requested_at=AT)
    add(ChangeApproval, change=change, decision="approved", decided_at=AT)
    problem = add(Problem, title="Relay drops mail", service=service, opened_at=AT)
    incident = add(Incident, title="Mail delayed", service=service, opened_at=AT, problem=problem)
    add(IncidentStatusChange, incident=incident, status="in_progress", changed_at=AT)
    add(ServiceRequest, title="New mailbox", service=service, opened_at=AT)
    continuity = add(ContinuityPlan, title="Mail continuity", services=[service.pk])
    add(ContinuityTest, plan=continuity, tested_on=DAY, result="passed")
    add(InternalAudit, title="Audit of 8.6", planned_date=DAY)
    add(ManagementReview, title="Review Q1", planned_date=DAY)
    nc = add(Nonconformity, title="Late reviews", source="internal_audit", raised_on=DAY)
    add(CorrectiveAction, nonconformity=nc, description="Book reviews", due_date=DAY)
    add(CorrectiveActionPlan, nonconformity=nc, correction="Hold the review")
    evaluation = add(
        Evaluation,
        stage=2,
        audit_date=DAY,
        period_start=DAY.replace(year=2024),
        period_end=DAY,
        seed=20250304,
        engine_version="1",
        evidence_digest="0" * 64,
        recommendation="recommended",
    )
    incident_ref = {"type": "operations.incident", "id": r[Incident].pk, "ref": r[Incident].ref}
    add(
        Finding,
        evaluation=evaluation,
        check_id="s2.incident.example",
        key="incident-example",
        clause="8.6.1",
        grade="ofi",
        statement="Incidents could be closed sooner.",
        records=[incident_ref],
    )
    add(
        Sample,
        evaluation=evaluation,
        population="Incidents resolved in the period",
        clause="8.6.1",
        population_size=1,
        sample_size=1,
        seed=1,
        method="whole population",
        records=[incident_ref],
    )
    extend(r, add)
    return r


@pytest.fixture
def records(org, as_cli):
    return one_of_each(org)


@pytest.fixture
def stranger(other_org, make_user):
    return make_user(other_org, Role.SMS_MANAGER, username="stranger")


def test_every_record_model_has_a_list_and_a_detail_page():
    for model in RECORD_MODELS:
        record_type = registry.for_model(model)
        assert record_type is not None, f"{model.__name__} has no pages"
        assert record_type.list_url("acme").startswith("/o/acme/")
        assert record_type.detail_url("acme", 1).endswith("/1/")


def test_the_page_builder_covers_every_record_model(org, as_cli):
    assert set(one_of_each(org)) == set(RECORD_MODELS)


def test_a_member_can_open_every_list_and_detail_page(client, manager, records):
    client.force_login(manager)
    for model, record in records.items():
        record_type = registry.for_model(model)
        listing = client.get(record_type.list_url("acme"))
        assert listing.status_code == 200, model
        assert record.ref in listing.content.decode(), model
        detail = client.get(record_type.detail_url("acme", record.pk))
        assert detail.status_code == 200, model
        assert record.ref in detail.content.decode(), model


def test_a_non_member_gets_404_for_every_list_and_detail_page(client, stranger, records):
    client.force_login(stranger)
    for model, record in records.items():
        record_type = registry.for_model(model)
        assert client.get(record_type.list_url("acme")).status_code == 404, model
        assert client.get(record_type.detail_url("acme", record.pk)).status_code == 404, model


def test_a_record_of_another_organisation_is_not_found_under_ones_own(
    client, records, other_org, make_user
):
    outsider = make_user(other_org, Role.ADMIN, username="outsider")
    client.force_login(outsider)
    url = reverse(
        "web:record-detail",
        kwargs={"org_slug": "globex", "record_type": "incidents", "pk": records[Incident].pk},
    )
    assert client.get(url).status_code == 404


def test_pages_require_login(client, records):
    for url in ["/", "/o/acme/", "/o/acme/incidents/", "/o/acme/findings/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_an_unknown_record_type_is_not_found(client, manager):
    client.force_login(manager)
    assert client.get("/o/acme/unicorns/").status_code == 404


def test_every_declared_column_filter_search_and_form_field_exists(org):
    for record_type in registry:
        model = record_type.model
        names = {f.name for f in [*model._meta.concrete_fields, *model._meta.many_to_many]}
        for column in record_type.columns:
            assert column in names or hasattr(model, column), (model, column)
        assert set(record_type.filters) <= names, model
        assert set(record_type.form_fields) <= names, model
        for path in record_type.search:
            # Each search path must resolve to a text lookup the database can run.
            list(scoped(model, org).filter(**{f"{path}__icontains": "x"})[:1])
        if record_type.editable:
            # Beside the declared fields, a form carries the version its record was read at.
            assert set(record_form_class(record_type)(organisation=org).fields) == {
                *record_type.form_fields,
                "record_version",
            }
