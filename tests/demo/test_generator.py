"""The demo generator: a reproducible, internally consistent year of SMS records.

The healthy organisation satisfies every condition of the engine's check list;
with faults it carries exactly the faults documented in ``evident.demo.faults``.
"""

import datetime as dt
import statistics
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Q

from evident.agreements.models import SLA, SlaMeasurement, Supplier, SupplierReview
from evident.assurance.models import ContinuityPlan, ContinuityTest
from evident.audits.models import CorrectiveAction, InternalAudit, ManagementReview, Nonconformity
from evident.catalogue.models import CatalogueEntry, Service
from evident.core import ledger
from evident.core.context import acting
from evident.core.models import HistoryEntry, Membership, Organisation, OrgRecord, Person
from evident.core.tenancy import scoped
from evident.demo import PLANTED, SCALE_SMALL, Scale, build_organisation, remove_organisation
from evident.demo.timeline import months_before
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
)
from evident.operations.models import Change, ChangeApproval, Incident, Problem, ServiceRequest
from evident.support.models import (
    Acknowledgement,
    Communication,
    CompetenceRequirement,
    Document,
    TrainingRecord,
)

TODAY = dt.date(2026, 11, 22)
PERIOD_START = dt.date(2025, 11, 22)
END = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
START = dt.datetime(2025, 11, 22, tzinfo=dt.UTC)


def small(slug, **options):
    return build_organisation(slug, today=TODAY, scale=SCALE_SMALL, **options)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """A healthy and a faulty organisation, built once for the read-only tests."""
    with django_db_blocker.unblock():
        orgs = {"healthy": small("healthy", faults=False), "faulty": small("faulty", faults=True)}
    yield orgs
    with django_db_blocker.unblock():
        for slug in orgs:
            remove_organisation(slug)


@pytest.fixture
def healthy(built, db):
    return built["healthy"]


@pytest.fixture
def faulty(built, db):
    return built["faulty"]


def fingerprint(org) -> dict:
    """Refs and key fields of the records that carry the generated history."""
    fields = {
        Person: ("name", "job_title", "in_sms_scope", "active"),
        Change: ("title", "change_type", "requested_at", "actual_start", "outcome"),
        ChangeApproval: ("change__ref", "authority", "decided_at"),
        Incident: ("service__ref", "priority", "opened_at", "resolved_at", "problem__ref"),
        ServiceRequest: ("service__ref", "opened_at", "fulfilled_at", "status"),
        SlaMeasurement: ("target__ref", "month", "value", "met"),
        SupplierReview: ("supplier__ref", "reviewed_on", "rating"),
        Acknowledgement: ("person__ref", "acknowledged_at"),
    }
    return {
        model.__name__: list(scoped(model, org).order_by("ref").values_list("ref", *names))
        for model, names in fields.items()
    }


def record_models():
    return [m for m in apps.get_models() if issubclass(m, OrgRecord)]


def approved_in_time(change) -> bool:
    return change.approvals.filter(
        decision=ChangeApproval.Decision.APPROVED, decided_at__lte=change.actual_start
    ).exists()


def planted_deviations(org) -> dict:
    """What an auditor would find against each documented fault, computed independently."""
    changes = scoped(Change, org).exclude(change_type=Change.Type.STANDARD)
    started = changes.filter(actual_start__gte=START, actual_start__lt=END)
    reviewed = SupplierReview.objects.filter(reviewed_on__gte=PERIOD_START)
    return {
        "change_started_before_approval": [c for c in started if not approved_in_time(c)],
        "supplier_not_reviewed": list(
            scoped(Supplier, org)
            .filter(status=Supplier.Status.ACTIVE)
            .exclude(pk__in=reviewed.values("supplier"))
        ),
        "corrective_action_overdue": list(
            scoped(CorrectiveAction, org).filter(
                closed_on__isnull=True, due_date__lt=TODAY - dt.timedelta(days=30)
            )
        ),
        "procedure_review_lapsed": list(scoped(Document, org).filter(next_review_due__lt=TODAY)),
    }


# Reproducibility and the ledger


def test_the_same_seed_and_day_rebuild_the_same_records(db):
    first = small("twin")
    before = fingerprint(first)
    second = small("twin")
    assert not Organisation.objects.filter(pk=first.pk).exists()
    assert Organisation.objects.filter(slug="twin").count() == 1
    assert fingerprint(second) == before
    assert len(before["Change"]) == SCALE_SMALL.changes
    assert len(before["Incident"]) == SCALE_SMALL.incidents


