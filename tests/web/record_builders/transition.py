"""One of each standard-change template, change board, release, deployment, design and plan."""

import datetime as dt

from evident.catalogue.models import Service
from evident.core.models import Person
from evident.operations.models import (
    Change,
    ChangeAuthority,
    ChangeTemplate,
    Deployment,
    Release,
    ServiceDesign,
    TransitionPlan,
)

ORDER = 20
AT = dt.datetime(2025, 3, 4, 10, tzinfo=dt.UTC)


def build(r, add):
    person, service, change = r[Person], r[Service], r[Change]
    add(ChangeTemplate, name="Renew a certificate", steps="Issue; install; test.",
        approved_by=person, approved_at=AT)  # fmt: skip
    add(ChangeAuthority, name="CAB", kind="cab", chair=person, members=[person.pk])
    release = add(Release, name="Mail 2025.1", service=service, changes=[change.pk])
    add(Deployment, release=release, environment="production", deployed_at=AT,
        outcome="successful", deployed_by=person)  # fmt: skip
    design = add(ServiceDesign, service=service, summary="Two-region mail",
                 approved_by=person, approved_at=AT)  # fmt: skip
    add(TransitionPlan, design=design, planned_date=AT.date(),
        acceptance_criteria="Failover tested")  # fmt: skip
