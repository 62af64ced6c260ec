"""Checks of 4.1, 4.2, 4.4, 5.2.1, 5.2.2, 5.3, 9.4 and 10.1 at the stages that lacked one.

Each case starts from the healthy organisation (with ``context_policy_records``),
breaks or bends one thing, and says what the named check finds.
"""

import datetime as dt

import pytest

from evident.audits.models import CorrectiveActionPlan, Nonconformity, ServiceReport
from evident.audits.services import draft_action_plan
from evident.core.services import bulk_delete_records, create_record, delete_record, update_record
from evident.core.tenancy import scoped
from evident.governance.models import (
    ContextIssue,
    InterestedParty,
    Process,
    RoleAssignment,
)
from evident.operations.models import Change, Incident, Problem
from evident.support.models import Communication, Document, DocumentVersion

from .builders import (
    AUDIT_DATE,
    BEFORE_PERIOD,
    FUTURE,
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
AFTER_THE_NEWS = dt.date(2025, 4, 1)  # after the healthy policy communication of IN_PERIOD

healthy_template, healthy = healthy_fixtures()


def test_the_healthy_organisation_raises_no_concern_and_no_finding_here(healthy):
    ours = {case.check_id for case in stage1.cases + stage2.cases}
    assert [f for f in findings(healthy.build.org, 1) if f.check_id in ours] == []
    assert [f for f in findings(healthy.build.org, 2) if f.check_id in ours] == []


def _communication(h):
    return scoped(Communication, h.build.org).get(document=h.policy)


def _new_policy_version(h, approved_on=AFTER_THE_NEWS, approver=None, retire_old=True):
    if retire_old:
        update_record(h.policy_version, status=DocumentVersion.Status.RETIRED)
    return h.build.version(h.policy, approver or h.ceo, "2.0", at(approved_on))


# Stage 1 ------------------------------------------------------------------------------


@stage1("s1.sms.processes-included")
def processes_recorded_outside_the_sms(h):
    release = update_record(h.processes["release"], in_scope=False)
    continuity = update_record(h.processes["continuity"], in_scope=False)
    return [found("s1.sms.processes-included", "4.4", AOC, "medium", [release, continuity])]


@stage1("s1.policy.one-in-force")
def the_old_policy_version_is_still_marked_approved(h):
    _new_policy_version(h, retire_old=False)
    return [found("s1.policy.one-in-force", "5.2.1", AOC, "low", [h.policy_version])]


@stage1("s1.policy.one-in-force")
def two_policy_documents_are_in_force(h):
    rival = h.build.document("IT service policy", Document.Type.SM_POLICY, approver=h.ceo)
    return [found("s1.policy.one-in-force", "5.2.1", AOC, "low", [h.policy, rival])]


@stage1("s1.policy.one-in-force", passes=True)
def a_new_version_with_the_old_one_retired_is_one_policy(h):
    _new_policy_version(h)
    return []


@stage1("s1.policy.version-issued")
def the_new_policy_version_was_never_issued(h):
    version = _new_policy_version(h)
    return [found("s1.policy.version-issued", "5.2.2", AOC, "low", [version, _communication(h)])]


@stage1("s1.policy.version-issued", passes=True)
def the_new_version_issued_after_its_approval(h):
    _new_policy_version(h)
    h.build.make(
        Communication,
        subject="Policy 2.0",
        document=h.policy,
        sent_at=at(AFTER_THE_NEWS + dt.timedelta(days=2)),
    )
    return []


@stage1("s1.service-report.set-up")
def no_service_ever_reported_on(h):
    bulk_delete_records(scoped(ServiceReport, h.build.org))
    return [found("s1.service-report.set-up", "9.4", AOC, "medium", [h.email, h.payroll])]


@stage1("s1.service-report.set-up")
def a_service_in_scope_never_reported_on(h):
    hr = h.build.service("HR portal")
    update_record(h.scope, services=[h.email.pk, h.payroll.pk, hr.pk])
    return [found("s1.service-report.set-up", "9.4", AOC, "low", [hr])]


@stage1("s1.service-report.set-up", passes=True)
def a_live_service_outside_the_scope_needs_no_report(h):
    h.build.service("HR portal")
    return []


def _open_nonconformity(h, **fields):
    return create_record(
        Nonconformity,
        h.build.org,
        title="Changes closed without review",
        source=Nonconformity.Source.INTERNAL_AUDIT,
        **{"raised_on": IN_PERIOD, **fields},
    )


@stage1("s1.nonconformity.in-hand")
def an_open_nonconformity_nobody_answers_for(h):
    nc = _open_nonconformity(h)
    return [found("s1.nonconformity.in-hand", "10.1", AOC, "low", [nc])]


@stage1("s1.nonconformity.in-hand")
def a_major_nonconformity_left_adrift_and_one_whose_plan_was_returned(h):
    major = _open_nonconformity(h, grade=Nonconformity.Grade.MAJOR)
    minor = _open_nonconformity(h, owner=h.ceo)
    plan = draft_action_plan(minor, correction="Stopped")
    update_record(plan, status=CorrectiveActionPlan.Status.RETURNED, return_reason="No cause")
    return [found("s1.nonconformity.in-hand", "10.1", AOC, "medium", [major, minor])]


@stage1("s1.nonconformity.in-hand", passes=True)
def open_nonconformities_with_a_plan_or_an_owner_and_date(h):
    draft_action_plan(_open_nonconformity(h), correction="Stopped the practice")
    _open_nonconformity(h, owner=h.ceo, due_date=FUTURE)
    return []


@stage1("s1.nonconformity.in-hand", passes=True)
def a_nonconformity_raised_last_week_may_still_await_its_plan(h):
    _open_nonconformity(h, raised_on=AUDIT_DATE - dt.timedelta(days=7))
    return []


# Stage 2 ------------------------------------------------------------------------------


@stage2("s2.context.issues-reviewed")
def no_context_issue_at_all(h):
    bulk_delete_records(scoped(ContextIssue, h.build.org))
    return [found("s2.context.issues-reviewed", "4.1", "minor")]


@stage2("s2.context.issues-reviewed")
def one_issue_past_its_review_date(h):
    issue = scoped(ContextIssue, h.build.org).order_by("ref").first()
    update_record(issue, review_due=AUDIT_DATE - dt.timedelta(days=1))
    return [found("s2.context.issues-reviewed", "4.1", "ofi", records=[issue])]


@stage2("s2.context.issues-reviewed")
def every_issue_recorded_before_the_period_and_not_reviewed(h):
    issues = list(scoped(ContextIssue, h.build.org).order_by("ref"))
    for issue in issues:
        update_record(issue, recorded_on=BEFORE_PERIOD)
    return [found("s2.context.issues-reviewed", "4.1", "minor", records=issues)]


@stage2("s2.context.issues-reviewed", passes=True)
def an_old_issue_whose_review_is_still_ahead_is_current(h):
    for issue in scoped(ContextIssue, h.build.org):
        update_record(issue, recorded_on=BEFORE_PERIOD, review_due=FUTURE)
    return []


@stage2("s2.parties.reviewed")
def one_party_last_reviewed_before_the_period(h):
    party = scoped(InterestedParty, h.build.org).order_by("ref").first()
    update_record(party, reviewed_on=BEFORE_PERIOD)
    return [found("s2.parties.reviewed", "4.2", "ofi", records=[party])]


@stage2("s2.parties.reviewed")
def no_party_reviewed_in_the_period(h):
    parties = list(scoped(InterestedParty, h.build.org).order_by("ref"))
    for party in parties:
        update_record(party, reviewed_on=None)
    return [found("s2.parties.reviewed", "4.2", "minor", records=parties)]


@stage2("s2.sms.work-inside")
def incidents_handled_while_incident_management_is_out_of_scope(h):
    process = update_record(h.processes["incident"], in_scope=False)
    incidents = scoped(Incident, h.build.org).filter(opened_at__gte=at(dt.date(2024, 6, 30)))
    return [
        found(
            "s2.sms.work-inside:incident",
            "4.4",
            "major",
            records=[process, *incidents.order_by("ref")],
        )
    ]


@stage2("s2.sms.work-inside")
def changes_made_with_no_change_process_defined(h):
    delete_record(h.processes["change"])
    changes = scoped(Change, h.build.org).filter(requested_at__gte=at(dt.date(2024, 6, 30)))
    return [found("s2.sms.work-inside:change", "4.4", "major", records=changes.order_by("ref"))]


@stage2("s2.sms.work-inside", passes=True)
def work_before_the_period_does_not_count(h):
    update_record(h.processes["problem"], in_scope=False)
    for problem in scoped(Problem, h.build.org):
        update_record(problem, opened_at=at(BEFORE_PERIOD))
    return []


@stage2("s2.roles.holders-active")
def a_role_holder_has_left(h):
    analyst = update_record(h.leadership.analyst, active=False)
    held = scoped(RoleAssignment, h.build.org).filter(person=analyst).order_by("ref")
    return [found("s2.roles.holders-active", "5.3", "minor", records=list(held))]


@stage2("s2.roles.holders-active")
def the_process_owner_has_left(h):
    owner = update_record(h.leadership.owner, active=False)
    held = scoped(RoleAssignment, h.build.org).filter(person=owner).order_by("ref")
    owned = scoped(Process, h.build.org).filter(owner=owner).order_by("ref")
    return [found("s2.roles.holders-active", "5.3", "minor", records=[*held, *owned])]


@stage2("s2.policy.endorsed")
def the_policy_in_force_was_approved_below_top_management(h):
    update_record(h.policy_version, approved_by=h.staff[0])
    return [found("s2.policy.endorsed", "5.2.1", "minor", records=[h.policy_version])]


@stage2("s2.policy.endorsed")
def a_version_in_force_early_in_the_period_had_no_approver(h):
    _new_policy_version(h)
    update_record(h.policy_version, approved_by=None)
    return [found("s2.policy.endorsed", "5.2.1", "minor", records=[h.policy_version])]


@stage2("s2.policy.endorsed", passes=True)
def a_version_replaced_before_the_period_is_not_judged(h):
    update_record(h.policy_version, approved_by=None, status=DocumentVersion.Status.RETIRED)
    _new_policy_version(h, approved_on=BEFORE_PERIOD)
    return []


@stage2("s2.policy.version-communicated")
def only_the_replaced_version_was_communicated(h):
    version = _new_policy_version(h)
    return [
        found(
            "s2.policy.version-communicated",
            "5.2.2",
            "minor",
            records=[version, _communication(h)],
        )
    ]


@stage2("s2.policy.version-communicated")
def the_policy_was_last_communicated_before_the_period(h):
    news = update_record(_communication(h), sent_at=at(BEFORE_PERIOD))
    return [
        found("s2.policy.version-communicated", "5.2.2", "ofi", records=[h.policy_version, news])
    ]


@stage2("s2.policy.version-communicated", passes=True)
def no_communication_at_all_is_judged_under_5_2(h):
    delete_record(_communication(h))
    return []


@pytest.mark.parametrize("case", stage1.params())
def test_stage1_check(healthy, case):
    stage1.run(healthy, case)


@pytest.mark.parametrize("case", stage2.params())
def test_stage2_check(healthy, case):
    stage2.run(healthy, case)


def test_work_outside_the_sms_is_named_by_process_and_record_type(healthy):
    update_record(healthy.processes["incident"], in_scope=False)
    (finding,) = findings(healthy.build.org, 2, "s2.sms.work-inside")
    assert "Incident management" in finding.statement
    assert "incidents opened" in finding.statement
    assert healthy.processes["incident"].ref in finding.statement


def test_a_policy_version_set_below_top_management_names_who_approved_it(healthy):
    update_record(healthy.policy_version, approved_by=healthy.staff[0])
    (finding,) = findings(healthy.build.org, 2, "s2.policy.endorsed")
    assert f"{healthy.staff[0].name}, not top management" in finding.statement
    assert healthy.policy_version.ref in finding.statement
