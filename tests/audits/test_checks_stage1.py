"""Stage 1 checks: what a readiness review finds when one foundation is missing or deficient."""

import datetime as dt

import pytest

from evident.audits.models import InternalAudit, ManagementReview
from evident.catalogue.models import CatalogueEntry
from evident.core.services import delete_record, update_record
from evident.core.tenancy import scoped
from evident.governance.models import Milestone, Objective, Process, Risk, ScopeStatement, SmsPlan
from evident.support.models import Document, DocumentVersion

from .builders import (
    AUDIT_DATE,
    FUTURE,
    Cases,
    at,
    findings,
    found,
    healthy_fixtures,
)

AOC = "area_of_concern"
cases = Cases(stage=1)
healthy_template, healthy = healthy_fixtures()


def test_the_healthy_organisation_raises_no_concern_at_stage_1(healthy):
    assert findings(healthy.build.org, 1) == []


@cases("s1.scope.approved")
def a_draft_scope_counts_as_missing(h):
    update_record(h.scope, status=ScopeStatement.Status.DRAFT)
    return [found("s1.scope.approved", "4.3", AOC, "high", [h.scope])]


@cases("s1.scope.approved", passes=True)
def a_superseded_scope_is_fine_when_a_newer_one_is_approved(h):
    h.build.make(ScopeStatement, statement="Old", status=ScopeStatement.Status.SUPERSEDED)
    return []


@cases("s1.scope.names-services")
def an_approved_scope_naming_no_service(h):
    update_record(h.scope, services=[])
    return [found("s1.scope.names-services", "4.3", AOC, "medium", [h.scope])]


@cases("s1.scope.names-services")
def the_latest_approved_scope_is_the_one_judged(h):
    newer = h.build.make(
        ScopeStatement,
        statement="Everything",
        status=ScopeStatement.Status.APPROVED,
        approved_at=at(dt.date(2025, 1, 1)),
    )
    return [found("s1.scope.names-services", "4.3", AOC, "medium", [newer])]


@cases("s1.policy.exists")
def no_service_management_policy(h):
    delete_record(h.policy)
    return [found("s1.policy.exists", "5.2", AOC, "high")]


@cases("s1.policy.approved")
def a_policy_never_approved(h):
    update_record(h.policy_version, status=DocumentVersion.Status.DRAFT)
    return [found("s1.policy.approved", "5.2", AOC, "medium", [h.policy])]


@cases("s1.policy.approved")
def a_policy_approved_by_someone_outside_top_management(h):
    clerk = h.staff[1]
    newer = h.build.version(h.policy, clerk, version="2.0", approved_at=at(dt.date(2025, 2, 1)))
    return [found("s1.policy.approved", "5.2", AOC, "medium", [newer, clerk])]


@cases("s1.risk.register")
def an_empty_risk_register(h):
    for risk in scoped(Risk, h.build.org):
        delete_record(risk)
    return [found("s1.risk.register", "6.1", AOC, "high")]


@cases("s1.risk.owned-treated")
def an_open_risk_without_owner_or_treatment(h):
    ownerless = h.build.make(Risk, title="Supplier fails", treatment="Second supplier")
    untreated = h.build.make(Risk, title="Power cut", owner=h.ceo)
    h.build.make(Risk, title="Retired risk", status=Risk.Status.CLOSED)
    return [found("s1.risk.owned-treated", "6.1", AOC, "medium", [ownerless, untreated])]


@cases("s1.objective.exists")
def no_objective(h):
    for objective in scoped(Objective, h.build.org):
        delete_record(objective)
    return [found("s1.objective.exists", "6.2", AOC, "high")]


@cases("s1.objective.measurable-owned")
def active_objectives_without_target_or_owner(h):
    vague = h.build.make(Objective, title="Be better", measure="Feeling", owner=h.ceo)
    orphan = h.build.make(Objective, title="Faster", measure="MTTR", target_value=4)
    h.build.make(Objective, title="Old and vague", status=Objective.Status.ACHIEVED)
    return [found("s1.objective.measurable-owned", "6.2", AOC, "medium", [vague, orphan])]


@cases("s1.plan.exists")
def no_sms_plan(h):
    for plan in scoped(SmsPlan, h.build.org):
        delete_record(plan)
    return [found("s1.plan.exists", "6.3", AOC, "high")]


@cases("s1.plan.milestones")
def a_plan_with_no_milestone(h):
    empty = h.build.make(SmsPlan, title="Improvement plan")
    return [found("s1.plan.milestones", "6.3", AOC, "medium", [empty])]


