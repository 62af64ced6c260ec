"""Checks of clauses 9 and 10 in depth: KPIs, the audit programme, review inputs and
outputs, service reports, recurrence and the improvement register.

Each case starts from the healthy organisation with its performance evaluation
records (``evaluation_records``), breaks or bends one thing, and says what the
named check finds.
"""

import copy
import datetime as dt

import pytest
from django.db import transaction

from evident.audits.models import (
    AuditProgramme,
    Evaluation,
    Finding,
    Improvement,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    ServiceReport,
)
from evident.audits.services import decide_improvement
from evident.core.models import Organisation
from evident.core.services import (
    bulk_delete_records,
    create_record,
    delete_record,
    update_record,
)
from evident.core.tenancy import scoped
from evident.governance.models import Objective, Process

from .builders import AUDIT_DATE, IN_PERIOD, Cases, findings, found, healthy_org

AOC = "area_of_concern"
stage1 = Cases(stage=1)
stage2 = Cases(stage=2)


@pytest.fixture(scope="module")
def healthy_template(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        org = Organisation.objects.create(slug="healthy", name="Healthy Hosting")
        h = healthy_org(org)  # clause 9 and 10 records included
        yield h
        transaction.set_rollback(True)


@pytest.fixture
def healthy(healthy_template, db):
    return copy.deepcopy(healthy_template)


def test_the_healthy_organisation_raises_no_concern_and_no_finding_here(healthy):
    ours = {case.check_id for case in stage1.cases + stage2.cases}
    assert [f for f in findings(healthy.build.org, 1) if f.check_id in ours] == []
    assert [f for f in findings(healthy.build.org, 2) if f.check_id in ours] == []


# Stage 1 ------------------------------------------------------------------------------


@stage1("s1.kpi.objectives")
def no_kpi_at_all(h):
    delete_record(h.evaluation.kpi)
    return [found("s1.kpi.objectives", "9.1", AOC, "medium")]


@stage1("s1.kpi.objectives")
def an_objective_without_a_kpi(h):
    extra = create_record(Objective, h.build.org, title="Fast fixes", measure="MTTR")
    return [found("s1.kpi.objectives", "9.1", AOC, "low", [extra])]


@stage1("s1.kpi.objectives", passes=True)
def a_withdrawn_objective_needs_no_kpi(h):
    create_record(Objective, h.build.org, title="Old aim", status=Objective.Status.WITHDRAWN)
    return []


@stage1("s1.internal-audit.coverage")
def the_programme_leaves_clauses_uncovered(h):
    update_record(h.evaluation.audit, clauses="4,5,6,7,8")
    return [found("s1.internal-audit.coverage", "9.2", AOC, "medium", [h.evaluation.programme])]


@stage1("s1.internal-audit.coverage")
def audits_without_a_programme(h):
    delete_record(h.evaluation.programme)
    audits = scoped(InternalAudit, h.build.org).order_by("ref")
    return [found("s1.internal-audit.coverage", "9.2", AOC, "low", list(audits))]


@stage1("s1.internal-audit.coverage", passes=True)
def sub_clauses_together_cover_their_parent(h):
    update_record(h.evaluation.audit, clauses="4,5,6,7,8.1,8.2,8.3,8.4,8.5,8.6,8.7,9,10")
    return []


@stage1("s1.management-review.inputs")
def the_planned_review_has_no_inputs_yet(h):
    planned = create_record(
        ManagementReview, h.build.org, title="Autumn review", planned_date=dt.date(2025, 9, 1)
    )
    return [found("s1.management-review.inputs", "9.3", AOC, "low", [planned])]


@stage1("s1.management-review.inputs")
def the_planned_reviews_inputs_leave_one_out(h):
    planned = create_record(
        ManagementReview, h.build.org, title="Autumn review", planned_date=dt.date(2025, 9, 1)
    )
    inputs = copy.deepcopy(h.evaluation.review.inputs)
    del inputs["sections"]["suppliers"]
    update_record(planned, inputs=inputs, compiled_at=h.evaluation.review.compiled_at)
    return [found("s1.management-review.inputs", "9.3", AOC, "medium", [planned])]


@stage1("s1.improvement.register")
def no_improvement_register(h):
    delete_record(h.evaluation.improvement)
    return [found("s1.improvement.register", "10.2", AOC, "medium")]


# Stage 2 ------------------------------------------------------------------------------


@stage2("s2.kpi.objectives-measured")
def an_objective_never_measured(h):
    bulk_delete_records(h.evaluation.kpi.measurements.all())
    objective = scoped(Objective, h.build.org).get()
    return [found("s2.kpi.objectives-measured", "9.1", "minor", records=[objective])]


@stage2("s2.kpi.objectives-measured", passes=True)
def a_measurement_before_the_period_does_not_count_but_one_in_it_does(h):
    from evident.audits.services import record_kpi_measurement

    record_kpi_measurement(
        h.evaluation.kpi,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 1, 31),
        value=90,
    )
    return []


