"""The lifecycles of an audit engagement and its findings, and the rules their moves keep.

Only an auditor moves an audit: the organisation's own people cannot start
it, decide on its findings, issue its outcome or decide its certification.
"""

import datetime as dt

import pytest

from evident.audits.engine import runner
from evident.audits.models import Nonconformity
from evident.certification.models import (
    AuditEngagement,
    CertificationDecision,
    EngagementFinding,
)
from evident.core.models import HistoryEntry, Role
from evident.core.tenancy import scoped
from tests.api import (
    TODAY,
    LifecycleContract,
    client_for,
    endpoint,
    last_entry,
    person,
    record,
)

AUDITS = "audit-engagements"
FINDINGS = "engagement-findings"
CERTIFY = {"decision": "certify", "rationale": "No nonconformity stands."}


def engagement(org, kind="stage2", state="planned"):
    return record(
        AuditEngagement,
        org,
        title=f"{kind} audit",
        kind=kind,
        audit_date=TODAY,
        period_start=TODAY - dt.timedelta(days=365),
        period_end=TODAY,
        state=state,
    )


def finding(org, audit, *, grade="minor", severity="", status="draft"):
    return record(
        EngagementFinding,
        org,
        engagement=audit,
        origin="engine",
        key=f"s2.supplier.reviewed:{grade}:{status}",
        clause="8.3.4",
        grade=grade,
        severity=severity,
        statement="The mail supplier was not reviewed in the period.",
        requirement="Supplier performance is reviewed against the contract.",
        status=status,
    )


def move(api, org, route, pk, name, body=None):
    return api.post(f"{endpoint(org, route, pk)}{name}/", body or {}, format="json")


def state_of(audit) -> str:
    return AuditEngagement.objects.get(pk=audit.pk).state


class AuditorMoves:
    """The contracts walk as an internal auditor: an auditor moves, a writer voids."""

    role = Role.INTERNAL_AUDITOR

    @pytest.fixture
    def api(self, org, make_user):
        return client_for(make_user(org, self.role))


class TestAuditEngagementLifecycle(AuditorMoves, LifecycleContract):
    route = AUDITS
    model = AuditEngagement

    @staticmethod
    def prepare_walks(monkeypatch):
        # Every engine finding starts as a draft the auditor must decide on before the
        # audit can end; the walks are of the engagement, so the engine finds nothing.
        monkeypatch.setattr(runner, "run_checks", lambda scope, stage: [])

    @pytest.fixture(autouse=True)
    def engine_finds_nothing(self, monkeypatch):
        self.prepare_walks(monkeypatch)

    def fresh(self, org):
        # The first walk ends a Stage 1 with its outcome, the second a Stage 2 with its
        # decision: the organisation's first engagement is a Stage 1, the next a Stage 2.
        kind = ("stage1", "stage2")[scoped(AuditEngagement, org).count() % 2]
        return engagement(org, kind)

    def walks(self, org):
        started = ("start-fieldwork", {"seed": 7})
        return (
            (started, ("issue-outcome", {"rationale": "No concern stands."}), ("close", {})),
            (started, ("issue-findings", {}), ("decide", CERTIFY), ("close", {})),
        )


class TestEngagementFindingLifecycle(AuditorMoves, LifecycleContract):
    route = FINDINGS
    model = EngagementFinding

    def fresh(self, org):
        return finding(org, engagement(org, state="fieldwork"))

    def walks(self, org):
        return (
            (
                ("confirm", {"reason": "Seen in the supplier register."}),
                ("regrade", {"grade": "major", "reason": "The supplier runs the mail service."}),
                ("withdraw", {"reason": "A review held outside the tool was shown."}),
            ),
        )


@pytest.fixture
def auditor(org, make_user):
    return client_for(make_user(org, Role.EXTERNAL_AUDITOR))


# Who moves the audit ------------------------------------------------------------------

ENGAGEMENT_MOVES = [
    ("planned", "start-fieldwork", {}),
    ("fieldwork", "issue-findings", {}),
    ("fieldwork", "issue-outcome", {}),
    ("reporting", "decide", {"decision": "do_not_certify", "rationale": "Not our call."}),
    ("decided", "close", {}),
]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SMS_MANAGER, Role.PROCESS_OWNER])
def test_the_organisations_own_people_make_no_move_of_their_audit(org, make_user, role):
    staff = client_for(make_user(org, role))
    audit = engagement(org)
    for state, name, body in ENGAGEMENT_MOVES:
        AuditEngagement.objects.filter(pk=audit.pk).update(state=state)
        response = move(staff, org, AUDITS, audit.pk, name, body)
        assert response.status_code == 403, (name, response.data)
        assert state_of(audit) == state
    AuditEngagement.objects.filter(pk=audit.pk).update(state="fieldwork")
    draft = finding(org, audit)
    for name, body in (("confirm", {}), ("withdraw", {"reason": "Ours, not a finding."})):
        assert move(staff, org, FINDINGS, draft.pk, name, body).status_code == 403, name
    assert EngagementFinding.objects.get(pk=draft.pk).status == "draft"
    assert not CertificationDecision.objects.exists()


def test_an_external_auditor_closes_a_decided_audit(org, auditor):
    audit = engagement(org, state="decided")
    response = move(auditor, org, AUDITS, audit.pk, "close")
    assert response.status_code == 200, response.data
    assert response.data["state"] == "closed"
    assert last_entry(AuditEngagement, audit.pk).event == "audit_engagement.closed"