@cases("s1.plan.milestones-overdue")
def a_milestone_more_than_90_days_overdue(h):
    plan = scoped(SmsPlan, h.build.org).get()
    late = h.build.make(
        Milestone, plan=plan, title="Gap analysis", due_date=AUDIT_DATE - dt.timedelta(days=91)
    )
    h.build.make(
        Milestone, plan=plan, title="Training", due_date=AUDIT_DATE - dt.timedelta(days=90)
    )
    return [found("s1.plan.milestones-overdue", "6.3", AOC, "low", [late])]


@cases("s1.documents.reviewed")
def a_document_past_its_review_date(h):
    stale = h.build.document("Backup procedure", next_review_due=AUDIT_DATE - dt.timedelta(1))
    h.build.document("Due today", next_review_due=AUDIT_DATE)
    return [found("s1.documents.reviewed", "7.5.3", AOC, "medium", [stale])]


@cases("s1.process.defined")
def a_clause_8_process_with_no_record(h):
    delete_record(h.processes["change"])
    delete_record(h.processes["problem"])
    return [
        found("s1.process.defined:change", "8.1", AOC, "medium"),
        found("s1.process.defined:problem", "8.1", AOC, "medium"),
    ]


@cases("s1.process.controlled")
def processes_without_owner_or_approved_procedure(h):
    incident = update_record(h.processes["incident"], owner=None)
    change = h.processes["change"]
    update_record(change.procedure.versions.get(), status=DocumentVersion.Status.DRAFT)
    supplier = update_record(h.processes["supplier"], procedure=None)
    update_record(h.processes["release"], owner=None, in_scope=False)
    return [
        found("s1.process.controlled:change", "8.1", AOC, "medium", [change, change.procedure]),
        found(
            "s1.process.controlled:incident", "8.1", AOC, "medium", [incident, incident.procedure]
        ),
        found("s1.process.controlled:supplier", "8.1", AOC, "medium", [supplier]),
    ]


@cases("s1.catalogue.published")
def an_empty_service_catalogue(h):
    for entry in scoped(CatalogueEntry, h.build.org):
        update_record(entry, status=CatalogueEntry.Status.WITHDRAWN)
    return [found("s1.catalogue.published", "8.2.4", AOC, "high")]


@cases("s1.catalogue.live-services", passes=True)
def an_empty_catalogue_is_not_also_reported_service_by_service(h):
    for entry in scoped(CatalogueEntry, h.build.org):
        update_record(entry, status=CatalogueEntry.Status.WITHDRAWN)
    return []


@cases("s1.catalogue.live-services")
def a_live_service_missing_from_the_catalogue(h):
    hidden = h.build.service("Printing", catalogued=False)
    return [found("s1.catalogue.live-services", "8.2.4", AOC, "medium", [hidden])]


@cases("s1.internal-audit.programme")
def no_internal_audit_planned_or_completed(h):
    audit = scoped(InternalAudit, h.build.org).get()
    update_record(audit, status=InternalAudit.Status.CANCELLED)
    return [found("s1.internal-audit.programme", "9.2", AOC, "high", [audit])]


@cases("s1.internal-audit.programme", passes=True)
def a_planned_audit_is_a_programme(h):
    delete_record(scoped(InternalAudit, h.build.org).get())
    h.build.make(InternalAudit, title="First audit", planned_date=FUTURE)
    return []


@cases("s1.management-review.programme")
def no_management_review_planned_or_held(h):
    delete_record(scoped(ManagementReview, h.build.org).get())
    return [found("s1.management-review.programme", "9.3", AOC, "high")]


@pytest.mark.parametrize("case", cases.params())
def test_stage1_check(healthy, case):
    cases.run(healthy, case)


def test_every_process_key_is_judged_when_nothing_is_defined(healthy, as_cli):
    for process in healthy.processes.values():
        delete_record(process)
    keys = [f.key for f in findings(healthy.build.org, 1, "s1.process.defined")]
    assert keys == sorted(f"s1.process.defined:{key}" for key in Process.Key.values)


def test_a_policy_document_of_another_type_is_not_the_sm_policy(healthy, as_cli):
    update_record(healthy.policy, doc_type=Document.Type.POLICY)
    found_keys = [f.key for f in findings(healthy.build.org, 1, "s1.policy.exists")]
    assert found_keys == ["s1.policy.exists"]
