"""Checks of documented information (7.5.1-7.5.4) and knowledge (7.6).

Each case starts from the healthy organisation with its document records
(``document_records``: owners, an approved SMS plan, each procedure shown followed
in the period), breaks or bends one thing, and says what the named check finds.
"""

import datetime as dt

import pytest

from evident.agreements.models import SLA
from evident.catalogue.models import CatalogueEntry, Service
from evident.core.services import delete_record, update_record
from evident.core.tenancy import scoped
from evident.governance.models import Process, SmsPlan
from evident.operations.models import Problem
from evident.support.models import Document, DocumentUse, DocumentVersion, KnowledgeArticle

from .builders import (
    AUDIT_DATE,
    BEFORE_PERIOD,
    IN_PERIOD,
    Cases,
    at,
    findings,
    found,
    healthy_fixtures,
)

AOC = "area_of_concern"
stage1 = Cases(stage=1)
stage2 = Cases(stage=2)
healthy_template, healthy = healthy_fixtures()

MINE = {
    "s1.documents.owned",
    "s1.documents.approval-recorded",
    "s1.sms-documents.approved",
    "s2.documents.followed",
    "s2.documents.versions-approved",
    "s2.documents.in-use-controlled",
    "s2.sms-documents.follow-services",
    "s2.knowledge.known-errors-shared",
}


def test_the_healthy_organisation_raises_no_concern_and_no_finding_here(healthy):
    assert {c.check_id for c in stage1.cases + stage2.cases} == MINE
    assert [f for f in findings(healthy.build.org, 1) if f.check_id in MINE] == []
    assert [f for f in findings(healthy.build.org, 2) if f.check_id in MINE] == []


def procedure(h, key=Process.Key.INCIDENT) -> Document:
    return h.processes[key].procedure


# Stage 1 ------------------------------------------------------------------------------


@stage1("s1.documents.owned")
def a_document_nobody_owns(h):
    update_record(h.policy, owner=None)
    return [found("s1.documents.owned", "7.5.1", AOC, "low", [h.policy])]


@stage1("s1.documents.owned")
def a_listed_document_with_no_version_and_one_with_no_owner(h):
    empty = h.build.document("Capacity procedure", owner=h.ceo)
    update_record(procedure(h), owner=None)
    expected = sorted([empty, procedure(h)], key=lambda d: d.ref)
    return [found("s1.documents.owned", "7.5.1", AOC, "low", expected)]


@stage1("s1.documents.owned", passes=True)
def a_draft_in_progress_with_an_owner_is_on_the_list(h):
    draft = h.build.document("Capacity procedure", owner=h.ceo)
    h.build.make(DocumentVersion, document=draft, version="0.1")
    return []


@stage1("s1.documents.approval-recorded")
def an_approved_document_with_no_review_date(h):
    update_record(procedure(h), next_review_due=None)
    return [found("s1.documents.approval-recorded", "7.5.2", AOC, "low", [procedure(h)])]


@stage1("s1.documents.approval-recorded")
def an_approved_version_naming_no_approver(h):
    version = procedure(h).versions.get()
    update_record(version, approved_by=None)
    return [found("s1.documents.approval-recorded", "7.5.2", AOC, "low", [procedure(h)])]


@stage1("s1.documents.approval-recorded", passes=True)
def drafts_need_no_review_date_and_the_policys_approver_is_judged_under_5_2(h):
    h.build.document("Capacity procedure", owner=h.ceo, next_review_due=None)
    update_record(h.policy_version, approved_by=None)
    return []


@stage1("s1.sms-documents.approved")
def the_sms_plan_is_not_approved(h):
    plan = update_record(h.documents.plan, approved_at=None)
    return [found("s1.sms-documents.approved", "7.5.4", AOC, "medium", [plan])]


@stage1("s1.sms-documents.approved")
def a_plan_approved_only_after_the_audit_and_an_sla_past_its_review(h):
    plan = update_record(h.documents.plan, approved_at=at(AUDIT_DATE + dt.timedelta(days=1)))
    sla = update_record(h.sla, review_due=AUDIT_DATE - dt.timedelta(days=1))
    return [found("s1.sms-documents.approved", "7.5.4", AOC, "medium", [plan, sla])]


@stage1("s1.sms-documents.approved", passes=True)
def a_retired_sla_needs_no_review_and_one_due_on_the_audit_day_is_not_late(h):
    update_record(h.sla, review_due=AUDIT_DATE)
    other = h.build.make(SLA, name="Old payroll SLA", service=h.payroll, status=SLA.Status.RETIRED)
    update_record(other, review_due=BEFORE_PERIOD)
    return []


