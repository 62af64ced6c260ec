"""One small demo organisation, audited at both stages, shared by every report test.

Built once for the package (the demo generator and two evaluations take a few
seconds) and removed afterwards; tests read it and roll back what they write.
The Stage 2 evaluation has minor findings; one has a nonconformity with an
accepted plan, one a nonconformity without a plan.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from evident.audits import services as audits
from evident.audits.engine import run_evaluation
from evident.audits.models import Evaluation, Finding
from evident.certification.models import AuditEngagement
from evident.core import services
from evident.core.context import acting
from evident.core.models import Organisation, Person
from evident.demo import SCALE_SMALL, build_organisation, remove_organisation
from evident.reports import content as reading

TODAY = dt.date(2026, 11, 22)
SLUG = "reports-demo"


@dataclass
class Audited:
    organisation: Organisation
    stage1: Evaluation
    stage2: Evaluation
    engagement: AuditEngagement


def _answer_two_findings(stage2: Evaluation, owner: Person) -> None:
    first, second = Finding.objects.filter(evaluation=stage2, grade="minor").order_by("ref")[:2]
    nonconformity = audits.raise_nonconformity_from_finding(first, raised_on=TODAY)
    plan = audits.draft_action_plan(
        nonconformity,
        correction="Put the lapsed item right now",
        root_cause="No reminder existed",
        corrective_action="Add a recurring reminder with an owner",
        owner=owner,
        due_date=TODAY + dt.timedelta(days=60),
    )
    audits.accept_action_plan(audits.submit_action_plan(plan))
    audits.raise_nonconformity_from_finding(second, raised_on=TODAY)


@pytest.fixture(scope="package")
def audited(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), acting(source="cli", actor_name="report-tests"):
        organisation = build_organisation(
            SLUG, name="Report & Co <IT>", seed=11, today=TODAY, scale=SCALE_SMALL, faults=True
        )
        stage1 = run_evaluation(organisation, 1, audit_date=TODAY)
        stage2 = run_evaluation(organisation, 2, audit_date=TODAY)
        people = list(Person.objects.filter(organisation=organisation).order_by("ref")[:3])
        _answer_two_findings(stage2, people[0])
        engagement = services.create_record(
            AuditEngagement,
            organisation,
            title="Stage 2 certification audit",
            kind=AuditEngagement.Kind.STAGE2,
            audit_date=TODAY,
            period_start=stage2.period_start,
            period_end=stage2.period_end,
            lead_auditor=people[1],
            evaluation=stage2,
        )
        engagement.team.set(people[1:3])
        yield Audited(organisation, stage1, stage2, engagement)
        remove_organisation(SLUG)


@pytest.fixture(scope="package")
def stage2_content(audited, django_db_blocker):
    with django_db_blocker.unblock():
        return reading.for_engagement(audited.engagement)


@pytest.fixture(scope="package")
def stage1_content(audited, django_db_blocker):
    with django_db_blocker.unblock():
        return reading.for_evaluation(audited.stage1)