def _owner_audits(h, clauses="4,5,6,7,8,9,10"):
    """The process owner (staff[0]) audits: they own every clause-8 process."""
    return create_record(
        InternalAudit,
        h.build.org,
        title="Audit by the process owner",
        planned_date=IN_PERIOD,
        completed_on=IN_PERIOD,
        status=InternalAudit.Status.COMPLETED,
        clauses=clauses,
        lead_auditor=h.staff[0],
    )


@stage2("s2.internal-audit.impartial")
def one_audit_led_by_the_owner_of_what_it_audits(h):
    audit = _owner_audits(h, clauses="8.6.1")
    return [found("s2.internal-audit.impartial", "9.2", "minor", records=[audit])]


@stage2("s2.internal-audit.impartial")
def no_impartial_audit_in_the_period(h):
    update_record(h.evaluation.audit, lead_auditor=h.staff[1])  # an incident analyst
    for audit in scoped(InternalAudit, h.build.org).exclude(pk=h.evaluation.audit.pk):
        update_record(audit, completed_on=dt.date(2024, 1, 1))
    return [found("s2.internal-audit.impartial", "9.2", "major", records=[h.evaluation.audit])]


@stage2("s2.internal-audit.impartial", passes=True)
def a_process_owner_may_audit_clauses_outside_their_processes(h):
    _owner_audits(h, clauses="4,5,6,7")
    return []


@stage2("s2.internal-audit.cycle-coverage")
def a_cycle_ended_without_auditing_clause_10(h):
    ended = create_record(
        AuditProgramme,
        h.build.org,
        title="Programme 2024",
        cycle_start=dt.date(2024, 1, 1),
        cycle_end=dt.date(2024, 12, 31),
    )
    create_record(
        InternalAudit,
        h.build.org,
        title="Most clauses",
        programme=ended,
        planned_date=dt.date(2024, 10, 1),
        completed_on=dt.date(2024, 10, 1),
        status=InternalAudit.Status.COMPLETED,
        clauses="4,5,6,7,8,9",
    )
    key = f"s2.internal-audit.cycle-coverage:{ended.ref}"
    return [found(key, "9.2", "minor", records=[ended])]


@stage2("s2.internal-audit.cycle-coverage", passes=True)
def a_running_cycle_is_not_judged_before_it_ends(h):
    update_record(h.evaluation.audit, status=InternalAudit.Status.PLANNED, completed_on=None)
    return []


@stage2("s2.management-review.inputs-outputs")
def a_review_held_without_outputs(h):
    delete_record(h.evaluation.output)
    return [
        found("s2.management-review.inputs-outputs", "9.3", "minor", records=[h.evaluation.review])
    ]


@stage2("s2.management-review.inputs-outputs")
def a_review_held_without_compiled_inputs(h):
    update_record(h.evaluation.review, inputs={}, compiled_at=None)
    return [
        found("s2.management-review.inputs-outputs", "9.3", "minor", records=[h.evaluation.review])
    ]


@stage2("s2.service-report.produced")
def a_live_service_in_scope_without_a_report(h):
    bulk_delete_records(scoped(ServiceReport, h.build.org).filter(service=h.payroll))
    return [found("s2.service-report.produced", "9.4", "minor", records=[h.payroll])]


@stage2("s2.service-report.produced", passes=True)
def a_pipeline_service_needs_no_report(h):
    bulk_delete_records(
        scoped(ServiceReport, h.build.org).exclude(service__in=[h.email, h.payroll])
    )
    return []


