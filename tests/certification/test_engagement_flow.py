"""A Stage 1 and a Stage 2 audit run entirely through the service layer, plan to decision."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evident.audits import services as audits
from evident.audits.models import Nonconformity, Sample
from evident.certification import fieldwork, services
from evident.certification.interview_guide import questions_for
from evident.certification.models import AuditEngagement, EngagementFinding, SampleJudgement
from evident.certification.recommendation import current_recommendation
from evident.core.models import HistoryEntry, Role
from evident.core.services import model_label
from tests.audits.builders import AUDIT_DATE, SEED, healthy_fixtures

from .helpers import as_user, auditor_person, give_fieldwork_something_to_find, user_with_role

healthy_template, healthy = healthy_fixtures()
INCIDENTS = "Incidents resolved in the period"


@pytest.fixture
def org(healthy):
    give_fieldwork_something_to_find(healthy)
    return healthy.build.org


@pytest.fixture
def auditor(org):
    return user_with_role(org, Role.EXTERNAL_AUDITOR, "auditor")


@pytest.fixture
def staff(org):
    return user_with_role(org, Role.SMS_MANAGER, "sms-manager")


def plan(org, user, kind, title):
    with as_user(user):
        return services.plan_engagement(
            org, title=title, kind=kind, audit_date=AUDIT_DATE, lead_auditor=auditor_person(org)
        )


SUPPLIER_CHECK = "s2.supplier.reviewed"


def set_aside_drafts_except(engagement, check_id: str | None = None) -> list[EngagementFinding]:
    """Withdraw every draft but those of ``check_id``: each test looks at one finding at a time."""
    kept = []
    for finding in engagement.findings.filter(status="draft"):
        if check_id and finding.key.split(":")[0] == check_id:
            kept.append(finding)
        else:
            services.withdraw_finding(finding, reason="Not in the part of the audit tested here.")
    return kept


def named_by_findings(engagement) -> set[str]:
    return {r["ref"] for f in engagement.evaluation.findings.all() for r in f.records}


def history_of(record) -> list[str]:
    entries = HistoryEntry.objects.filter(model=model_label(type(record)), object_id=record.pk)
    return list(entries.order_by("seq").values_list("action", flat=True))


def test_stage1_the_auditor_reviews_the_draft_and_issues_conditionally_ready(org, auditor, staff):
    engagement = plan(org, staff, AuditEngagement.Kind.STAGE1, "Stage 1 readiness review")
    assert (engagement.state, engagement.period_start) == ("planned", dt.date(2024, 6, 30))

    with as_user(auditor):
        services.start_fieldwork(engagement, seed=SEED)
        assert (engagement.state, engagement.evaluation.stage) == ("fieldwork", 1)
        assert engagement.findings.count() == engagement.evaluation.findings.count()
        set_aside_drafts_except(engagement)
        assert current_recommendation(engagement) == "ready"
        concern = services.add_auditor_finding(
            engagement,
            clause="6.2",
            grade="area_of_concern",
            severity="low",
            statement="Two objectives have no owner named.",
            requirement="Each objective has an owner answerable for it.",
            reason="Seen in the objectives register.",
        )
        assert current_recommendation(engagement) == "ready"
        services.regrade_finding(
            concern, grade="area_of_concern", severity="medium", reason="Both are customer-facing."
        )
        assert current_recommendation(engagement) == "conditionally_ready"
        decision = services.issue_stage1_outcome(engagement)
        engagement.refresh_from_db()
        services.close_engagement(engagement)

    assert decision.decision == "conditionally_ready"
    assert [c["ref"] for c in decision.concerns_to_resolve] == [concern.ref]
    assert decision.decided_by_name == "auditor"
    concern.refresh_from_db()
    assert (concern.status, concern.severity) == ("changed", "medium")
    assert concern.reason == "Both are customer-facing."
    assert history_of(concern) == ["create", "update"]
    assert engagement.state == "closed"
    assert history_of(engagement) == ["create", "update", "update", "update"]


def test_stage2_fieldwork_findings_plans_and_decision(org, auditor, staff, healthy):
    engagement = plan(org, staff, AuditEngagement.Kind.STAGE2, "Stage 2 certification audit")
    with as_user(auditor):
        services.start_fieldwork(engagement, seed=SEED)

    # The engine's findings are drafts; the unreviewed supplier is a minor.
    assert {f.status for f in engagement.findings.all()} == {"draft"}
    with as_user(auditor):
        (supplier_finding,) = set_aside_drafts_except(engagement, SUPPLIER_CHECK)
    assert (supplier_finding.grade, supplier_finding.origin) == ("minor", "engine")
    assert healthy.supplier.ref in {r["ref"] for r in supplier_finding.records}

    # Fieldwork: the incident population is sampled by the table, and judged.
    sample = Sample.objects.get(evaluation=engagement.evaluation, population=INCIDENTS)
    assert (sample.population_size, sample.sample_size) == (41, 20)
    views = {v.sample.pk: v for v in fieldwork.fieldwork_samples(engagement)}
    rows = views[sample.pk].rows
    named = named_by_findings(engagement)
    assert [r.engine_verdict for r in rows] == [
        "nonconforming" if r.record["ref"] in named else "conforming" for r in rows
    ]
    assert [a["attribute"] for a in rows[0].attributes][0].startswith("Logged with the service")
    first, second = (row.record["ref"] for row in rows[:2])
    with as_user(auditor):
        fieldwork.judge_sample_record(
            engagement, sample=sample, record_ref=first, verdict="conforming"
        )
        judged = fieldwork.judge_sample_record(
            engagement,
            sample=sample,
            record_ref=second,
            verdict="nonconforming",
            note="Closed without the user's confirmation.",
        )
        extra = fieldwork.draw_additional_sample(engagement, population=INCIDENTS)
        interview = fieldwork.record_interview(
            engagement,
            interviewee=healthy.staff[0],
            role="staff",
            held_on=AUDIT_DATE,
            clauses=["8.6"],
            answers=[
                {"question": q, "answer": "We close once the user agrees."}
                for q in questions_for("8.6", "staff")
            ],
            evidence_seen="Two incident records on screen.",
        )
        services.confirm_finding(supplier_finding)
        own = services.add_auditor_finding(
            engagement,
            clause="8.6.1",
            grade="minor",
            statement="An incident was closed without the user's confirmation.",
            requirement="Incidents are closed only once the service is confirmed restored.",
            reason="One of 20 sampled incidents; staff interview confirms the practice varies.",
            samples=[sample],
            interviews=[interview],
            records=[judged.record],
        )
    assert judged.engine_verdict == rows[1].engine_verdict and judged.verdict == "nonconforming"
    assert extra.sample_size == 20 and extra.population_size == 21
    assert not {r["ref"] for r in extra.records} & {r["ref"] for r in sample.records}
    assert fieldwork.redraw(extra) == extra.records
    assert list(own.interviews.all()) == [interview]
    assert own.engine_samples == [sample.ref]
    assert current_recommendation(engagement) == "recommended_after_cap"

    with as_user(auditor):
        services.issue_stage2_findings(engagement)
    engagement.refresh_from_db()
    assert engagement.state == "awaiting_cap"
    standing = engagement.findings.exclude(status="withdrawn").select_related("nonconformity")
    ncs = {f.ref: f.nonconformity for f in standing}
    assert set(ncs) == {supplier_finding.ref, own.ref}
    assert all(nc.source == "external_audit" and nc.grade == "minor" for nc in ncs.values())
    assert ncs[supplier_finding.ref].finding_key == supplier_finding.key

    with as_user(auditor), pytest.raises(ValidationError) as refused:
        services.record_decision(engagement, decision="certify", rationale="All good.")
    assert "decision" in refused.value.message_dict

    # The organisation answers each nonconformity; the auditor returns one, then accepts.
    plans = {}
    with as_user(staff):
        for ref, nc in ncs.items():
            plans[ref] = audits.draft_action_plan(
                nc,
                correction="Put it right now.",
                root_cause="No reminder in the procedure.",
                corrective_action="Add the step to the procedure and train staff.",
                owner=healthy.ceo,
                due_date=dt.date(2025, 8, 31),
            )
            audits.submit_action_plan(plans[ref])
    with as_user(auditor):
        audits.return_action_plan(plans[own.ref], reason="The root cause is a symptom.")
    with as_user(staff):
        audits.submit_action_plan(
            plans[own.ref], root_cause="Closure rule missing from the incident tool."
        )
    with as_user(auditor):
        audits.accept_action_plan(plans[supplier_finding.ref])
        assert current_recommendation(engagement) == "recommended_after_cap"
        audits.accept_action_plan(plans[own.ref])
        assert current_recommendation(engagement) == "recommended"
        decision = services.record_decision(
            engagement, decision="certify", rationale="Both minors answered by accepted plans."
        )
        engagement.refresh_from_db()
        services.close_engagement(engagement)

    assert (decision.recommendation, decision.decision) == ("recommended", "certify")
    assert engagement.state == "closed"
    assert history_of(plans[own.ref]) == ["create", "update", "update", "update", "update"]


def test_a_major_holds_the_recommendation_until_its_closure_is_verified(org, auditor, staff):
    engagement = plan(org, staff, AuditEngagement.Kind.STAGE2, "Stage 2")
    with as_user(auditor):
        services.start_fieldwork(engagement, seed=SEED)
        (finding,) = set_aside_drafts_except(engagement, SUPPLIER_CHECK)
        services.regrade_finding(finding, grade="major", reason="The supplier runs the mail.")
        services.issue_stage2_findings(engagement)
        finding.refresh_from_db()
        assert current_recommendation(engagement) == "not_recommended"
        with pytest.raises(ValidationError):
            services.record_decision(engagement, decision="certify_after_cap", rationale="x")
        with pytest.raises(ValidationError) as no_evidence:
            services.verify_closure(finding, evidence=" ")
        assert "evidence" in no_evidence.value.message_dict
        services.verify_closure(finding, evidence="Review held 2025-07-10; minutes seen.")
    finding.nonconformity.refresh_from_db()
    assert finding.nonconformity.status == Nonconformity.Status.CLOSED
    assert finding.nonconformity.closure_verified
    assert current_recommendation(engagement) == "recommended"


def test_only_auditors_judge_grade_and_decide(org, auditor, staff):
    engagement = plan(org, staff, AuditEngagement.Kind.STAGE2, "Stage 2")
    viewer = user_with_role(org, Role.VIEWER, "viewer")
    with as_user(viewer), pytest.raises(PermissionDenied):
        services.plan_engagement(org, title="x", kind="stage2", audit_date=AUDIT_DATE)
    with as_user(staff), pytest.raises(PermissionDenied):
        services.start_fieldwork(engagement)
    with as_user(auditor):
        services.start_fieldwork(engagement, seed=SEED)
    finding = engagement.findings.get(key__startswith=SUPPLIER_CHECK)
    sample = Sample.objects.get(evaluation=engagement.evaluation, population=INCIDENTS)
    refused = [
        lambda: services.confirm_finding(finding),
        lambda: services.regrade_finding(finding, grade="major", reason="x"),
        lambda: services.withdraw_finding(finding, reason="x"),
        lambda: fieldwork.judge_sample_record(
            engagement, sample=sample, record_ref=sample.records[0]["ref"], verdict="conforming"
        ),
        lambda: services.record_decision(engagement, decision="do_not_certify", rationale="x"),
    ]
    for attempt in refused:
        with as_user(staff), pytest.raises(PermissionDenied):
            attempt()
    internal = user_with_role(org, Role.INTERNAL_AUDITOR, "internal-auditor")
    with as_user(internal):
        services.confirm_finding(finding)
    assert EngagementFinding.objects.get(pk=finding.pk).status == "confirmed"


def test_each_verb_names_the_state_it_needs(org, auditor, staff):
    engagement = plan(org, staff, AuditEngagement.Kind.STAGE2, "Stage 2")
    with as_user(auditor):
        with pytest.raises(ValidationError) as early:
            services.issue_stage2_findings(engagement)
        assert "planned" in early.value.message_dict["state"][0]
        services.start_fieldwork(engagement, seed=SEED)
        with pytest.raises(ValidationError) as twice:
            services.start_fieldwork(engagement)
        assert "fieldwork" in twice.value.message_dict["state"][0]
        with pytest.raises(ValidationError) as drafts:
            services.issue_stage2_findings(engagement)
        assert "findings" in drafts.value.message_dict
        with pytest.raises(ValidationError) as wrong_stage:
            services.issue_stage1_outcome(engagement)
        assert "kind" in wrong_stage.value.message_dict
        (finding,) = set_aside_drafts_except(engagement, SUPPLIER_CHECK)
        with pytest.raises(ValidationError) as no_reason:
            services.withdraw_finding(finding, reason="  ")
        assert "reason" in no_reason.value.message_dict
        with pytest.raises(ValidationError) as wrong_grade:
            services.regrade_finding(finding, grade="area_of_concern", reason="x")
        assert "grade" in wrong_grade.value.message_dict
        services.withdraw_finding(finding, reason="Supplier reviewed outside the tool; seen.")
        services.issue_stage2_findings(engagement)
        engagement.refresh_from_db()
        assert engagement.state == "reporting"
        with pytest.raises(ValidationError) as closed_early:
            services.close_engagement(engagement)
        assert "reporting" in closed_early.value.message_dict["state"][0]


def test_a_nonconforming_judgement_needs_a_note_and_a_sampled_record(org, auditor, staff):
    engagement = plan(org, staff, AuditEngagement.Kind.STAGE2, "Stage 2")
    with as_user(auditor):
        services.start_fieldwork(engagement, seed=SEED)
        sample = Sample.objects.get(evaluation=engagement.evaluation, population=INCIDENTS)
        record_ref = sample.records[0]["ref"]
        with pytest.raises(ValidationError) as no_note:
            fieldwork.judge_sample_record(
                engagement, sample=sample, record_ref=record_ref, verdict="nonconforming"
            )
        assert "note" in no_note.value.message_dict
        with pytest.raises(ValidationError) as not_sampled:
            fieldwork.judge_sample_record(
                engagement, sample=sample, record_ref="INC999999", verdict="conforming"
            )
        assert "record_ref" in not_sampled.value.message_dict
        fieldwork.judge_sample_record(
            engagement, sample=sample, record_ref=record_ref, verdict="conforming"
        )
        again = fieldwork.judge_sample_record(
            engagement, sample=sample, record_ref=record_ref, verdict="nonconforming", note="No"
        )
    assert SampleJudgement.objects.filter(engagement=engagement).count() == 1
    assert again.verdict == "nonconforming"