def test_a_different_seed_gives_a_different_history(healthy):
    other = small("other", seed=7, faults=False)
    mine, theirs = fingerprint(healthy), fingerprint(other)
    assert mine["Incident"] != theirs["Incident"]
    assert mine["Change"] != theirs["Change"]
    assert len(mine["Incident"]) == len(theirs["Incident"])


def test_every_record_left_one_creation_entry_and_the_chain_verifies(healthy):
    entries = HistoryEntry.objects.filter(organisation=healthy)
    records = {
        (model._meta.label_lower, ref)
        for model in record_models()
        for ref in scoped(model, healthy).values_list("ref", flat=True)
    }
    created = entries.filter(action="create")
    assert created.count() == len(records)
    assert set(created.values_list("model", "object_ref")) == records
    assert set(entries.values_list("source", "actor_name")) == {("cli", "demo-generator")}
    assert ledger.verify(healthy).ok


def test_the_only_later_writes_link_changes_and_incidents_to_their_configuration_items(healthy):
    # Configuration items are named once the CMDB exists, after the changes and incidents.
    updates = HistoryEntry.objects.filter(organisation=healthy).exclude(action="create")
    assert {entry.model for entry in updates} <= {"operations.change", "operations.incident"}
    for entry in updates:
        changed = {k for k in entry.after if entry.before.get(k) != entry.after[k]}
        assert changed <= {"configuration_items", "updated_at"}, (entry.object_ref, changed)
    assert updates.count() == updates.values("model", "object_ref").distinct().count()


def test_writes_are_attributed_to_the_callers_context_when_one_is_open(db):
    with acting(source="job", actor_name="nightly-refresh"):
        org = small("attributed", faults=False)
    actors = set(HistoryEntry.objects.filter(organisation=org).values_list("source", "actor_name"))
    assert actors == {("job", "nightly-refresh")}


def test_every_kind_of_generated_record_passes_model_validation(healthy):
    for model in record_models():
        refs = list(scoped(model, healthy).order_by("ref").values_list("ref", flat=True))
        for record in scoped(model, healthy).filter(ref__in=refs[:15] + refs[-15:]):
            record.full_clean()


def test_history_ends_when_the_audit_day_begins_and_is_stored_in_utc(healthy):
    for model, field in [(Incident, "opened_at"), (Change, "requested_at"), (Problem, "opened_at")]:
        moments = scoped(model, healthy).values_list(field, flat=True)
        assert all(START <= m < END and m.utcoffset() == dt.timedelta(0) for m in moments)


# The healthy organisation, element by element


def test_people_hold_the_roles_an_sms_needs(healthy):
    people = scoped(Person, healthy)
    assert people.count() == SCALE_SMALL.people
    assert people.filter(is_top_management=True).count() == 3
    assert people.filter(job_title="Service Management Manager").count() == 1
    in_scope = people.filter(in_sms_scope=True, active=True).count()
    assert 0.75 * people.count() <= in_scope < people.count()


def test_the_approved_scope_names_every_live_service_and_the_catalogue_publishes_them(healthy):
    live = set(scoped(Service, healthy).filter(status=Service.Status.LIVE))
    scope = scoped(ScopeStatement, healthy).filter(status="approved").latest("approved_at")
    published = CatalogueEntry.objects.filter(status="published", organisation=healthy)
    assert len(live) == SCALE_SMALL.services
    assert set(scope.services.all()) == live
    assert {entry.service for entry in published} == live


def test_the_pipeline_service_is_neither_catalogued_nor_named_by_any_record(healthy):
    pipeline = scoped(Service, healthy).get(status=Service.Status.PIPELINE)
    assert not CatalogueEntry.objects.filter(service=pipeline).exists()
    for model in (Incident, ServiceRequest, Problem, Change, SLA):
        assert not scoped(model, healthy).filter(service=pipeline).exists()


def test_the_sm_policy_is_approved_by_top_management_communicated_and_acknowledged(healthy):
    policy = scoped(Document, healthy).get(doc_type=Document.Type.SM_POLICY)
    current = policy.current_version()
    assert current.approved_by.is_top_management
    sent = scoped(Communication, healthy).filter(document=policy, sent_at__lte=END)
    assert sent.count() >= 2 and all(c.sent_at > current.approved_at for c in sent)
    in_scope = scoped(Person, healthy).filter(in_sms_scope=True, active=True)
    readers = in_scope.filter(acknowledgements__document_version=current).count()
    assert 0.8 <= readers / in_scope.count() <= 0.9


