"""Clauses 4.1, 4.2, 4.4 and 5.3 in practice: context kept current, the SMS whole, roles held.

Stage 2 asks whether the issues and interested parties the SMS was designed
around were looked at again during the period, whether clause-8 work happens
outside the SMS, and whether SMS roles are still held by people who are with
the organisation. Stage 1 asks whether the SMS takes in every clause-8 process:
the standard accepts no exclusion of its requirements, so a process left out
of the SMS is a gap even when another party carries the work out (that party is
then governed under 8.2.3, inside the SMS).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from evident.governance.models import ContextIssue, InterestedParty, Process, RoleAssignment
from evident.operations.models import Release

from ..evidence import name_records, plural, record_ref, verb
from ..registry import AREA_OF_CONCERN, MAJOR, MEDIUM, MINOR, OFI, Check, FindingResult, register
from ..scope import AuditScope
from .records import PROCESS_EVIDENCE


def _kept_under_review(lapsed, current, thing: str, things: str) -> list[FindingResult]:
    """Grade a register whose entries lapse: none current is minor, some lapsed an OFI."""
    named = name_records(lapsed)
    if not named.total:
        return []
    if current.exists():
        grade, tail = OFI, f"; the other {things} are current"
    else:
        grade, tail = MINOR, f": none of the {things} was looked at in the period"
    statement = (
        f"{plural(named.total, thing, things)} {verb(named.total, 'was', 'were')} not "
        f"reviewed when due{tail}.{named.note()}"
    )
    return [FindingResult(grade, statement, records=named.records)]


@register(
    Check(
        id="s2.context.issues-reviewed",
        clause="4.1",
        stage=2,
        title="Issues that bear on the SMS are kept under review",
        looks_at=("Context issues, the day each was recorded and the date its next review is due"),
        grade_rule=(
            "No context issue at all, or every issue lapsed (its review date passed, or with "
            "no review date it was recorded before the period): minor. Some issues lapsed "
            "while others are current: opportunity (one finding)."
        ),
        fix=(
            "Review each internal and external issue, record what changed and how it bears "
            "on the services, and set the date of its next review."
        ),
    )
)
def context_issues_reviewed(scope):
    issues = scope.records(ContextIssue)
    if not issues.exists():
        statement = (
            "No internal or external issue is on record, so the SMS was run in the period "
            "without a view of what affects it."
        )
        return [FindingResult(MINOR, statement)]
    lapsed_q = Q(review_due__lt=scope.audit_date) | Q(
        review_due__isnull=True, recorded_on__lt=scope.period_start
    )
    return _kept_under_review(
        issues.filter(lapsed_q), issues.exclude(lapsed_q), "context issue", "context issues"
    )


@register(
    Check(
        id="s2.parties.reviewed",
        clause="4.2",
        stage=2,
        title="The needs of interested parties were reviewed in the period",
        looks_at="Interested parties and the day their needs and obligations were last reviewed",
        grade_rule=(
            "No interested party at all, or none reviewed in the period: minor. Some not "
            "reviewed in the period while others were: opportunity (one finding)."
        ),
        fix=(
            "Go through each interested party with the people who deal with it, confirm or "
            "update its needs and the obligations the SMS takes on, and record the date."
        ),
    )
)
def interested_parties_reviewed(scope):
    parties = scope.records(InterestedParty)
    if not parties.exists():
        statement = (
            "No interested party is on record, so nothing shows whose needs the SMS was "
            "run to meet in the period."
        )
        return [FindingResult(MINOR, statement)]
    reviewed_q = Q(reviewed_on__gte=scope.period_start, reviewed_on__lte=scope.period_end)
    return _kept_under_review(
        parties.exclude(reviewed_q),
        parties.filter(reviewed_q),
        "interested party",
        "interested parties",
    )


@register(
    Check(
        id="s1.sms.processes-included",
        clause="4.4",
        stage=1,
        title="The SMS takes in every clause-8 process",
        looks_at="Clause-8 process records marked as outside the scope of the SMS",
        grade_rule="Any clause-8 process recorded as outside the SMS: medium (one finding).",
        fix=(
            "Bring the process into the SMS: a conforming SMS leaves out none of the "
            "standard's requirements. Where another party carries it out, keep the process "
            "in scope and govern that party's part (8.2.3)."
        ),
    )
)
def processes_included(scope):
    left_out = scope.records(Process).filter(in_scope=False).order_by("ref")
    named = name_records(left_out)
    if not named.total:
        return []
    labels = ", ".join(f"{p.get_key_display()} ({p.ref})" for p in left_out[:9])
    statement = (
        f"{plural(named.total, 'clause-8 process', 'clause-8 processes')} "
        f"{verb(named.total, 'is', 'are')} recorded as outside the SMS: {labels}. The "
        "standard's requirements cannot be excluded, so the SMS is incomplete."
    )
    return [FindingResult(AREA_OF_CONCERN, statement, MEDIUM, named.records)]


@dataclass(frozen=True)
class Activity:
    """The records that show the work of one clause-8 process being done."""

    process: str
    model: type
    date_field: str
    is_timestamp: bool
    phrase: str

    def in_period(self, scope: AuditScope):
        if self.is_timestamp:
            condition = scope.timestamp_in_period(self.date_field)
        else:
            condition = scope.date_in_period(self.date_field)
        return scope.records(self.model).filter(condition)


ACTIVITIES = tuple(
    Activity(e.process, e.model, e.date_field, e.is_timestamp, e.records_phrase)
    for e in PROCESS_EVIDENCE
) + (Activity(Process.Key.RELEASE, Release, "released_at", True, "releases deployed"),)


@register(
    Check(
        id="s2.sms.work-inside",
        clause="4.4",
        stage=2,
        title="Clause-8 work is not done outside the SMS",
        looks_at=(
            "Incidents, service requests, problems, changes, releases, SLA measurements, "
            "supplier reviews and continuity tests of the period, against the process "
            "records of the SMS"
        ),
        grade_rule=(
            "Records of the period show a clause-8 process at work while the SMS has no "
            "process record for it or records it as out of scope: major (one finding per "
            "process)."
        ),
        fix=(
            "Define the process in the SMS (owner, approved procedure, in scope) so the work "
            "already being done is planned, controlled and improved like the rest."
        ),
    )
)
def work_inside_sms(scope):
    inside = set(scope.records(Process).filter(in_scope=True).values_list("key", flat=True))
    findings = []
    for activity in ACTIVITIES:  # one query each for the nine processes at most
        if activity.process in inside:
            continue
        done = activity.in_period(scope)
        work = name_records(done, limit=100)
        if not work.total:
            continue
        process = scope.records(Process).filter(key=activity.process).first()
        label = Process.Key(activity.process).label
        where = (
            f"recorded as outside the SMS ({process.ref})"
            if process
            else "not defined in the SMS at all"
        )
        statement = (
            f"{plural(work.total, 'record')} of the period ({activity.phrase}) show "
            f"{label} at work, but the process is {where}: the work is done with no process "
            f"of the SMS to control it.{work.note()}"
        )
        records = ((record_ref(process),) if process else ()) + work.records
        findings.append(FindingResult(MAJOR, statement, records=records, subject=activity.process))
    return findings


@register(
    Check(
        id="s2.roles.holders-active",
        clause="5.3",
        stage=2,
        title="SMS roles are held by people still with the organisation",
        looks_at=(
            "Role assignments of the RACI and owners of in-scope processes, against whether "
            "the person is still active"
        ),
        grade_rule=(
            "Any role assignment or in-scope process owned by someone no longer active: "
            "minor (one finding)."
        ),
        fix=(
            "Hand each role of a leaver to someone who is with the organisation, record the "
            "new assignment and make sure the new holder has the competence it needs."
        ),
    )
)
def role_holders_active(scope):
    assignments = scope.records(RoleAssignment).filter(person__active=False)
    processes = scope.records(Process).filter(in_scope=True, owner__active=False)
    held, owned = name_records(assignments), name_records(processes)
    named = held + owned
    if not named.total:
        return []
    parts = []
    if held.total:
        parts.append(f"{plural(held.total, 'role assignment')} of the RACI")
    if owned.total:
        parts.append(f"the ownership of {plural(owned.total, 'process', 'processes')} in scope")
    statement = (
        f"{' and '.join(parts)} {verb(named.total, 'rests', 'rest')} with people who are no "
        f"longer active, so nobody holds those roles in practice.{named.note()}"
    )
    return [FindingResult(MINOR, statement, records=named.records)]
