"""Corrective action plans within an engagement: the organisation answers, the auditor decides.

Once the Stage 2 findings are issued, each standing major and minor carries a
nonconformity. The organisation's own people (administrator, SMS manager,
process owner; never an auditor, who must stay impartial) answer it with a
plan: correction, root cause, corrective action, owner and due date. A
returned plan is revised and submitted again as the same plan, so its history
shows each round. The auditor accepts a submitted plan or returns it with the
reason. The plan verbs of ``audits.services`` do the writing; these add who
may act, in which state, and that the plan belongs to this engagement.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from evident.audits import services as audits
from evident.audits.models import CorrectiveActionPlan, Nonconformity
from evident.core.models import Role
from evident.core.verbs import verb

from .models import AuditEngagement, EngagementFinding
from .rules import STANDING, State, require_auditor, require_role, require_state

# The organisation's side of the audit: those who run the SMS answer its nonconformities.
ORGANISATION_ROLES = frozenset({Role.ADMIN, Role.SMS_MANAGER, Role.PROCESS_OWNER})
# Plans are answered after the findings are issued, and may still be after the decision
# (a decision to certify once the plans are accepted awaits them).
PLAN_STATES = {State.AWAITING_CAP, State.REPORTING, State.DECIDED}
PlanStatus = CorrectiveActionPlan.Status


def require_organisation(organisation, doing: str) -> None:
    """The signed-in actor must be one of the organisation's writers; commands are trusted."""
    who = "the organisation's administrator, SMS manager or a process owner"
    require_role(organisation, ORGANISATION_ROLES, doing, who)


def latest_plan(nonconformity: Nonconformity) -> CorrectiveActionPlan | None:
    return nonconformity.action_plans.order_by("-created_at", "-pk").first()


def _answerable(finding: EngagementFinding) -> Nonconformity:
    require_state(finding.engagement, PLAN_STATES, "take a corrective action plan")
    if finding.status not in STANDING or finding.nonconformity_id is None:
        raise ValidationError(
            {"finding": f"{finding.ref} has no nonconformity to answer with a plan."}
        )
    nonconformity = finding.nonconformity
    if nonconformity.status != Nonconformity.Status.OPEN:
        raise ValidationError({"finding": f"{nonconformity.ref} is closed already."})
    return nonconformity


@verb("action_plan.submitted")
def submit_plan(
    finding: EngagementFinding,
    *,
    correction: str,
    root_cause: str,
    corrective_action: str,
    owner,
    due_date,
) -> CorrectiveActionPlan:
    """The organisation submits its plan for a finding's nonconformity (again, once returned)."""
    require_organisation(finding.organisation, "submit a corrective action plan")
    nonconformity = _answerable(finding)
    fields = {
        "correction": (correction or "").strip(),
        "root_cause": (root_cause or "").strip(),
        "corrective_action": (corrective_action or "").strip(),
        "owner": owner,
        "due_date": due_date,
    }
    plan = latest_plan(nonconformity)
    if plan is not None and plan.status == PlanStatus.SUBMITTED:
        raise ValidationError(
            {"plan": f"{plan.ref} is submitted and awaits the auditor; it cannot change now."}
        )
    if plan is not None and plan.status == PlanStatus.ACCEPTED:
        raise ValidationError({"plan": f"{plan.ref} is accepted already."})
    if plan is None:
        missing = [label for name, label in audits.PLAN_PARTS.items() if not fields[name]]
        if missing:
            raise ValidationError(
                {"plan": f"The plan needs {', '.join(missing)} before it is submitted."}
            )
        plan = audits.draft_action_plan(nonconformity, **fields)
        return audits.submit_action_plan(plan)
    return audits.submit_action_plan(plan, **fields)


def _engagement_plan(engagement: AuditEngagement, plan: CorrectiveActionPlan) -> None:
    require_state(engagement, PLAN_STATES, "decide on a corrective action plan")
    ours = engagement.findings.filter(nonconformity_id=plan.nonconformity_id).exists()
    if not ours:
        raise ValidationError({"plan": f"{plan.ref} answers no finding of {engagement.ref}."})


@verb("action_plan.accepted")
def accept_plan(engagement: AuditEngagement, plan: CorrectiveActionPlan) -> CorrectiveActionPlan:
    """The auditor accepts a submitted, complete plan of one of the engagement's findings."""
    require_auditor(engagement.organisation, "accept an action plan")
    _engagement_plan(engagement, plan)
    return audits.accept_action_plan(plan)


@verb("action_plan.returned")
def return_plan(
    engagement: AuditEngagement, plan: CorrectiveActionPlan, *, reason: str
) -> CorrectiveActionPlan:
    """The auditor sends a submitted plan back to the organisation, saying what it still needs."""
    require_auditor(engagement.organisation, "return an action plan")
    _engagement_plan(engagement, plan)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the plan is returned."})
    return audits.return_action_plan(plan, reason=reason)