def test_documents_are_approved_and_due_for_review_in_the_future(healthy):
    documents = scoped(Document, healthy)
    assert documents.filter(doc_type=Document.Type.POLICY).count() >= 3
    assert all(d.current_version() is not None for d in documents)
    assert not documents.filter(next_review_due__lt=TODAY).exists()


def test_each_clause_8_process_has_an_owner_and_an_approved_procedure(healthy):
    processes = scoped(Process, healthy)
    assert {p.key for p in processes} == set(Process.Key)
    for process in processes:
        assert process.in_scope and process.owner is not None
        assert process.procedure.doc_type == Document.Type.PROCEDURE
        assert process.procedure.current_version() is not None


def test_context_issues_both_internal_and_external_and_interested_parties_are_recorded(healthy):
    issues = scoped(ContextIssue, healthy)
    assert 6 <= issues.count() <= 10
    assert set(issues.values_list("kind", flat=True)) == {"internal", "external"}
    assert 6 <= scoped(InterestedParty, healthy).count() <= 8


def test_the_steering_committee_is_sponsored_by_top_management_and_meets_each_quarter(healthy):
    (committee,) = scoped(GoverningBody, healthy)
    assert committee.name == "SMS steering committee"
    assert committee.executive_sponsor.is_top_management and committee.chair is not None
    assert 5 <= committee.members.count() <= 7
    assert committee.meeting_interval_days == 90
    meetings = scoped(BodyMeeting, healthy)
    assert meetings.count() == 4
    assert all(m.minutes and m.decisions and m.held_on < TODAY for m in meetings)
    for meeting in meetings:
        assert 1 <= meeting.actions.count() <= 3
    for action in scoped(MeetingAction, healthy):
        if action.closed_on is None:
            assert action.due_date >= TODAY
        else:
            assert action.meeting.held_on <= action.closed_on <= action.due_date < TODAY


def test_each_process_owner_is_accountable_and_staff_are_responsible(healthy):
    accountable = scoped(RoleAssignment, healthy).filter(
        responsibility="accountable", process__isnull=False
    )
    assert sorted((a.process.key, a.person_id) for a in accountable) == sorted(
        (p.key, p.owner_id) for p in scoped(Process, healthy)
    )
    responsible = scoped(RoleAssignment, healthy).filter(responsibility="responsible")
    assert responsible.exclude(process=None).values("person").distinct().count() >= 5


def test_every_role_holder_has_current_training_for_each_requirement_of_their_roles(healthy):
    current = Q(expires_on__isnull=True) | Q(expires_on__gte=TODAY)
    trained = {
        (t.person_id, t.course_id)
        for t in scoped(TrainingRecord, healthy).filter(current, completed_on__lt=TODAY)
    }
    required = {}
    for requirement in scoped(CompetenceRequirement, healthy):
        required.setdefault(requirement.role, set()).add(requirement.course_id)
    assignments = scoped(RoleAssignment, healthy)
    assert {a.role for a in assignments} == set(required)
    for assignment in assignments:
        assert {(assignment.person_id, c) for c in required[assignment.role]} <= trained


def test_objectives_risks_and_plan_milestones_are_owned_and_dated(healthy):
    for objective in scoped(Objective, healthy).filter(status=Objective.Status.ACTIVE):
        assert objective.is_measurable and objective.owner and objective.due_date > TODAY
    for risk in scoped(Risk, healthy).exclude(status=Risk.Status.CLOSED):
        assert risk.owner and risk.treatment and risk.review_due >= TODAY
    milestones = scoped(Milestone, healthy)
    assert milestones.filter(status="done").count() >= 3
    for milestone in milestones:
        if milestone.status == Milestone.Status.DONE:
            assert milestone.due_date <= TODAY and milestone.completed_on <= TODAY
        else:
            assert milestone.due_date > TODAY


def test_every_sla_target_is_measured_in_each_of_the_last_twelve_months(healthy):
    months = [months_before(dt.date(2026, 11, 1), n) for n in range(12, 0, -1)]
    for sla in scoped(SLA, healthy):
        assert sla.status == SLA.Status.AGREED
        assert months_before(TODAY, 15) <= sla.agreed_on <= months_before(TODAY, 13)
        assert 2 <= sla.targets.count() <= 3
        for target in sla.targets.all():
            measured = list(target.measurements.values_list("month", "value", "met"))
            assert [m for m, _, _ in measured] == months
            assert all(met == target.is_met_by(value) for _, value, met in measured)
        assert sla.reviews.filter(reviewed_on__gte=PERIOD_START).count() == 4


