"""Clauses 9.4 and 10.1 at readiness: service reporting set up, nonconformities taken in hand.

Stage 2 judges reports produced in the period and corrective actions carried
through (``evaluation``, ``improvement``). At Stage 1 an auditor asks to see a
service report of each service in scope, to judge what reporting looks like,
and whether every nonconformity still open has someone answering for it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from evident.audits.models import (
    CorrectiveAction,
    CorrectiveActionPlan,
    Nonconformity,
    ServiceReport,
)

from ..evidence import name_records, names_of, plural, verb
from ..registry import AREA_OF_CONCERN, LOW, MEDIUM, Check, FindingResult, register
from .common import current_scope, live_services

# A nonconformity raised this recently may still be waiting for its plan: it is not judged yet.
TAKE_IN_HAND_DAYS = 30


@register(
    Check(
        id="s1.service-report.set-up",
        clause="9.4",
        stage=1,
        title="Service reporting is set up for the services in scope",
        looks_at=(
            "Live services in the current scope and the service reports produced for them up "
            "to the audit date"
        ),
        grade_rule=(
            "No service report for any live service in scope: medium. Some live services in "
            "scope never reported on: low."
        ),
        fix=(
            "Produce a report for each service in scope (evident service-report): its "
            "performance against targets, workload, notable incidents and changes, and trends."
        ),
    )
)
def service_reporting_set_up(scope):
    current = current_scope(scope)
    if current is None:
        return []  # no scope is judged by the scope checks
    in_scope = live_services(scope).filter(pk__in=current.services.values("pk"))
    reported = scope.related(ServiceReport).filter(
        service=OuterRef("pk"), period_start__lte=scope.audit_date
    )
    never = in_scope.exclude(Exists(reported)).order_by("ref")
    named = name_records(never)
    if not named.total:
        return []
    if named.total == in_scope.count():
        services = plural(named.total, "live service")
        statement = (
            f"No service report has been produced for any of the {services} in scope, so how "
            "services are reported on cannot be judged."
        )
        return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]
    statement = (
        f"{plural(named.total, 'live service')} in scope {verb(named.total, 'has', 'have')} never "
        f"been reported on: {names_of(never[:10])}{' and others' if named.total > 10 else ''}."
        f"{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, LOW, named.records)]


@register(
    Check(
        id="s1.nonconformity.in-hand",
        clause="10.1",
        stage=1,
        title="Open nonconformities are taken in hand",
        looks_at=(
            f"Nonconformities open at the audit date and raised more than {TAKE_IN_HAND_DAYS} "
            "days before it, their owners and due dates, their corrective actions and their "
            "corrective action plans"
        ),
        grade_rule=(
            "Any open nonconformity with no corrective action, no action plan (other than "
            "one returned) and no owner with a due date: medium when one of them is major, "
            "otherwise low (one finding)."
        ),
        fix=(
            "For each open nonconformity, contain it, find its cause and plan the corrective "
            "action, with an owner and a date to be done by."
        ),
    )
)
def nonconformities_in_hand(scope):
    raised_before = scope.audit_date - dt.timedelta(days=TAKE_IN_HAND_DAYS)
    actions = scope.related(CorrectiveAction).filter(nonconformity=OuterRef("pk"))
    plans = (
        scope.related(CorrectiveActionPlan)
        .filter(nonconformity=OuterRef("pk"))
        .exclude(status=CorrectiveActionPlan.Status.RETURNED)
    )
    adrift = (
        scope.records(Nonconformity)
        .filter(status=Nonconformity.Status.OPEN, raised_on__lte=raised_before)
        .exclude(Exists(actions))
        .exclude(Exists(plans))
        .filter(Q(owner__isnull=True) | Q(due_date__isnull=True))
    )
    named = name_records(adrift)
    if not named.total:
        return []
    majors = adrift.filter(grade=Nonconformity.Grade.MAJOR).count()
    statement = (
        f"{plural(named.total, 'open nonconformity', 'open nonconformities')} "
        f"{verb(named.total, 'has', 'have')} no corrective action, no action plan and nobody "
        f"answering for {verb(named.total, 'it', 'them')} by a date"
        + (f", {majors} of them major" if majors and named.total > 1 else "")
        + (" (a major one)" if majors and named.total == 1 else "")
        + f".{named.note()}"
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM if majors else LOW, named.records)]
