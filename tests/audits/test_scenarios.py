"""The acceptance scenarios: a healthy organisation, then one change at a time.

Each scenario builds the healthy organisation with the demo generator, changes
one thing through the service layer, and reads the verdict the way a user does:
``evident audit --format json``.
"""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from evident.agreements.models import SlaMeasurement, SlaReview, Supplier, SupplierReview
from evident.assurance.models import ContinuityTest
from evident.audits.models import (
    CorrectiveAction,
    CorrectiveActionPlan,
    InternalAudit,
    ManagementReview,
    Nonconformity,
)
from evident.catalogue.models import Service
from evident.core import services
from evident.core.context import acting
from evident.core.models import Person
from evident.core.tenancy import scoped
from evident.demo import SCALE_SMALL, build_organisation
from evident.governance.models import ScopeStatement
from evident.operations.models import (
    Change,
    ChangeApproval,
    Incident,
    Problem,
    ServiceRequest,
)
from evident.support.models import Acknowledgement, Communication, Document, DocumentVersion

TODAY = dt.date(2026, 11, 22)
PERIOD_START = dt.datetime(2025, 11, 22, tzinfo=dt.UTC)
NOON = dt.time(12, tzinfo=dt.UTC)


@pytest.fixture
def org(db):
    with acting(source="cli", actor_name="scenario-builder"):
        return build_organisation("healthy", seed=7, today=TODAY, scale=SCALE_SMALL, faults=False)


@pytest.fixture(autouse=True)
def scenario_context():
    with acting(source="cli", actor_name="scenario"):
        yield