# How each kind of audit ends ----------------------------------------------------------


def test_a_stage1_ends_with_its_outcome_and_a_stage2_with_its_decision(org, auditor):
    stage1 = engagement(org, "stage1", "fieldwork")
    stage2 = engagement(org, "stage2", "fieldwork")
    refused = move(auditor, org, AUDITS, stage2.pk, "issue-outcome")
    assert refused.status_code == 400 and "kind" in refused.data
    refused = move(auditor, org, AUDITS, stage1.pk, "issue-findings")
    assert refused.status_code == 400 and "kind" in refused.data
    AuditEngagement.objects.filter(pk=stage1.pk).update(state="reporting")
    refused = move(auditor, org, AUDITS, stage1.pk, "decide", CERTIFY)
    assert refused.status_code == 400 and "kind" in refused.data
    assert (state_of(stage1), state_of(stage2)) == ("reporting", "fieldwork")


def test_no_draft_is_left_when_the_findings_are_issued(org, auditor):
    audit = engagement(org, state="fieldwork")
    draft = finding(org, audit)
    refused = move(auditor, org, AUDITS, audit.pk, "issue-findings")
    assert refused.status_code == 400
    assert draft.ref in refused.data["findings"][0]
    assert state_of(audit) == "fieldwork"
    assert not Nonconformity.objects.exists()


def test_issuing_the_findings_raises_the_nonconformities_in_one_operation(org, auditor):
    audit = engagement(org, state="fieldwork")
    minor = finding(org, audit, status="confirmed")
    finding(org, audit, grade="ofi", status="confirmed")
    before = HistoryEntry.objects.filter(organisation=org).order_by("seq").last().seq
    issued = move(auditor, org, AUDITS, audit.pk, "issue-findings")
    assert issued.status_code == 200, issued.data
    assert issued.data["state"] == "awaiting_cap"
    (nonconformity,) = Nonconformity.objects.all()
    assert EngagementFinding.objects.get(pk=minor.pk).nonconformity == nonconformity
    entries = HistoryEntry.objects.filter(seq__gt=before, organisation=org)
    assert {e.model for e in entries} == {
        "audits.nonconformity",
        "certification.engagementfinding",
        "certification.auditengagement",
    }
    assert {(e.operation, e.event) for e in entries} == {
        (entries[0].operation, "audit_engagement.findings_issued")
    }


def test_the_decision_goes_no_further_than_the_recommendation(org, auditor):
    audit = engagement(org, state="fieldwork")
    finding(org, audit, status="confirmed")
    move(auditor, org, AUDITS, audit.pk, "issue-findings")
    refused = move(auditor, org, AUDITS, audit.pk, "decide", CERTIFY)
    assert refused.status_code == 400 and "decision" in refused.data
    assert state_of(audit) == "awaiting_cap"

    lead = person(org, "Ada Auditor")
    body = {
        "decision": "certify_after_cap",
        "rationale": "One minor; its plan is due.",
        "decided_by": lead.pk,
    }
    decided = move(auditor, org, AUDITS, audit.pk, "decide", body)
    assert decided.status_code == 200, decided.data
    assert decided.data["state"] == "decided"
    decision = CertificationDecision.objects.get(engagement=audit)
    assert (decision.decision, decision.recommendation) == (
        "certify_after_cap",
        "recommended_after_cap",
    )
    assert (decision.decided_by, decision.decided_by_name) == (lead, "external_auditor-acme")
    assert last_entry(CertificationDecision, decision.pk).event == "audit_engagement.decided"


# The auditor's decisions on findings --------------------------------------------------


def test_a_finding_is_regraded_or_withdrawn_only_with_a_reason(org, auditor):
    draft = finding(org, engagement(org, state="fieldwork"))
    for name, body in (("regrade", {"grade": "major"}), ("withdraw", {"reason": "  "})):
        refused = move(auditor, org, FINDINGS, draft.pk, name, body)
        assert refused.status_code == 400 and "reason" in refused.data, name
    wrong = move(
        auditor, org, FINDINGS, draft.pk, "regrade", {"grade": "area_of_concern", "reason": "x"}
    )
    assert wrong.status_code == 400 and "grade" in wrong.data
    assert EngagementFinding.objects.get(pk=draft.pk).status == "draft"


def test_a_stage1_concern_is_regraded_with_its_severity(org, auditor):
    concern = finding(
        org, engagement(org, "stage1", "fieldwork"), grade="area_of_concern", severity="low"
    )
    body = {"grade": "area_of_concern", "reason": "Both objectives are customer-facing."}
    refused = move(auditor, org, FINDINGS, concern.pk, "regrade", body)
    assert refused.status_code == 400 and "severity" in refused.data
    regraded = move(auditor, org, FINDINGS, concern.pk, "regrade", {**body, "severity": "medium"})
    assert regraded.status_code == 200, regraded.data
    assert (regraded.data["status"], regraded.data["severity"]) == ("changed", "medium")


def test_findings_are_decided_on_only_while_fieldwork_lasts(org, auditor):
    audit = engagement(org, state="awaiting_cap")
    confirmed = finding(org, audit, status="confirmed")
    refused = move(auditor, org, FINDINGS, confirmed.pk, "withdraw", {"reason": "Shown later."})
    assert refused.status_code == 400 and "state" in refused.data
    assert EngagementFinding.objects.get(pk=confirmed.pk).status == "confirmed"
