"""How a ServiceNow ``change_request`` export maps onto Evident's changes and approvals.

One row is one change in its final state. The change is written with the
change verbs (``record_change`` / ``revise_change``, which hold a standard change
to its approved template) and its approval with ``approve_change``, which
decides only what the change's own rules allow: a standard change is
pre-approved by its template and records no approval, and a normal change is
decided only once assessed. An approval the verbs refuse is not recorded; the
change is, and the engine then judges it as the auditor would.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from evident.core import services
from evident.core.tenancy import scoped
from evident.operations.change_services import approve_change, record_change, revise_change
from evident.operations.models import Change, ChangeApproval, ChangeTemplate

from .reader import SourceRow
from .service_names import ServiceNames
from .servicenow import UNRECORDED_SERVICE
from .servicenow_cis import CiNames
from .servicenow_tables import Parsed, Table, TableWriter, row_key
from .servicenow_values import RowValues, unreadable

St, Ty, R, Out = Change.Status, Change.Type, Change.Risk, Change.Outcome
STATES = {
    "new": St.REQUESTED, "assess": St.REQUESTED, "authorize": St.ASSESSED,
    "scheduled": St.APPROVED, "implement": St.APPROVED, "review": St.IMPLEMENTED,
    "closed": St.CLOSED, "canceled": St.CANCELLED, "cancelled": St.CANCELLED,
    "-5": St.REQUESTED, "-4": St.REQUESTED, "-3": St.ASSESSED, "-2": St.APPROVED,
    "-1": St.APPROVED, "0": St.IMPLEMENTED, "3": St.CLOSED, "4": St.CANCELLED,
}  # fmt: skip
TYPES = {"standard": Ty.STANDARD, "normal": Ty.NORMAL, "emergency": Ty.EMERGENCY}
RISKS = {
    "very high": R.HIGH, "high": R.HIGH, "moderate": R.MEDIUM, "medium": R.MEDIUM,
    "low": R.LOW, "none": R.LOW, "1": R.HIGH, "2": R.HIGH, "3": R.MEDIUM, "4": R.LOW,
}  # fmt: skip
OUTCOMES = {
    "successful": Out.SUCCESSFUL, "successful with issues": Out.SUCCESSFUL,
    "unsuccessful": Out.FAILED, "failed": Out.FAILED,
    "backed out": Out.BACKED_OUT, "rolled back": Out.BACKED_OUT,
    "canceled": Out.NONE, "cancelled": Out.NONE,
}  # fmt: skip
D = ChangeApproval.Decision
APPROVALS = {
    "approved": D.APPROVED, "rejected": D.REJECTED, "requested": "",
    "not yet requested": "", "not requested": "", "cancelled": "", "canceled": "",
}  # fmt: skip
BOARD_FOR = {Ty.NORMAL: ChangeApproval.Authority.CAB, Ty.EMERGENCY: ChangeApproval.Authority.ECAB}
REFUSED_APPROVAL = "change approvals the change rules refuse (change not assessed)"
CHANGE_FIELDS = (
    "title", "change_type", "risk", "status", "requested_at", "planned_start", "planned_end",
    "actual_start", "actual_end", "outcome", "review_completed_at", "review_notes",
    "risk_assessment", "assessed_at", "backout_plan",
)  # fmt: skip


def parse_change(row: SourceRow) -> tuple[Parsed | None, list]:
    if problems := unreadable(row):
        return None, problems
    number = row_key(row, "number")
    v = RowValues(row, number)
    if not number:
        v.problem("number", "no change number")
    fields = {
        "title": v.text("short_description", 200, required=True),
        "change_type": v.choice("type", TYPES),
        "status": v.choice("state", STATES),
        "risk": v.choice("risk", RISKS, required=False) or R.LOW,
        "requested_at": v.date("opened_at", required=True),
        "planned_start": v.date("start_date"),
        "planned_end": v.date("end_date"),
        "actual_start": v.date("work_start"),
        "actual_end": v.date("work_end"),
        "outcome": v.choice("close_code", OUTCOMES, required=False) or Out.NONE,
        "review_completed_at": v.date("review_date"),
        "review_notes": v.text("review_comments"),
        "risk_assessment": v.text("risk_impact_analysis"),
        "backout_plan": v.text("backout_plan"),
        "service_name": v.first("business_service", "service") or UNRECORDED_SERVICE,
        "ci_name": v.text("cmdb_ci", 200),
        "template_name": v.text("std_change_producer_version", 200),
    }
    decision = v.choice("approval", APPROVALS, required=False) or ""
    updated_at = v.date("sys_updated_on")
    decided_at = v.date("approval_set") or updated_at
    if decision and decided_at is None:
        v.problem("approval", f"{decision}, but neither approval_set nor sys_updated_on says when")
    _check_order(v, fields)
    if v.problems:
        return None, v.problems
    if decision == D.REJECTED and fields["actual_start"] is None:
        fields["status"] = St.REJECTED
    # ServiceNow keeps no assessment date: the assessment existed by the decision, or at
    # the latest by the last update.
    assessed = decided_at if decision else updated_at
    fields["assessed_at"] = assessed if fields["risk_assessment"] else None
    fields["decision"], fields["decided_at"] = decision, decided_at
    return Parsed(number, row.row, fields), []


def _check_order(v: RowValues, fields: dict) -> None:
    """The time order the change verbs insist on; a file that breaks it is wrong, not late."""
    pairs = (
        ("start_date", "planned_start", "end_date", "planned_end", "the planned end"),
        ("work_start", "actual_start", "work_end", "actual_end", "the work's end"),
        ("work_end", "actual_end", "review_date", "review_completed_at", "the review"),
    )
    for _, first, column, second, what in pairs:
        if fields[first] and fields[second] and fields[second] < fields[first]:
            v.problem(column, f"{what} comes before {first.replace('_', ' ')}")
    if fields["actual_end"] and not fields["actual_start"]:
        v.problem("work_start", "missing while work_end is given")


class ChangeWriter(TableWriter):
    def __init__(self, organisation, result):
        super().__init__(organisation, result)
        self.services = ServiceNames(organisation)
        self.cis = CiNames(organisation)
        self.templates: dict[str, ChangeTemplate] = {}

    def prepare(self, batch):
        before = self.services.created, self.cis.created
        self.services.resolve({r.fields["service_name"]: {"rows": [r.row]} for r in batch[::-1]})
        named = {r.fields["ci_name"]: {"rows": [r.row]} for r in batch[::-1]}
        named.pop("", None)
        self.cis.resolve(named)
        self.result.services_created += self.services.created - before[0]
        self.result.cis_created += self.cis.created - before[1]
        for template in scoped(ChangeTemplate, self.organisation).order_by("-pk"):
            self.templates[template.name] = template

    def write(self, record: Parsed) -> str:
        f = record.fields
        fields = {name: f[name] for name in CHANGE_FIELDS}
        fields["service_id"] = self.services[f["service_name"]]
        fields["template"] = self._template(f) if f["change_type"] == Ty.STANDARD else None
        ci = [self.cis[f["ci_name"]]] if f["ci_name"] else []
        change = scoped(Change, self.organisation).filter(ref=record.key).first()
        if change is None:
            change = record_change(
                self.organisation, ref=record.key, configuration_items=ci, **fields
            )
            self._decide(change, f)
            return "created"
        changes = {k: v for k, v in fields.items() if _differs(change, k, v)}
        current = set(change.configuration_items.values_list("pk", flat=True))
        if not set(ci) <= current:
            changes["configuration_items"] = sorted(current | set(ci))
        if changes:
            revise_change(change, **changes)
        return "updated" if self._decide(change, f) or changes else "unchanged"

    def _template(self, f: dict) -> ChangeTemplate:
        name = f["template_name"]
        template = self.templates.get(name) or self.templates.get(name.rsplit(" - ", 1)[0])
        if template is None:
            raise ValidationError(
                {
                    "template": "a standard change follows one of the organisation's "
                    f"standard-change templates, and none is named {name!r}; record and "
                    "approve the template first"
                }
            )
        return template

    def _decide(self, change: Change, f: dict) -> bool:
        """Record the source's approval decision once; True when anything was written."""
        decision, status = f["decision"], f["status"]
        wrote = False
        if decision and change.change_type != Ty.STANDARD:
            wrote = self._approval(change, decision, f["decided_at"])
        if change.status != status:
            services.update_record(change, status=status)  # the decision sets its own status
            wrote = True
        return wrote

    def _approval(self, change: Change, decision: str, decided_at) -> bool:
        approval = change.approvals.filter(decision=decision).order_by("decided_at").first()
        if approval is not None:
            if approval.decided_at == decided_at:
                return False
            services.update_record(approval, decided_at=decided_at)
            return True
        try:
            approve_change(
                change,
                authority=BOARD_FOR[change.change_type],
                decision=decision,
                decided_at=decided_at,
            )
        except ValidationError:
            skipped = self.result.skipped
            skipped[REFUSED_APPROVAL] = skipped.get(REFUSED_APPROVAL, 0) + 1
            return False
        return True


def _differs(change: Change, name: str, value) -> bool:
    if name == "template":
        return change.template_id != (value.pk if value else None)
    return getattr(change, name) != value


CHANGE_TABLE = Table(
    name="change_request",
    required_columns=("number", "short_description", "type", "state", "opened_at"),
    key_column="number",
    parse=parse_change,
    writer=ChangeWriter,
    columns={
        "title": "short_description", "change_type": "type", "status": "state",
        "risk": "risk", "requested_at": "opened_at", "planned_start": "start_date",
        "planned_end": "end_date", "actual_start": "work_start", "actual_end": "work_end",
        "outcome": "close_code", "review_completed_at": "review_date",
        "review_notes": "review_comments", "risk_assessment": "risk_impact_analysis",
        "backout_plan": "backout_plan", "template": "std_change_producer_version",
        "service": "business_service", "configuration_items": "cmdb_ci", "ref": "number",
    },
)  # fmt: skip
