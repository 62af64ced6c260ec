"""Shared parts of the certification tests: an organisation to audit and the audit team."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from evident.agreements.models import Supplier, SupplierReview
from evident.core import services
from evident.core.context import acting
from evident.core.models import Membership, Person, Role
from evident.core.tenancy import scoped
from evident.operations.models import Incident
from tests.audits.builders import AUDIT_DATE, IN_PERIOD, at

INCIDENTS = 40  # above the whole-population band, so the table draws a random sample


def give_fieldwork_something_to_find(healthy) -> Supplier:
    """The healthy organisation with 40 more incidents and one supplier left unreviewed."""
    build = healthy.build
    with acting(source="cli", actor_name="test-builder"):
        build.make_many(
            Incident,
            [
                {
                    "title": f"Mail delayed {n}",
                    "service": healthy.email,
                    "opened_at": at(IN_PERIOD - dt.timedelta(days=n)),
                    "resolved_at": at(IN_PERIOD - dt.timedelta(days=n), 15),
                    "status": Incident.Status.RESOLVED,
                }
                for n in range(INCIDENTS)
            ],
        )
        services.bulk_delete_records(
            scoped(SupplierReview, build.org).filter(supplier=healthy.supplier)
        )
    return healthy.supplier


def user_with_role(org, role, username):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


def auditor_person(org, name="Ada Auditor") -> Person:
    with acting(source="cli", actor_name="test-builder"):
        return services.create_record(Person, org, name=name, job_title="Lead auditor")


def as_user(user):
    return acting(source="web", user=user)


__all__ = ["AUDIT_DATE", "Role", "as_user", "auditor_person", "user_with_role"]
