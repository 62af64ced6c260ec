"""Clause 7.2: the competence each SMS role needs is defined, and its holders have it.

A role's needs are its competence requirements (one course each); a person has
a course current at the audit date when a training record shows it completed
on or before that day and not expired before it. Stage 2 checks every role
holder (a machine can check the population whole): a deviation rate above
``SYSTEMIC_PERCENT`` is a systemic lapse (major), any lower rate an isolated one.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from evident.core.models import Person
from evident.governance.models import RoleAssignment
from evident.support.models import CompetenceRequirement, TrainingCourse, TrainingRecord

from ..evidence import name_records, names_of, percent, plural, verb
from ..registry import (
    AREA_OF_CONCERN,
    LOW,
    Check,
    FindingResult,
    grade_by_rate,
    register,
)
from ..scope import AuditScope

# Roles and courses listed by name in a statement.
NAMED_IN_STATEMENT = 8


def _requirements_of_role(scope: AuditScope):
    """Competence requirements of the role of the outer ``RoleAssignment``.

    Roles are matched by name, not by key, so the organisation is matched explicitly.
    """
    return scope.related(CompetenceRequirement).filter(
        organisation=OuterRef("organisation"), role=OuterRef("role")
    )


def _current_training(scope: AuditScope, person, course):
    """Training records of ``person`` in ``course`` that count at the audit date."""
    return scope.related(TrainingRecord).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=scope.audit_date),
        person=person,
        course=course,
        completed_on__lte=scope.audit_date,
    )


def role_holders(scope: AuditScope):
    """Population: active people holding at least one SMS role."""
    holds = scope.related(RoleAssignment).filter(person=OuterRef("pk"))
    return scope.records(Person).filter(Exists(holds), active=True)


def short_of_training(scope: AuditScope):
    """Role holders missing current training for a requirement of a role they hold."""
    missing = _requirements_of_role(scope).exclude(
        Exists(_current_training(scope, OuterRef(OuterRef("person")), OuterRef("course")))
    )
    gaps = scope.related(RoleAssignment).filter(Exists(missing), person=OuterRef("pk"))
    return role_holders(scope).filter(Exists(gaps))


def missing_courses(scope: AuditScope, people):
    """Courses that some of ``people`` need for a role they hold but do not have current."""
    needing = (
        scope.related(RoleAssignment)
        .filter(
            Exists(
                scope.related(CompetenceRequirement).filter(
                    organisation=OuterRef("organisation"),
                    role=OuterRef("role"),
                    course=OuterRef(OuterRef("pk")),
                )
            ),
            person__in=people,
        )
        .exclude(Exists(_current_training(scope, OuterRef("person"), OuterRef(OuterRef("pk")))))
    )
    return scope.records(TrainingCourse).filter(Exists(needing)).order_by("title")


@register(
    Check(
        id="s1.competence.requirements",
        clause="7.2",
        stage=1,
        title="The competence each SMS role needs is defined",
        looks_at="Roles held in the RACI against the competence requirements defined per role",
        grade_rule="Any role held by someone with no competence requirement defined: low.",
        fix=(
            "For every role in the RACI, say which training or qualification its holders "
            "need, and how often it must be renewed."
        ),
    )
)
def roles_have_requirements(scope):
    undefined = scope.records(RoleAssignment).exclude(Exists(_requirements_of_role(scope)))
    named = name_records(undefined)
    if not named.total:
        return []
    roles = list(undefined.order_by("role").values_list("role", flat=True).distinct())
    shown = ", ".join(roles[:NAMED_IN_STATEMENT]) + (
        " and others" if len(roles) > NAMED_IN_STATEMENT else ""
    )
    statement = (
        f"{plural(len(roles), 'role')} held in the SMS {verb(len(roles), 'has', 'have')} no "
        f"competence requirement: {shown} ({plural(named.total, 'role assignment')})."
        f"{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s2.competence.current-training",
        clause="7.2",
        stage=2,
        title="Role holders have current training for every requirement of their roles",
        looks_at=(
            "Active people holding an SMS role (checked whole), the requirements of their "
            "roles, and their training records valid at the audit date"
        ),
        grade_rule="Deviation rate above 10 % of the role holders: major. Any lower rate: minor.",
        fix=(
            "Train (or retrain, where the training expired) the people named before they act "
            "in the role, and track expiry dates so renewals are booked in time."
        ),
    )
)
def role_holders_trained(scope):
    short = short_of_training(scope)
    named = name_records(short)
    if not named.total:
        return []
    population = role_holders(scope).count()
    courses = list(missing_courses(scope, short)[: NAMED_IN_STATEMENT + 1])
    more = " and others" if len(courses) > NAMED_IN_STATEMENT else ""
    statement = (
        f"{named.total} of {population} people holding SMS roles "
        f"({percent(named.total, population)}) lack current training their roles require "
        f"(missing: {names_of(courses[:NAMED_IN_STATEMENT])}{more}).{named.note()}"
    )
    return [FindingResult(grade_by_rate(named.total, population), statement, records=named.records)]
