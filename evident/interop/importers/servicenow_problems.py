"""How a ServiceNow ``problem`` export maps onto Evident's problems and known errors.

One row is one problem in its final state. Problems are written through the
service layer as the tool recorded them: a known error without a workaround, or
a long-open problem with no cause, is history the engine should judge, not a
row to refuse. Only what cannot be true (resolved before it opened, an unknown
state) rejects a row.
"""

from __future__ import annotations

from evident.core import services
from evident.core.tenancy import scoped
from evident.operations.models import Problem

from .reader import SourceRow
from .service_names import ServiceNames
from .servicenow import UNRECORDED_SERVICE
from .servicenow_tables import Parsed, Table, TableWriter, row_key
from .servicenow_values import RowValues, unreadable

P = Problem.Status
# The states of current releases (New ... Closed) and of older ones (Open ... Closed/Resolved).
STATES = {
    "new": P.OPEN, "assess": P.OPEN, "root cause analysis": P.OPEN, "fix in progress": P.OPEN,
    "open": P.OPEN, "pending change": P.OPEN, "work in progress": P.OPEN,
    "known error": P.KNOWN_ERROR, "resolved": P.RESOLVED, "closed": P.CLOSED,
    "closed/resolved": P.CLOSED,
    "101": P.OPEN, "102": P.OPEN, "103": P.OPEN, "104": P.OPEN, "106": P.RESOLVED,
    "107": P.CLOSED, "1": P.OPEN, "2": P.KNOWN_ERROR, "3": P.OPEN, "4": P.CLOSED,
}  # fmt: skip
COMPARED = ("title", "status", "opened_at", "resolved_at", "root_cause", "workaround")


def parse_problem(row: SourceRow) -> tuple[Parsed | None, list]:
    if problems := unreadable(row):
        return None, problems
    number = row_key(row, "number")
    v = RowValues(row, number)
    if not number:
        v.problem("number", "no problem number")
    status = v.choice("state", STATES)
    if status == P.OPEN and v.flag("known_error"):
        status = P.KNOWN_ERROR
    opened_at = v.date("opened_at", required=True)
    resolved_at = v.date("resolved_at") or v.date("closed_at")
    if opened_at and resolved_at and resolved_at < opened_at:
        v.problem("resolved_at", "a problem cannot be resolved before it opened")
    fields = {
        "title": v.text("short_description", 200, required=True),
        "status": status,
        "opened_at": opened_at,
        "resolved_at": resolved_at,
        "root_cause": v.text("cause_notes"),
        "workaround": v.text("workaround"),
        "service_name": v.first("business_service", "service") or UNRECORDED_SERVICE,
    }
    if v.problems:
        return None, v.problems
    return Parsed(number, row.row, fields), []


class ProblemWriter(TableWriter):
    def __init__(self, organisation, result):
        super().__init__(organisation, result)
        self.services = ServiceNames(organisation)

    def prepare(self, batch):
        before = self.services.created
        self.services.resolve({r.fields["service_name"]: {"rows": [r.row]} for r in batch[::-1]})
        self.result.services_created += self.services.created - before

    def write(self, record: Parsed) -> str:
        fields = {name: record.fields[name] for name in COMPARED}
        fields["service_id"] = self.services[record.fields["service_name"]]
        problem = scoped(Problem, self.organisation).filter(ref=record.key).first()
        if problem is None:
            services.create_record(Problem, self.organisation, ref=record.key, **fields)
            return "created"
        changes = {k: v for k, v in fields.items() if getattr(problem, k) != v}
        if not changes:
            return "unchanged"
        services.update_record(problem, **changes)
        return "updated"


PROBLEM_TABLE = Table(
    name="problem",
    required_columns=("number", "short_description", "state", "opened_at"),
    key_column="number",
    parse=parse_problem,
    writer=ProblemWriter,
    columns={
        "title": "short_description", "status": "state", "opened_at": "opened_at",
        "resolved_at": "resolved_at", "root_cause": "cause_notes",
        "workaround": "workaround", "service": "business_service", "ref": "number",
    },
)  # fmt: skip