def _closed_nc(h, **fields):
    return create_record(
        Nonconformity,
        h.build.org,
        title="Changes started before approval",
        source=Nonconformity.Source.ENGINE,
        clause="8.5.1",
        finding_key="s2.change.approved-before-start",
        raised_on=dt.date(2024, 8, 1),
        status=Nonconformity.Status.CLOSED,
        closed_on=dt.date(2024, 10, 1),
        **fields,
    )


@stage2("s2.nonconformity.recurred")
def the_same_nonconformity_was_raised_again(h):
    first = _closed_nc(h)
    create_record(
        Nonconformity,
        h.build.org,
        title="Changes started before approval, again",
        source=Nonconformity.Source.INTERNAL_AUDIT,
        clause="8.5.1",
        finding_key="s2.change.approved-before-start",
        raised_on=dt.date(2025, 2, 1),
    )
    return [found("s2.nonconformity.recurred", "10.1", "minor", records=[first])]


@stage2("s2.nonconformity.recurred")
def a_later_evaluation_found_the_same_key(h):
    first = _closed_nc(h)
    later = create_record(
        Evaluation,
        h.build.org,
        stage=2,
        audit_date=dt.date(2025, 1, 15),
        period_start=dt.date(2024, 1, 15),
        period_end=dt.date(2025, 1, 15),
        seed=1,
        engine_version="test",
        evidence_digest="0" * 64,
    )
    create_record(
        Finding,
        h.build.org,
        evaluation=later,
        check_id="s2.change.approved-before-start",
        key="s2.change.approved-before-start",
        clause="8.5.1",
        grade=Finding.Grade.MINOR,
        statement="One change started before approval.",
    )
    return [found("s2.nonconformity.recurred", "10.1", "minor", records=[first])]


@stage2("s2.nonconformity.recurred", passes=True)
def a_later_nonconformity_about_something_else_is_not_a_recurrence(h):
    _closed_nc(h)
    create_record(
        Nonconformity,
        h.build.org,
        title="Emergency changes reviewed late",
        source=Nonconformity.Source.INTERNAL_AUDIT,
        clause="8.5.1",
        finding_key="s2.change.emergency-reviewed",
        raised_on=dt.date(2025, 2, 1),
    )
    return []


def _accepted(h, title, decided_on, status=Improvement.Status.PROPOSED):
    improvement = create_record(Improvement, h.build.org, title=title, raised_on=decided_on)
    improvement = decide_improvement(
        improvement, decision="accepted", decided_on=decided_on, owner=h.ceo
    )
    if status != Improvement.Status.PROPOSED:
        improvement = update_record(improvement, status=status)
    return improvement


@stage2("s2.improvement.acted-on")
def one_accepted_improvement_left_waiting(h):
    waiting = _accepted(h, "Chat channel", dt.date(2025, 2, 1))
    return [found("s2.improvement.acted-on", "10.2", "ofi", records=[waiting])]


@stage2("s2.improvement.acted-on")
def nothing_accepted_in_the_period_was_acted_on(h):
    update_record(h.evaluation.improvement, status=Improvement.Status.PROPOSED)
    return [found("s2.improvement.acted-on", "10.2", "minor", records=[h.evaluation.improvement])]


@stage2("s2.improvement.acted-on", passes=True)
def a_recent_decision_has_time_to_start(h):
    _accepted(h, "Chat channel", AUDIT_DATE - dt.timedelta(days=30))
    return []


@pytest.mark.parametrize("case", stage1.params())
def test_stage1_check(healthy, case):
    stage1.run(healthy, case)


@pytest.mark.parametrize("case", stage2.params())
def test_stage2_check(healthy, case):
    stage2.run(healthy, case)


def test_the_impartiality_finding_names_the_person_and_the_process(healthy, as_cli):
    _owner_audits(healthy, clauses="8.5.1")
    (finding,) = findings(healthy.build.org, 2, "s2.internal-audit.impartial")
    change = scoped(Process, healthy.build.org).get(key="change")
    assert healthy.staff[0].name in finding.statement
    assert change.ref in finding.statement