# Stage 2 ------------------------------------------------------------------------------


@stage2("s2.documents.followed")
def no_incident_of_the_period_is_shown_handled_by_the_procedure(h):
    delete_record(h.documents.uses[Process.Key.INCIDENT])
    process = h.processes[Process.Key.INCIDENT]
    return [found("s2.documents.followed", "7.5.1", "minor", records=[process, procedure(h)])]


@stage2("s2.documents.followed")
def a_use_naming_a_record_before_the_period_does_not_count(h):
    key = Process.Key.CHANGE
    delete_record(h.documents.uses[key])
    old = h.build.change(h.email, started=BEFORE_PERIOD)
    h.build.make(
        DocumentUse, document=procedure(h, key), record_type="operations.change", record_ref=old.ref
    )
    return [
        found(
            "s2.documents.followed", "7.5.1", "minor", records=[h.processes[key], procedure(h, key)]
        )
    ]


@stage2("s2.documents.followed", passes=True)
def a_process_out_of_scope_or_without_an_approved_procedure_is_not_expected_to_show_it(h):
    delete_record(h.documents.uses[Process.Key.INCIDENT])
    update_record(h.processes[Process.Key.INCIDENT], in_scope=False)
    delete_record(h.documents.uses[Process.Key.PROBLEM])
    update_record(procedure(h, Process.Key.PROBLEM).versions.get(), status="draft")
    return []


def _new_version(h, document, approved_on, **fields):
    fields.setdefault("approved_by", h.ceo)
    return h.build.make(
        DocumentVersion,
        document=document,
        version="2.0",
        status=DocumentVersion.Status.APPROVED,
        approved_at=at(approved_on),
        **fields,
    )


def _retire_current(document):
    update_record(document.versions.get(version="1.0"), status=DocumentVersion.Status.RETIRED)


@stage2("s2.documents.versions-approved")
def a_new_version_left_the_old_one_in_force(h):
    new = _new_version(h, procedure(h), IN_PERIOD)
    return [found("s2.documents.versions-approved", "7.5.2", "major", records=[new])]


@stage2("s2.documents.versions-approved")
def one_of_eleven_new_versions_names_no_approver(h):
    keys = list(h.processes)
    unsigned = None
    for index, key in enumerate(keys):
        document = procedure(h, key)
        _retire_current(document)
        version = _new_version(h, document, IN_PERIOD, approved_by=None if index == 0 else h.ceo)
        unsigned = unsigned or version
    for title in ("Capacity procedure", "Budgeting procedure"):
        document = h.build.document(title, approver=h.ceo, owner=h.ceo)
        _retire_current(document)
        _new_version(h, document, IN_PERIOD)
    return [found("s2.documents.versions-approved", "7.5.2", "minor", records=[unsigned])]


@stage2("s2.documents.versions-approved", passes=True)
def a_new_version_that_retired_the_old_one_and_an_older_update_before_the_period(h):
    _retire_current(procedure(h))
    _new_version(h, procedure(h), IN_PERIOD)
    change = procedure(h, Process.Key.CHANGE)
    _new_version(h, change, BEFORE_PERIOD)  # the old one left in force, but not in the period
    return []


@stage2("s2.documents.in-use-controlled")
def records_of_four_processes_followed_a_document_never_approved(h):
    draft = h.build.document("Triage checklist", owner=h.ceo)
    h.build.make(DocumentVersion, document=draft, version="0.1")
    uses = [
        h.build.make(
            DocumentUse, document=draft, record_type=use.record_type, record_ref=use.record_ref
        )
        for key, use in h.documents.uses.items()
        if key in (Process.Key.INCIDENT, Process.Key.CHANGE, Process.Key.PROBLEM)
    ]
    # 3 of a dozen or so uses of the period: well above 10 %, systemic.
    return [found("s2.documents.in-use-controlled", "7.5.3", "major", records=[*uses, draft])]


@stage2("s2.documents.in-use-controlled")
def one_of_many_records_followed_a_procedure_past_its_review_date(h):
    document = procedure(h)
    update_record(document, next_review_due=IN_PERIOD - dt.timedelta(days=1))
    for day in range(1, 11):  # ten more incidents of the period, before the review lapsed
        incident = h.build.incident(h.email, opened=dt.date(2024, 9, day))
        h.build.make(
            DocumentUse,
            document=document,
            record_type="operations.incident",
            record_ref=incident.ref,
        )
    lapsed = h.documents.uses[Process.Key.INCIDENT]  # the incident opened on IN_PERIOD
    return [found("s2.documents.in-use-controlled", "7.5.3", "minor", records=[lapsed, document])]


