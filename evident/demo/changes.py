"""Change control: mostly normal changes approved by the CAB before they start.

A few standard changes, each following an approved standard-change template,
and a few emergency changes decided by the emergency board; every non-standard
change is assessed for risk before it is decided. Most succeed, a few fail or
are backed out, and every emergency, failed or backed-out change gets a
post-implementation review. The change manager never plans two changes to one
service in overlapping windows.
"""

from __future__ import annotations

import bisect
import datetime as dt

from evident.operations.models import Change, ChangeApproval, ChangeAuthority, ChangeTemplate

from . import faults
from .build import Build
from .names import CHANGE_VERBS
from .timeline import DAY, HOUR, MINUTE, long_tail, midnight, next_weekday

TYPE_WEIGHTS = {Change.Type.STANDARD: 20, Change.Type.NORMAL: 75, Change.Type.EMERGENCY: 5}
RISK_WEIGHTS = {Change.Risk.LOW: 50, Change.Risk.MEDIUM: 35, Change.Risk.HIGH: 15}
MEDIAN_HOURS = {Change.Risk.LOW: 0.75, Change.Risk.MEDIUM: 1.5, Change.Risk.HIGH: 3.0}
# Chance of (failed, backed out) by change type.
FAILURE = {
    Change.Type.STANDARD: (0.01, 0.0),
    Change.Type.NORMAL: (0.025, 0.025),
    Change.Type.EMERGENCY: (0.06, 0.04),
}
REJECTED_SHARE = 0.03
CAB_WEEKDAY, CAB_HOUR = 1, 10  # the CAB meets on Tuesdays at 10:00 UTC
TEMPLATES = (
    ("Add a user to a distribution list", "Check the request is approved; add; confirm."),
    ("Renew a TLS certificate", "Issue from the internal CA; install; test the endpoint."),
    ("Apply monthly workstation patches", "Pilot group first; then all devices in waves."),
    ("Resize a virtual server", "Snapshot; resize in the maintenance window; check load."),
)
# Role keys of the people who sit on each board; the change manager chairs both.
CAB_MEMBERS = ("change", "service_desk", "infrastructure", "applications", "network", "security")
ECAB_MEMBERS = ("change", "infrastructure", "security")
ASSESSMENT = {
    Change.Risk.LOW: "Low impact, unlikely to fail; tested in staging; back-out is a rollback.",
    Change.Risk.MEDIUM: "Users may notice a short interruption; tested; back-out rehearsed.",
    Change.Risk.HIGH: "Service-wide impact if it fails; tested in staging; back-out rehearsed, "
    "staff on call during the window.",
}


def generate(build: Build) -> None:
    """Create the changes and their approvals; remember which may cause incidents."""
    rng = build.rng("changes")
    timeline = build.timeline
    services = build.live_services
    boards = _boards(build)
    templates = _templates(build)
    weights = [rng.uniform(0.5, 2.0) for _ in services]
    drafts = []
    busy = {service.pk: [] for service in services}
    for _ in range(build.scale.changes):
        kind = _pick(rng, TYPE_WEIGHTS)
        service = rng.choices(services, weights)[0]
        if kind == Change.Type.EMERGENCY:
            requested = timeline.any_time(rng)
        else:
            requested = timeline.working_time(rng)
        draft = _draft(rng, build, kind, service, requested, busy[service.pk])
        _document(rng, build, draft, boards, templates)
        drafts.append(draft)
    drafts.sort(key=lambda d: d[0].requested_at)

    if build.faults:
        change, approval = _candidate_for_late_approval(rng, build, drafts)
        faults.approve_after_start(change, approval)
        build.late_approved_change = change

    changes = build.save(Change, [change for change, _ in drafts])
    approvals = [approval for _, approval in drafts if approval is not None]
    approvals.sort(key=lambda a: a.decided_at)
    build.save(ChangeApproval, approvals)
    build.changes = changes


