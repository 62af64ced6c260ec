"""Assurance verbs: plans approved with a review date, tests with follow-up, controls tested."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.assurance import services as assurance
from evident.assurance.models import ContinuityPlan, SecurityControl
from evident.core.context import acting
from evident.core.models import Organisation, Person
from evident.core.services import create_record

NOON = dt.datetime(2025, 3, 3, 12, tzinfo=dt.UTC)


@pytest.fixture
def org(db):
    with acting(source="cli", actor_name="test"):
        yield Organisation.objects.create(slug="assure", name="Assure")


def test_a_plan_is_approved_with_its_version_and_next_review(org):
    plan = create_record(ContinuityPlan, org, title="Site loss")
    ceo = create_record(Person, org, name="Ceo")
    with pytest.raises(ValidationError, match="next_review_due"):
        assurance.approve_continuity_plan(plan, "1.0", ceo, NOON, NOON.date())
    assurance.approve_continuity_plan(plan, "1.0", ceo, NOON, dt.date(2026, 3, 3))
    assert (plan.status, plan.version, plan.approved_by) == ("approved", "1.0", ceo)


def test_a_test_that_showed_issues_says_what_follows(org):
    plan = create_record(ContinuityPlan, org, title="Site loss")
    with pytest.raises(ValidationError, match="follow_up_actions"):
        assurance.record_continuity_test(plan, NOON.date(), "passed_with_issues")
    test = assurance.record_continuity_test(
        plan, NOON.date(), "passed_with_issues", follow_up_actions="Update the call tree"
    )
    assert test.follow_up_actions == "Update the call tree"


def test_a_control_test_concludes_on_effectiveness(org):
    control = create_record(SecurityControl, org, name="MFA", control_area="technological")
    with pytest.raises(ValidationError, match="effectiveness"):
        assurance.record_control_test(control, NOON.date(), "")
    assurance.record_control_test(control, NOON.date(), "effective")
    assert (control.last_tested_on, control.effectiveness) == (NOON.date(), "effective")