@stage2("s2.documents.in-use-controlled", passes=True)
def uses_before_the_review_lapsed_or_outside_the_period_are_not_judged(h):
    document = procedure(h)
    update_record(document, next_review_due=IN_PERIOD + dt.timedelta(days=1))
    old = h.build.incident(h.email, opened=BEFORE_PERIOD)
    draft = h.build.document("Old checklist", owner=h.ceo)
    h.build.make(DocumentUse, document=draft, record_type="operations.incident", record_ref=old.ref)
    return []


def _retired_service(h, retired_on, *, catalogued=True, sla=False):
    service = h.build.service("Fax", catalogued=catalogued)
    service = update_record(service, status=Service.Status.RETIRED, retired_on=retired_on)
    agreement = h.build.make(SLA, name="Fax SLA", service=service) if sla else None
    return service, agreement


@stage2("s2.sms-documents.follow-services")
def a_retired_service_still_in_the_catalogue_and_under_an_sla(h):
    service, sla = _retired_service(h, IN_PERIOD, sla=True)
    entry = scoped(CatalogueEntry, h.build.org).get(service=service)
    return [
        found("s2.sms-documents.follow-services", "7.5.4", "minor", records=[service, entry, sla])
    ]


@stage2("s2.sms-documents.follow-services", passes=True)
def a_service_retired_within_the_grace_or_withdrawn_everywhere(h):
    _retired_service(h, AUDIT_DATE - dt.timedelta(days=10), sla=True)
    service, sla = _retired_service(h, IN_PERIOD, sla=True)
    update_record(sla, status=SLA.Status.RETIRED)
    entry = scoped(CatalogueEntry, h.build.org).get(service=service)
    update_record(entry, status=CatalogueEntry.Status.WITHDRAWN)
    return []


def _known_error(h, on=IN_PERIOD):
    return h.build.make(
        Problem,
        title="Relay drops large mail",
        service=h.email,
        opened_at=at(on - dt.timedelta(days=5)),
        status=Problem.Status.KNOWN_ERROR,
        workaround="Send through the web client",
        known_error_at=at(on),
    )


def _article(h, problem, status=KnowledgeArticle.Status.PUBLISHED):
    return h.build.make(
        KnowledgeArticle,
        title="Large mail",
        body="Use the web client",
        problem=problem,
        status=status,
    )


@stage2("s2.knowledge.known-errors-shared")
def a_known_error_explained_by_no_published_article(h):
    problem = _known_error(h)
    _article(h, problem, status=KnowledgeArticle.Status.DRAFT)
    return [found("s2.knowledge.known-errors-shared", "7.6", "minor", records=[problem])]


@stage2("s2.knowledge.known-errors-shared", passes=True)
def known_errors_shared_recent_or_before_the_period(h):
    _article(h, _known_error(h))
    _known_error(h, AUDIT_DATE - dt.timedelta(days=5))
    _known_error(h, BEFORE_PERIOD)
    return []


@pytest.mark.parametrize("case", stage1.params())
def test_stage1_check(healthy, case):
    stage1.run(healthy, case)


@pytest.mark.parametrize("case", stage2.params())
def test_stage2_check(healthy, case):
    stage2.run(healthy, case)


# What the statements say ---------------------------------------------------------------


def test_the_followed_finding_names_the_process_and_its_procedure(healthy, as_cli):
    delete_record(healthy.documents.uses[Process.Key.SUPPLIER])
    (finding,) = findings(healthy.build.org, 2, "s2.documents.followed")
    supplier_procedure = procedure(healthy, Process.Key.SUPPLIER)
    assert "Supplier management" in finding.statement
    assert supplier_procedure.ref in finding.statement


def test_the_in_use_finding_gives_the_share_of_uses(healthy, as_cli):
    draft = healthy.build.document("Triage checklist", owner=healthy.ceo)
    healthy.build.make(
        DocumentUse, document=draft, record_type="operations.change", record_ref=healthy.change.ref
    )
    (finding,) = findings(healthy.build.org, 2, "s2.documents.in-use-controlled")
    assert finding.statement.startswith("1 of the ")
    assert "never approved or past its review date" in finding.statement
    assert "Triage checklist" in finding.statement


def test_the_plan_finding_counts_each_kind_of_lapse(healthy, as_cli):
    update_record(healthy.documents.plan, approved_at=None)
    (finding,) = findings(healthy.build.org, 1, "s1.sms-documents.approved")
    assert finding.statement.startswith("Documents the SMS is run by are not current: 1 SMS plan")
    assert "SLA" not in finding.statement
    assert scoped(SmsPlan, healthy.build.org).count() == 1
