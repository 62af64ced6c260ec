"""One small demo organisation, audited at both stages, shared by every report test.

Built once for the package (the demo generator and the evaluations take a few
seconds) and removed afterwards; tests read it and roll back what they write.
The Stage 2 engagement is worked through the certification verbs as an
auditor would: one minor regraded to a major, one withdrawn, one confirmed,
an OFI of the auditor's own resting on an interview, sampled records judged
with notes, an additional sample drawn; once the findings are issued, the
minor's plan is accepted and the major's returned with a reason.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from evident.audits.engine import run_evaluation
from evident.audits.models import Evaluation, Sample
from evident.certification import fieldwork, plans, services
from evident.certification.models import AuditEngagement
from evident.core import services as core
from evident.core.context import acting
from evident.core.models import Organisation, Person
from evident.demo import SCALE_SMALL, build_organisation, remove_organisation
from evident.reports import content as reading

TODAY = dt.date(2026, 11, 22)
SLUG = "reports-demo"


REGRADE_REASON = "Approval gaps recur across teams: a systemic lapse, not an isolated one."
WITHDRAW_REASON = "The overdue action was closed before the audit; the record lagged behind."
JUDGEMENT_NOTE = "Resolved without a resolution note; the caller was not told."
RETURN_REASON = "The root cause names a person, not the process that failed."
APPROVAL = "s2.change.approved-before-start"  # a minor, regraded to a major
OVERDUE = "s2.corrective-action.overdue"  # a minor, withdrawn
SUPPLIER = "s2.supplier.reviewed"  # a minor, confirmed, its plan accepted
INTERVIEW_EVIDENCE = "The supplier review calendar and last year's review minutes."


@dataclass
class Audited:
    organisation: Organisation
    stage1: Evaluation
    stage2: Evaluation
    engagement: AuditEngagement


def _fieldwork(engagement: AuditEngagement, people) -> None:
    """The auditor's decisions on the drafts, a judged sample, an interview, a finding."""
    # The small demo's Stage 2 finds (among others) these minors: 8.5.1 and 10.1.
    services.regrade_finding(_draft(engagement, APPROVAL), grade="major", reason=REGRADE_REASON)
    services.withdraw_finding(_draft(engagement, OVERDUE), reason=WITHDRAW_REASON)
    for draft in engagement.findings.filter(status="draft"):
        services.confirm_finding(draft)
    sample = Sample.objects.filter(evaluation=engagement.evaluation).order_by("ref").first()
    fieldwork.judge_sample_record(
        engagement,
        sample=sample,
        record_ref=sample.records[0]["ref"],
        verdict="nonconforming",
        note=JUDGEMENT_NOTE,
    )
    fieldwork.judge_sample_record(
        engagement, sample=sample, record_ref=sample.records[1]["ref"], verdict="conforming"
    )
    fieldwork.draw_additional_sample(engagement, population=sample.population, size=2)
    interview = fieldwork.record_interview(
        engagement,
        interviewee=people[0],
        role="process_owner",
        held_on=TODAY,
        clauses=["8.3.4"],
        answers=[{"question": "How is each supplier reviewed?", "answer": "Once a year."}],
        evidence_seen=INTERVIEW_EVIDENCE,
        interviewer=people[1],
    )
    services.add_auditor_finding(
        engagement,
        clause="8.3.4",
        grade="ofi",
        statement="Supplier reviews hang on one person's reminders.",
        requirement="Supplier reviews are planned so that none is missed.",
        reason="Heard in the interview and seen in the calendar.",
        interviews=[interview],
    )


def _draft(engagement: AuditEngagement, check_id: str):
    return engagement.findings.get(origin="engine", key__startswith=check_id)


def _answer_two_nonconformities(engagement: AuditEngagement, owner: Person) -> None:
    first, second = _draft(engagement, SUPPLIER), _draft(engagement, APPROVAL)
    plan = {
        "correction": "Put the lapsed item right now",
        "root_cause": "No reminder existed",
        "corrective_action": "Add a recurring reminder with an owner",
        "owner": owner,
        "due_date": TODAY + dt.timedelta(days=60),
    }
    plans.accept_plan(engagement, plans.submit_plan(first, **plan))
    plans.return_plan(engagement, plans.submit_plan(second, **plan), reason=RETURN_REASON)


@pytest.fixture(scope="package")
def audited(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), acting(source="cli", actor_name="report-tests"):
        organisation = build_organisation(
            SLUG, name="Report & Co <IT>", seed=11, today=TODAY, scale=SCALE_SMALL, faults=True
        )
        stage1 = run_evaluation(organisation, 1, audit_date=TODAY)
        people = list(Person.objects.filter(organisation=organisation).order_by("ref")[:3])
        engagement = services.plan_engagement(
            organisation,
            title="Stage 2 certification audit",
            kind=AuditEngagement.Kind.STAGE2,
            audit_date=TODAY,
            lead_auditor=people[1],
        )
        engagement = core.update_record(engagement, team=[p.pk for p in people[1:3]])
        engagement = services.start_fieldwork(engagement, seed=11)
        _fieldwork(engagement, people)
        engagement = services.issue_stage2_findings(engagement)
        _answer_two_nonconformities(engagement, people[0])
        yield Audited(organisation, stage1, engagement.evaluation, engagement)
        remove_organisation(SLUG)


@pytest.fixture(scope="package")
def stage2_content(audited, django_db_blocker):
    with django_db_blocker.unblock():
        return reading.for_engagement(audited.engagement)


@pytest.fixture(scope="package")
def stage1_content(audited, django_db_blocker):
    with django_db_blocker.unblock():
        return reading.for_evaluation(audited.stage1)