def test_every_active_supplier_has_a_contract_and_a_review_each_quarter(healthy):
    for supplier in scoped(Supplier, healthy).filter(status=Supplier.Status.ACTIVE):
        assert supplier.contract_ref and supplier.services.exists()
        assert supplier.reviews.filter(reviewed_on__gte=PERIOD_START).count() == 4


def test_incidents_cluster_in_working_hours_and_critical_ones_are_rare(healthy):
    incidents = list(scoped(Incident, healthy))
    months = Counter((i.opened_at.year, i.opened_at.month) for i in incidents)
    assert len(months) >= 12
    working = [i for i in incidents if i.opened_at.weekday() < 5 and 7 <= i.opened_at.hour < 19]
    assert len(working) / len(incidents) > 0.75
    assert sum(i.priority == 1 for i in incidents) / len(incidents) < 0.05
    hours = {
        p: statistics.median(
            (i.resolved_at - i.opened_at).total_seconds() / 3600
            for i in incidents
            if i.priority == p and i.resolved_at
        )
        for p in (2, 4)
    }
    assert hours[2] < hours[4]


def test_some_incidents_follow_changes_and_problems_link_recurring_incidents(healthy):
    caused = scoped(Incident, healthy).filter(caused_by_change__isnull=False)
    assert caused.exists()
    assert all(i.opened_at > i.caused_by_change.actual_start for i in caused)
    for problem in scoped(Problem, healthy):
        linked = problem.incidents.all()
        assert linked and all(i.service_id == problem.service_id for i in linked)
    assert scoped(ServiceRequest, healthy).filter(opened_at__gte=START).exists()


def test_changes_are_mostly_normal_and_approved_before_they_start(healthy):
    changes = scoped(Change, healthy)
    kinds = Counter(changes.values_list("change_type", flat=True))
    assert kinds["normal"] > kinds["standard"] > kinds["emergency"] > 0
    implemented = changes.filter(actual_start__isnull=False)
    outcomes = Counter(implemented.values_list("outcome", flat=True))
    assert outcomes["successful"] / implemented.count() > 0.9
    assert outcomes["failed"] + outcomes["backed_out"] > 0
    for change in implemented.exclude(change_type=Change.Type.STANDARD):
        assert approved_in_time(change), change.ref
    emergency_approvals = ChangeApproval.objects.filter(change__change_type="emergency")
    assert set(emergency_approvals.values_list("authority", flat=True)) == {"ecab"}


def test_emergency_and_failed_changes_have_a_post_implementation_review(healthy):
    needing = scoped(Change, healthy).filter(
        Q(change_type=Change.Type.EMERGENCY) | Q(outcome__in=["failed", "backed_out"]),
        actual_end__isnull=False,
    )
    assert needing.exists()
    for change in needing:
        assert change.actual_end <= change.review_completed_at < END, change.ref


def test_continuity_plans_are_approved_and_tested_in_the_period(healthy):
    plans = scoped(ContinuityPlan, healthy)
    assert plans.count() == SCALE_SMALL.continuity_plans
    for plan in plans:
        assert plan.status == ContinuityPlan.Status.APPROVED
        assert ContinuityTest.objects.filter(plan=plan, tested_on__gte=PERIOD_START).exists()


def test_internal_audits_cover_clauses_4_to_10_and_one_is_planned(healthy):
    audits = scoped(InternalAudit, healthy)
    completed = audits.filter(status="completed", completed_on__range=(PERIOD_START, TODAY))
    covered = {c.split(".")[0] for a in completed for c in a.clauses.split(",")}
    assert covered == {"4", "5", "6", "7", "8", "9", "10"}
    assert audits.filter(status="planned", planned_date__gt=TODAY).exists()


def test_a_management_review_was_held_four_months_ago_and_one_is_planned(healthy):
    reviews = scoped(ManagementReview, healthy)
    latest = reviews.filter(status="held").latest("held_on")
    assert 100 <= (TODAY - latest.held_on).days <= 140
    assert reviews.filter(status="planned", planned_date__gt=TODAY).exists()