def audit(org, stage: int) -> dict:
    out = StringIO()
    call_command(
        "audit",
        "--org",
        org.slug,
        "--stage",
        str(stage),
        "--date",
        TODAY.isoformat(),
        "--format",
        "json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def graded(result, *grades):
    return [f for f in result["findings"] if f["grade"] in grades]


def at(clause, findings):
    return [f for f in findings if f["clause"] == clause]


def refs(finding, record_type):
    return {r["ref"] for r in finding["records"] if r["type"] == record_type}


def implemented_changes(org):
    return (
        scoped(Change, org)
        .exclude(change_type=Change.Type.STANDARD)
        .filter(actual_start__gte=PERIOD_START, caused_incidents__isnull=True)
        .order_by("ref")
    )


def sm_policy(org):
    return scoped(Document, org).get(doc_type=Document.Type.SM_POLICY)


# The healthy organisation -------------------------------------------------------------


def test_healthy_organisation_is_ready_and_recommended(org):
    stage1 = audit(org, 1)
    assert stage1["outcome"] == "ready"
    assert [f for f in stage1["findings"] if f["severity"] in ("high", "medium")] == []

    stage2 = audit(org, 2)
    assert stage2["recommendation"] == "recommended"
    assert graded(stage2, "major", "minor") == []


# Stage 1 ------------------------------------------------------------------------------


def test_s1_without_a_scope_statement_the_organisation_is_not_ready(org):
    services.bulk_delete_records(scoped(ScopeStatement, org))

    result = audit(org, 1)

    assert result["outcome"] == "not_ready"
    (concern,) = [f for f in at("4.3", result["findings"]) if f["severity"] == "high"]
    assert concern["grade"] == "area_of_concern"


def test_s2_a_policy_never_approved_makes_the_organisation_conditionally_ready(org):
    for version in scoped(DocumentVersion, org).filter(document=sm_policy(org)):
        services.update_record(version, status="draft", approved_by=None, approved_at=None)

    result = audit(org, 1)

    assert result["outcome"] == "conditionally_ready"
    assert [f["severity"] for f in at("5.2", result["findings"])] == ["medium"]
    assert all(f["grade"] == "area_of_concern" for f in result["findings"])


# Stage 2: absence or breakdown is major -----------------------------------------------


def test_s3_no_management_review_for_14_months_is_a_major(org):
    services.bulk_delete_records(scoped(ManagementReview, org))
    services.create_record(
        ManagementReview,
        org,
        title="Annual management review",
        planned_date=TODAY - dt.timedelta(days=426),
        held_on=TODAY - dt.timedelta(days=426),
        status="held",
    )

    result = audit(org, 2)

    assert at("9.3", graded(result, "major"))
    assert result["recommendation"] == "not_recommended"


def test_s4_no_internal_audit_completed_in_the_period_is_a_major(org):
    services.bulk_delete_records(scoped(InternalAudit, org).filter(completed_on__isnull=False))

    result = audit(org, 2)

    assert at("9.2", graded(result, "major"))
    assert result["recommendation"] == "not_recommended"


def test_s5_unapproved_changes_that_caused_incidents_are_a_major_naming_them(org):
    changes = list(implemented_changes(org)[:3])
    services.bulk_delete_records(scoped(ChangeApproval, org).filter(change__in=changes))
    incidents = [
        services.create_record(
            Incident,
            org,
            title=f"Outage after {change.ref}",
            service=change.service,
            priority=2,
            status="resolved",
            opened_at=change.actual_start + dt.timedelta(hours=1),
            resolved_at=change.actual_start + dt.timedelta(hours=3),
            caused_by_change=change,
        )
        for change in changes
    ]

    result = audit(org, 2)

    uncontrolled = [
        f for f in at("8.5.1", graded(result, "major")) if refs(f, "operations.incident")
    ]
    assert len(uncontrolled) == 1
    assert refs(uncontrolled[0], "operations.change") == {c.ref for c in changes}
    assert refs(uncontrolled[0], "operations.incident") == {i.ref for i in incidents}
    assert result["recommendation"] == "not_recommended"


def test_s6_incidents_on_a_service_missing_from_the_catalogue_are_a_major(org):
    fax = services.create_record(Service, org, name="Fax gateway", status="live")
    services.bulk_create_records(
        Incident,
        org,
        [
            Incident(
                title=f"Fax queue stuck #{n}",
                service=fax,
                priority=3,
                status="closed",
                opened_at=PERIOD_START + dt.timedelta(days=5 + n * 7),
                resolved_at=PERIOD_START + dt.timedelta(days=5 + n * 7, hours=4),
            )
            for n in range(40)
        ],
    )

    result = audit(org, 2)

    (major,) = at("8.2.4", graded(result, "major"))
    assert refs(major, "catalogue.service") == {fax.ref}
    assert len(refs(major, "operations.incident")) == 40
    assert result["recommendation"] == "not_recommended"


# Stage 2: isolated lapses are minor ---------------------------------------------------


def start_one_change_before_its_approval(org) -> Change:
    in_period = scoped(Change, org).filter(actual_start__gte=PERIOD_START)
    assert 250 <= in_period.count() <= 350  # "one of about 300 changes"
    change = implemented_changes(org).first()
    for approval in change.approvals.all():
        services.update_record(approval, decided_at=change.actual_start + dt.timedelta(hours=2))
    return change


def leave_one_supplier_unreviewed(org) -> Supplier:
    supplier = scoped(Supplier, org).filter(status="active").order_by("ref").first()
    services.bulk_delete_records(
        scoped(SupplierReview, org).filter(supplier=supplier, reviewed_on__gte=PERIOD_START.date())
    )
    return supplier


def test_s7_one_change_started_before_approval_is_a_minor(org):
    change = start_one_change_before_its_approval(org)

    result = audit(org, 2)

    assert graded(result, "major") == []
    (minor,) = at("8.5.1", graded(result, "minor"))
    assert refs(minor, "operations.change") == {change.ref}
    assert result["recommendation"] == "recommended_after_cap"


def test_s8_policy_neither_communicated_nor_widely_acknowledged_is_a_minor(org):
    policy = sm_policy(org)
    services.bulk_delete_records(scoped(Communication, org).filter(document=policy))
    in_scope = scoped(Person, org).filter(in_sms_scope=True, active=True).count()
    acks = scoped(Acknowledgement, org).filter(document_version__document=policy)
    keep = list(acks.order_by("ref").values_list("pk", flat=True)[: in_scope // 10])
    services.bulk_delete_records(acks.exclude(pk__in=keep))

    result = audit(org, 2)

    assert [f["grade"] for f in at("5.2", result["findings"])] == ["minor"]
    assert result["recommendation"] == "recommended_after_cap"


def test_s9_a_supplier_without_a_review_in_the_period_is_a_minor(org):
    supplier = leave_one_supplier_unreviewed(org)

    result = audit(org, 2)

    (minor,) = at("8.3.4", graded(result, "minor"))
    assert refs(minor, "agreements.supplier") == {supplier.ref}
    assert graded(result, "major") == []


def test_s10_a_corrective_action_90_days_overdue_is_a_minor(org):
    nc = services.create_record(
        Nonconformity,
        org,
        title="Change records incomplete",
        source="internal_audit",
        clause="8.5.1",
        grade="minor",
        raised_on=TODAY - dt.timedelta(days=150),
    )
    action = services.create_record(
        CorrectiveAction,
        org,
        nonconformity=nc,
        description="Make the risk field mandatory",
        due_date=TODAY - dt.timedelta(days=90),
    )

    result = audit(org, 2)

    (minor,) = at("10.1", graded(result, "minor"))
    assert refs(minor, "audits.correctiveaction") == {action.ref}
    assert result["recommendation"] == "recommended_after_cap"


def test_s11_minors_with_accepted_action_plans_are_recommended(org):
    start_one_change_before_its_approval(org)
    leave_one_supplier_unreviewed(org)
    first = audit(org, 2)
    minors = graded(first, "minor")
    assert sorted(f["clause"] for f in minors) == ["8.3.4", "8.5.1"]
    assert first["recommendation"] == "recommended_after_cap"

    owner = scoped(Person, org).filter(is_top_management=True).first()
    for finding in minors:
        nc = services.create_record(
            Nonconformity,
            org,
            title=finding["statement"][:200],
            source="external_audit",
            clause=finding["clause"],
            grade="minor",
            statement=finding["statement"],
            finding_key=finding["key"],
            raised_on=TODAY,
        )
        services.create_record(
            CorrectiveActionPlan,
            org,
            nonconformity=nc,
            correction="Put the record right",
            root_cause="The step was not enforced",
            corrective_action="Enforce it in the tool",
            owner=owner,
            due_date=TODAY + dt.timedelta(days=60),
            status="accepted",
            decided_by="lead auditor",
        )

    second = audit(org, 2)

    assert second["recommendation"] == "recommended"
    assert all(f["cap_accepted"] for f in graded(second, "minor"))


def test_s12_a_perfect_document_set_without_operational_records_is_the_paper_trap(org):
    for model in (
        Incident,
        ServiceRequest,
        Problem,
        ChangeApproval,
        Change,
        SlaMeasurement,
        SlaReview,
        SupplierReview,
        ContinuityTest,
    ):
        services.bulk_delete_records(scoped(model, org))

    assert audit(org, 1)["outcome"] == "ready"

    result = audit(org, 2)
    major_clauses = {f["clause"] for f in graded(result, "major")}
    assert {"8.6.1", "8.6.2", "8.6.3", "8.5.1", "8.3.3"} <= major_clauses
    assert result["recommendation"] == "not_recommended"


# Reproducibility ----------------------------------------------------------------------


def test_the_same_data_date_and_seed_give_the_same_result(org):
    first, second = audit(org, 2), audit(org, 2)
    for result in (first, second):
        result.pop("evaluation")
    assert first == second