def _boards(build: Build) -> dict:
    """The change advisory board and the emergency board, chaired by the change manager."""
    chair = build.owner("change")
    boards = {}
    for kind, name, roles, remit in (
        (
            ChangeAuthority.Kind.CAB,
            "Change advisory board",
            CAB_MEMBERS,
            "Decides normal changes; meets weekly on Tuesdays.",
        ),
        (
            ChangeAuthority.Kind.ECAB,
            "Emergency change advisory board",
            ECAB_MEMBERS,
            "Decides emergency changes at any hour, by call.",
        ),
    ):
        members = [build.owner(role).pk for role in roles]
        boards[kind] = build.create(
            ChangeAuthority, name=name, kind=kind, chair=chair, members=members, remit=remit
        )
    return boards


def _templates(build: Build) -> list:
    """Standard-change templates, approved by the change manager before the period."""
    approved = build.timeline.ago(400) + 10 * HOUR
    return build.save(
        ChangeTemplate,
        [
            ChangeTemplate(
                name=name,
                steps=steps,
                risk=Change.Risk.LOW,
                approved_by=build.owner("change"),
                approved_at=approved,
            )
            for name, steps in TEMPLATES
        ],
    )


def _document(rng, build: Build, draft, boards: dict, templates: list) -> None:
    """The paperwork of a drafted change: its template, or its risk assessment and board."""
    change, approval = draft
    if change.change_type == Change.Type.STANDARD:
        change.template = rng.choice(templates)
        return
    change.risk_assessment = ASSESSMENT[change.risk]
    change.backout_plan = "Restore the previous version from the pre-change snapshot."
    change.assessed_by = build.owner("change")
    decided = approval.decided_at if approval is not None else build.timeline.end
    change.assessed_at = (
        change.requested_at + (min(decided, build.timeline.end) - change.requested_at) / 2
    )
    if approval is not None and approval.authority in boards:
        approval.authority_body = boards[approval.authority]


def _free_window(busy: list, change: Change) -> None:
    """Move the change's planned window past any window already planned for its service.

    ``busy`` holds the service's windows as sorted, non-overlapping (start, end) pairs.
    """
    length = change.planned_end - change.planned_start
    start = change.planned_start
    while True:
        index = bisect.bisect_left(busy, (start,))
        clash = next(
            (
                window
                for window in busy[max(index - 1, 0) : index + 1]
                if window[0] < start + length and start < window[1]
            ),
            None,
        )
        if clash is None:
            break
        start = clash[1] + 30 * MINUTE
    change.planned_start, change.planned_end = start, start + length
    bisect.insort(busy, (start, start + length))


def _draft(rng, build: Build, kind, service, requested, busy: list):
    """One change and its approval (None for standard changes), not yet saved."""
    risk = Change.Risk.LOW if kind == Change.Type.STANDARD else _pick(rng, RISK_WEIGHTS)
    change = Change(
        title=f"{rng.choice(CHANGE_VERBS)} {service.name}",
        change_type=kind,
        service=service,
        risk=risk,
        requested_at=requested,
    )
    approval = None
    if kind == Change.Type.EMERGENCY:
        decided = requested + MINUTE * rng.randint(15, 90)
        change.planned_start = decided + MINUTE * rng.randint(10, 60)
        approval = _approval(change, ChangeApproval.Authority.ECAB, decided, build.owner("change"))
    elif kind == Change.Type.NORMAL:
        day = (requested + DAY * rng.uniform(3, 14)).date()
        change.planned_start = midnight(day) + HOUR * rng.randint(18, 21)
        cab = next_weekday(requested + 12 * HOUR, CAB_WEEKDAY, CAB_HOUR)
        if cab <= change.planned_start - 6 * HOUR:
            authority, decided = ChangeApproval.Authority.CAB, cab + MINUTE * rng.randint(0, 90)
        else:
            authority = ChangeApproval.Authority.CHANGE_MANAGER
            decided = requested + HOUR * rng.uniform(1, 6)
        approval = _approval(change, authority, decided, build.owner("change"))
    else:
        change.planned_start = requested + long_tail(rng, 20, 0.6)
    change.planned_end = change.planned_start + long_tail(rng, MEDIAN_HOURS[risk], 0.5)
    _free_window(busy, change)

    if approval is not None and approval.decided_at >= build.timeline.end:
        approval = None  # the change authority has not met on it yet
    if kind == Change.Type.NORMAL and approval is not None and rng.random() < REJECTED_SHARE:
        approval.decision = ChangeApproval.Decision.REJECTED
        change.status = Change.Status.REJECTED
    elif change.planned_end >= build.timeline.end - DAY or (
        kind != Change.Type.STANDARD and approval is None
    ):
        _schedule(change, approval)
    else:
        _implement(rng, build, change)
    return change, approval