def test_nonconformities_are_closed_with_effective_corrective_actions(healthy):
    nonconformities = scoped(Nonconformity, healthy)
    assert nonconformities.count() == 3
    assert all(nc.status == "closed" and nc.closure_verified for nc in nonconformities)
    for action in scoped(CorrectiveAction, healthy):
        assert action.closed_on <= action.due_date
        assert action.effectiveness == "effective" and action.effectiveness_checked_on <= TODAY


# Planted faults


def test_the_healthy_organisation_has_none_of_the_planted_faults(healthy):
    assert planted_deviations(healthy) == {fault.key: [] for fault in PLANTED}


def test_faults_plants_exactly_the_documented_faults(faulty):
    found = planted_deviations(faulty)
    assert set(found) == {fault.key for fault in PLANTED}
    assert all(len(records) == 1 for records in found.values())

    (change,) = found["change_started_before_approval"]
    assert change.change_type == Change.Type.NORMAL and change.approvals.count() == 1
    assert not change.caused_incidents.exists()
    (action,) = found["corrective_action_overdue"]
    assert action.due_date == TODAY - dt.timedelta(days=45)
    assert action.nonconformity.status == Nonconformity.Status.OPEN
    (document,) = found["procedure_review_lapsed"]
    assert scoped(Process, faulty).get(procedure=document).key == Process.Key.RELEASE
    assert document.current_version() is not None


# What the engine concludes


def judge(org):
    from evident.audits.engine import run_evaluation

    stage1 = run_evaluation(org, 1, audit_date=TODAY)
    stage2 = run_evaluation(org, 2, audit_date=TODAY)
    return stage1, stage2


def test_the_engine_finds_the_healthy_organisation_ready_and_recommends_it(healthy, as_cli):
    stage1, stage2 = judge(healthy)
    assert (stage1.outcome, list(stage1.findings.all())) == ("ready", [])
    assert stage2.recommendation == "recommended"
    assert not stage2.findings.exclude(grade="ofi").exists()


def test_the_engine_finds_exactly_the_planted_faults(faulty, as_cli):
    stage1, stage2 = judge(faulty)
    assert stage1.outcome == "conditionally_ready"
    assert stage2.recommendation == "recommended_after_cap"
    found = {
        (f.evaluation.stage, f.clause, f.grade, f.severity)
        for evaluation in (stage1, stage2)
        for f in evaluation.findings.exclude(grade="ofi")
    }
    assert found == {(p.stage, p.clause, p.grade, p.severity) for p in PLANTED}


# Presets and the command


def test_scales_refuse_volumes_the_generator_cannot_staff():
    with pytest.raises(ValueError):
        Scale(services=20)
    with pytest.raises(ValueError):
        Scale(people=10)


def test_the_demo_command_builds_audits_and_creates_the_demo_logins(db, capsys):
    call_command("demo", "--no-serve", "--scale", "small")
    out = capsys.readouterr().out
    assert "Stage 1 (readiness)" in out and "Stage 2 (effectiveness)" in out
    assert "sign in as demo / demo" in out
    roles = dict(
        Membership.objects.filter(organisation__slug="demo").values_list("user__username", "role")
    )
    assert roles == {"demo": "sms_manager", "auditor": "external_auditor"}
    demo = Organisation.objects.get(slug="demo")
    actors = HistoryEntry.objects.filter(organisation=demo).values_list("actor_name", flat=True)
    assert set(actors) == {"demo-generator", "evident-demo"}
    assert ledger.verify(demo).ok


def test_rebuilding_removes_every_record_of_the_earlier_organisation_whatever_links_it(db):
    from evident.agreements.models import SLA, BusinessCalendar
    from evident.core import services
    from evident.core.context import acting
    from evident.core.tenancy import scoped

    first = build_organisation("again", seed=3, today=TODAY, scale=SCALE_SMALL, faults=False)
    with acting(source="cli", actor_name="test"):
        calendar = services.create_record(
            BusinessCalendar,
            first,
            name="Office hours",
            time_zone="Europe/London",
            working_hours={"monday": [["09:00", "17:00"]]},
        )
        for sla in scoped(SLA, first):
            services.update_record(sla, calendar=calendar)

    second = build_organisation("again", seed=3, today=TODAY, scale=SCALE_SMALL, faults=False)

    assert second.pk != first.pk
    assert not BusinessCalendar.objects.filter(organisation_id=first.pk).exists()
