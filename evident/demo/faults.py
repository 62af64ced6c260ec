"""Faults an auditor would catch, planted in the demo organisation when ``faults=True``.

Each fault is planted while the records are first generated (never by editing
them afterwards), so the evidence ledger reads like a real organisation's
history rather than like tampering. Together they make the demo organisation
Stage 1 *conditionally ready* and Stage 2 *recommended once the corrective
action plan is accepted*: one medium area of concern and three minor
nonconformities, no major.

``PLANTED`` lists them for reports and tests; each planting function's
docstring says what the auditor should find.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .timeline import DAY, HOUR, months_after

LAPSED_REVIEW_DAYS = 410
OVERDUE_DAYS = 45


@dataclass(frozen=True)
class PlantedFault:
    """One planted fault and the finding it should draw."""

    key: str
    stage: int
    clause: str
    grade: str
    severity: str
    expectation: str


PLANTED = (
    PlantedFault(
        "change_started_before_approval",
        2,
        "8.5.1",
        "minor",
        "",
        "One normal change started before the change authority approved it; no incident "
        "followed, so the lapse is isolated: a minor nonconformity.",
    ),
    PlantedFault(
        "supplier_not_reviewed",
        2,
        "8.3.4",
        "minor",
        "",
        "One active supplier had no performance review in the audit period.",
    ),
    PlantedFault(
        "corrective_action_overdue",
        2,
        "10.1",
        "minor",
        "",
        f"A corrective action from the last internal audit is {OVERDUE_DAYS} days overdue.",
    ),
    PlantedFault(
        "procedure_review_lapsed",
        1,
        "7.5.3",
        "area_of_concern",
        "medium",
        "The release and deployment procedure is past its review date.",
    ),
)


def approve_after_start(change, approval) -> None:
    """A normal change implemented before its CAB approval.

    The change went ahead on its planned date and the CAB approved it at its next
    meeting, after the work had started. No incident names the change as its
    cause. Expected: Stage 2 minor nonconformity 8.5.1 (attribute "approved
    before start": one deviation, well under 10 % of the changes implemented).
    """
    approval.decided_at = change.actual_start + 2 * DAY + 3 * HOUR


def lapsed_supplier_review_dates(today: dt.date) -> list[dt.date]:
    """An active supplier whose quarterly reviews stopped more than a year ago.

    Expected: Stage 2 minor nonconformity 8.3.4 naming that supplier (its last
    review falls before the audit period).
    """
    last = today - dt.timedelta(days=LAPSED_REVIEW_DAYS)
    return [last - dt.timedelta(days=91), last]


def leave_corrective_action_overdue(nonconformity, action, today: dt.date) -> None:
    """The corrective action for the last internal audit's nonconformity is still open.

    Its due date passed 45 days before the audit date, so the nonconformity
    stays open too. Expected: Stage 2 minor nonconformity 10.1 (a corrective
    action overdue by more than 30 days).
    """
    action.due_date = today - dt.timedelta(days=OVERDUE_DAYS)
    action.closed_on = None
    action.effectiveness = ""
    action.effectiveness_checked_on = None
    nonconformity.status = "open"
    nonconformity.closed_on = None
    nonconformity.closure_verified = False


def let_procedure_review_lapse(draft, timeline) -> None:
    """The release and deployment procedure was last approved 13 months ago.

    Its next review (12 months after approval) is past. Expected: Stage 1 area of
    concern 7.5.3 with severity medium, so Stage 1 is conditionally ready; the
    procedure still has an approved version, so the 8.1 process check holds.
    """
    approved = timeline.ago(30 * 13 + 5) + 10 * HOUR
    for version in draft.versions:
        version.approved_at = approved
    draft.document.next_review_due = months_after(approved.date(), 12)