def _approval(change, authority, decided: dt.datetime, approver) -> ChangeApproval:
    return ChangeApproval(
        change=change,
        authority=authority,
        approver=approver,
        decision=ChangeApproval.Decision.APPROVED,
        decided_at=decided,
    )


def _schedule(change: Change, approval) -> None:
    """A change not started yet: approved (or pre-authorised) and waiting, or still assessed."""
    if change.change_type == Change.Type.STANDARD or approval is not None:
        change.status = Change.Status.APPROVED
    else:
        change.status = Change.Status.ASSESSED


def _implement(rng, build: Build, change: Change) -> None:
    """A change carried out as planned, give or take minutes, with its outcome and review."""
    end = build.timeline.end
    change.actual_start = change.planned_start + MINUTE * rng.randint(0, 20)
    change.actual_end = change.actual_start + (change.planned_end - change.planned_start) * (
        rng.uniform(0.8, 1.3)
    )
    failed, backed_out = FAILURE[change.change_type]
    roll = rng.random()
    if roll < failed:
        change.outcome = Change.Outcome.FAILED
    elif roll < failed + backed_out:
        change.outcome = Change.Outcome.BACKED_OUT
    else:
        change.outcome = Change.Outcome.SUCCESSFUL
    closed = change.actual_end + 3 * DAY < end
    change.status = Change.Status.CLOSED if closed else Change.Status.IMPLEMENTED
    needs_review = (
        change.change_type == Change.Type.EMERGENCY
        or change.outcome != Change.Outcome.SUCCESSFUL
        or change.risk == Change.Risk.HIGH
    )
    if needs_review:
        reviewed = change.actual_end + long_tail(rng, 40, 0.5)
        change.review_completed_at = min(reviewed, end - HOUR)
        change.review_notes = _review_note(change)


def _review_note(change: Change) -> str:
    if change.outcome == Change.Outcome.FAILED:
        return (
            "Failed on implementation; cause found in test coverage, fix scheduled as new change."
        )
    if change.outcome == Change.Outcome.BACKED_OUT:
        return "Backed out within the window as planned; service restored, lessons recorded."
    if change.change_type == Change.Type.EMERGENCY:
        return "Emergency justified by the incident it fixed; documentation completed afterwards."
    return "Implemented as planned; objectives met, no side effects observed."


def _candidate_for_late_approval(rng, build: Build, drafts):
    """A normal CAB-approved change that succeeded in the middle of the period."""
    timeline = build.timeline
    window = (timeline.start + 60 * DAY, timeline.end - 60 * DAY)
    candidates = [
        (change, approval)
        for change, approval in drafts
        if change.change_type == Change.Type.NORMAL
        and change.outcome == Change.Outcome.SUCCESSFUL
        and approval is not None
        and approval.authority == ChangeApproval.Authority.CAB
        and change.risk != Change.Risk.HIGH
        and window[0] <= change.actual_start <= window[1]
    ]
    return rng.choice(candidates)


def _pick(rng, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]
