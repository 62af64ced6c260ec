"""Release verbs: plan a release of approved changes, deploy it, follow up a failure."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evident.catalogue.models import Service
from evident.core.context import acting
from evident.core.models import Organisation, Person
from evident.core.services import create_record
from evident.operations import change_services as cs
from evident.operations.models import Change, Deployment, Incident, Release

T0 = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.fixture
def org(db):
    with acting(source="cli", actor_name="test"):
        yield Organisation.objects.create(slug="rel", name="Rel")


@pytest.fixture
def service(org):
    return create_record(Service, org, name="Email")


def change(org, service, status=Change.Status.APPROVED):
    return create_record(
        Change, org, title="Patch", service=service, requested_at=T0, status=status
    )


def test_a_release_carries_only_approved_changes_of_its_service(org, service):
    other = create_record(Service, org, name="Payroll")
    approved = change(org, service)
    assessed = change(org, service, Change.Status.ASSESSED)
    with pytest.raises(ValidationError, match="Not approved"):
        cs.plan_release(org, name="R1", service=service, planned_for=T0,
                        changes=[approved, assessed])  # fmt: skip
    with pytest.raises(ValidationError, match="Not changes to Email"):
        cs.plan_release(org, name="R1", service=service, planned_for=T0,
                        changes=[change(org, other)])  # fmt: skip
    with pytest.raises(ValidationError, match="at least one change"):
        cs.plan_release(org, name="R1", service=service, planned_for=T0, changes=[])
    release = cs.plan_release(org, name="R1", service=service, planned_for=T0, changes=[approved])
    assert list(release.changes.all()) == [approved]
    assert release.status == Release.Status.PLANNED


def test_a_production_deployment_marks_the_release_deployed(org, service):
    release = cs.plan_release(org, name="R1", service=service, planned_for=T0,
                              changes=[change(org, service)])  # fmt: skip
    cs.deploy_release(release, environment="staging", deployed_at=T0 - DAY, outcome="successful")
    release.refresh_from_db()
    assert release.status == Release.Status.PLANNED
    cs.deploy_release(release, environment="production", deployed_at=T0, outcome="successful")
    release.refresh_from_db()
    assert (release.status, release.released_at, release.outcome) == (
        Release.Status.DEPLOYED,
        T0,
        Release.Outcome.SUCCESSFUL,
    )


def test_a_failed_production_deployment_needs_a_note_and_a_follow_up(org, service):
    release = cs.plan_release(org, name="R1", service=service, planned_for=T0,
                              changes=[change(org, service)])  # fmt: skip
    failed = {"environment": "production", "deployed_at": T0, "outcome": "rolled_back"}
    with pytest.raises(ValidationError, match="rollback_note"):
        cs.deploy_release(release, **failed)
    with pytest.raises(ValidationError, match="incident"):
        cs.deploy_release(release, rollback_note="Queue backlog", **failed)
    incident = create_record(Incident, org, title="Mail down", service=service, opened_at=T0)
    deployment = cs.deploy_release(
        release, rollback_note="Queue backlog", incident=incident,
        deployed_by=create_record(Person, org, name="Engineer"), **failed,
    )  # fmt: skip
    assert deployment.went_wrong and deployment.incident == incident
    release.refresh_from_db()
    assert release.outcome == Release.Outcome.BACKED_OUT
    assert Deployment.objects.filter(release=release).count() == 1


def test_a_release_is_built_closed_once_its_outcome_is_known_or_cancelled(org, service):
    empty = create_record(Release, org, name="R0", service=service)
    with pytest.raises(ValidationError) as error:
        cs.build_release(empty)
    assert "changes" in error.value.message_dict
    release = cs.plan_release(org, name="R1", service=service, planned_for=T0,
                              changes=[change(org, service)])  # fmt: skip
    with pytest.raises(ValidationError) as error:
        cs.close_release(release)
    assert "status" in error.value.message_dict
    cs.build_release(release)
    cs.deploy_release(release, environment="production", deployed_at=T0, outcome="successful")
    release.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        cs.cancel_release(release)
    assert "status" in error.value.message_dict
    cs.close_release(release)
    assert release.status == Release.Status.CLOSED
    with pytest.raises(ValidationError) as error:
        cs.deploy_release(release, environment="test", deployed_at=T0, outcome="successful")
    assert "release" in error.value.message_dict


def test_a_deployed_release_without_an_outcome_is_not_closed(org, service):
    imported = create_record(Release, org, name="R1", service=service, status="deployed")
    with pytest.raises(ValidationError) as error:
        cs.close_release(imported)
    assert "outcome" in error.value.message_dict
    assert cs.cancel_release(cs.plan_release(
        org, name="R2", service=service, planned_for=T0, changes=[change(org, service)]
    )).status == Release.Status.CANCELLED  # fmt: skip
