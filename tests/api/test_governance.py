"""Context, scope, leadership, objectives, risks, the SMS plan and processes over the API.

The records are entered and edited as the contracts say; the decisions among them
(a scope approved, a phase certified, an objective judged, a risk treated, a
milestone done) move by their transitions, each refused naming the field at fault.
"""

import datetime as dt
from decimal import Decimal

import pytest

from evident.audits.models import Kpi, KpiMeasurement
from evident.core.models import HistoryEntry
from evident.core.tenancy import scoped
from evident.governance.models import (
    BodyMeeting,
    ContextIssue,
    GoverningBody,
    InterestedParty,
    MeetingAction,
    Milestone,
    Objective,
    Process,
    Risk,
    RoleAssignment,
    ScopePhase,
    ScopeStatement,
    SmsPlan,
)
from tests.api import (
    NOW,
    TODAY,
    RecordEndpointContract,
    client_for,
    document,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    person,
    record,
    service,
    sms_plan,
)


class TestScopeStatements(RecordEndpointContract):
    route = "scope-statements"
    model = ScopeStatement
    update = {"locations": "London, Leeds"}

    def fields(self, org):
        # A scope is written as a draft; its approval is the approve transition's.
        return {"statement": "Hosted e-mail for customers in the UK", "services": [service(org)]}


class TestObjectives(RecordEndpointContract):
    route = "objectives"
    model = Objective
    update = {"title": "Resolve incidents within four hours", "due_date": "2025-12-31"}

    def fields(self, org):
        return {
            "title": "Resolve incidents faster",
            "measure": "median resolution hours",
            "target_value": Decimal("4"),
            "owner": person(org),
            "due_date": TODAY,
        }


class TestRisks(RecordEndpointContract):
    route = "risks"
    model = Risk
    update = {"likelihood": 5, "treatment": "Replicate to a second region"}

    def fields(self, org):
        return {"title": "Single datacentre", "category": "service", "likelihood": 2, "impact": 4}


class TestSmsPlans(RecordEndpointContract):
    route = "sms-plans"
    model = SmsPlan
    update = {"title": "SMS plan 2025-2026"}

    def fields(self, org):
        return {"title": "SMS plan 2025", "owner": person(org), "approved_at": NOW}


class TestMilestones(RecordEndpointContract):
    route = "milestones"
    model = Milestone
    update = {"title": "Policy approved by the board", "due_date": "2025-04-30"}

    def fields(self, org):
        return {"plan": sms_plan(org), "title": "Policy approved", "due_date": TODAY}


class TestProcesses(RecordEndpointContract):
    route = "processes"
    model = Process
    update = {"in_scope": False}

    def fields(self, org):
        # One process per key in an organisation: take the first key not yet used.
        used = set(scoped(Process, org).values_list("key", flat=True))
        key = next(k for k in Process.Key.values if k not in used)
        return {"key": key, "owner": person(org), "procedure": document(org)}


class TestContextIssues(RecordEndpointContract):
    route = "context-issues"
    model = ContextIssue
    update = {"kind": "internal", "review_due": "2026-03-01"}

    def fields(self, org):
        return {"title": "Cloud prices rising", "kind": "external", "recorded_on": TODAY}


class TestInterestedParties(RecordEndpointContract):
    route = "interested-parties"
    model = InterestedParty
    update = {"needs": "Mail answered within a day", "reviewed_on": "2025-03-04"}

    def fields(self, org):
        return {"name": "Group finance division", "kind": "customer"}


class TestGoverningBodies(RecordEndpointContract):
    route = "governing-bodies"
    model = GoverningBody
    update = {"meeting_interval_days": 60}

    def fields(self, org):
        sponsor = person(org, "Ada Chief")
        return {
            "name": "SMS steering committee",
            "executive_sponsor": sponsor,
            "chair": sponsor,
            "members": [sponsor],
        }


class TestBodyMeetings(RecordEndpointContract):
    route = "body-meetings"
    model = BodyMeeting
    update = {"decisions": "Fund a second hosting region"}

    def fields(self, org):
        return {"body": governing_body(org), "held_on": TODAY, "attendees": [person(org)]}


class TestMeetingActions(RecordEndpointContract):
    route = "meeting-actions"
    model = MeetingAction
    update = {"closed_on": "2025-03-20"}

    def fields(self, org):
        meeting = record(BodyMeeting, org, body=governing_body(org), held_on=TODAY)
        return {
            "meeting": meeting,
            "description": "Cost the second region",
            "owner": person(org),
            "due_date": TODAY,
        }


class TestRoleAssignments(RecordEndpointContract):
    route = "role-assignments"
    model = RoleAssignment
    update = {"responsibility": "accountable"}

    def fields(self, org):
        return {"person": person(org), "role": "Change manager"}


def governing_body(org):
    return record(GoverningBody, org, name="SMS steering committee")


def test_a_meeting_lists_the_refs_of_its_attendees(org, manager):
    attendee = person(org, "Ada Chief")
    meeting = record(BodyMeeting, org, body=governing_body(org), held_on=TODAY)
    api = client_for(manager)
    api.patch(endpoint(org, "body-meetings", meeting.pk), {"attendees": [attendee.pk]})
    response = api.get(endpoint(org, "body-meetings", meeting.pk))
    assert response.data["attendee_refs"] == [attendee.ref]
    assert response.data["body_ref"] == meeting.body.ref


def test_open_meeting_actions_can_be_listed_on_their_own(org, manager):
    meeting = record(BodyMeeting, org, body=governing_body(org), held_on=TODAY)
    still_open = record(MeetingAction, org, meeting=meeting, description="a", due_date=TODAY)
    record(MeetingAction, org, meeting=meeting, description="b", due_date=TODAY, closed_on=TODAY)
    response = client_for(manager).get(endpoint(org, "meeting-actions"), {"open": "true"})
    assert [row["ref"] for row in response.data["results"]] == [still_open.ref]


@pytest.fixture
def api(manager):
    return client_for(manager)


def move(api, org, route, pk, transition, body=None):
    return api.post(f"{endpoint(org, route, pk)}{transition}/", body or {}, format="json")


def refused(response, field):
    assert response.status_code == 400, response.data
    assert field in response.data, response.data


def scope(org, **fields):
    return record(ScopeStatement, org, statement="Hosted e-mail", **fields)


IN_FORCE_SINCE = dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC)


class TestScopeApproval:
    def test_approving_a_scope_supersedes_the_one_in_force_in_one_operation(self, api, org):
        old = scope(org, status="approved", approved_at=IN_FORCE_SINCE)
        new = scope(org, version="2")
        approver = person(org, "Ada Chief")
        body = {"approved_by": approver.pk, "approved_at": "2025-03-03T10:00:00Z"}
        response = move(api, org, "scope-statements", new.pk, "approve", body)
        assert response.status_code == 200, response.data
        assert (response.data["approved_by_ref"], response.data["status"]) == (
            approver.ref,
            "approved",
        )
        assert ScopeStatement.objects.get(pk=old.pk).status == "superseded"
        entries = HistoryEntry.objects.filter(object_ref__in=[old.ref, new.ref], action="update")
        assert {(e.event, e.operation) for e in entries} == {
            ("scopestatement.approved", entries[0].operation)
        }

    def test_an_approval_dated_before_the_scope_in_force_or_ahead_is_refused(self, api, org):
        scope(org, status="approved", approved_at=IN_FORCE_SINCE)
        draft = scope(org, version="2")
        approver = person(org).pk
        for when in ("2024-12-01T09:00:00Z", "2999-01-01T09:00:00Z"):
            body = {"approved_by": approver, "approved_at": when}
            refused(move(api, org, "scope-statements", draft.pk, "approve", body), "approved_at")
        assert ScopeStatement.objects.get(pk=draft.pk).status == "draft"

    def test_an_approval_is_not_typed_in_and_an_approved_scope_is_not_edited(self, api, org):
        body = {"statement": "Hosted e-mail", "approved_by": person(org).pk}
        refused(api.post(endpoint(org, "scope-statements"), body, format="json"), "approved_by")
        draft = scope(org)
        at = endpoint(org, "scope-statements", draft.pk)
        refused(
            api.patch(at, {"approved_at": "2025-03-03T10:00:00Z"}, format="json"), "approved_at"
        )
        refused(api.patch(at, {"status": "approved"}, format="json"), "status")
        approved = scope(org, status="approved", approved_at=IN_FORCE_SINCE)
        at = endpoint(org, "scope-statements", approved.pk)
        refused(api.patch(at, {"locations": "Leeds"}, format="json"), "locations")
        assert api.patch(at, {"locations": ""}, format="json").status_code == 200


class TestPhaseCertification:
    def phase(self, org, scope_statement, number, status="in_progress"):
        return record(ScopePhase, org, scope=scope_statement, number=number, status=status)

    def test_a_phase_is_certified_only_under_an_approved_scope(self, api, org):
        phase = self.phase(org, scope(org), 1)
        refused(move(api, org, "scope-phases", phase.pk, "certify"), "scope")

    def test_phases_are_certified_in_order(self, api, org):
        approved = scope(org, status="approved", approved_at=IN_FORCE_SINCE)
        first = self.phase(org, approved, 1, status="planned")
        second = self.phase(org, approved, 2)
        refused(move(api, org, "scope-phases", second.pk, "certify"), "number")
        move(api, org, "scope-phases", first.pk, "start")
        assert move(api, org, "scope-phases", first.pk, "certify").status_code == 200
        assert move(api, org, "scope-phases", second.pk, "certify").data["status"] == "certified"


class TestObjectiveJudgement:
    def test_an_objective_without_measure_or_target_is_not_judged(self, api, org):
        vague = record(Objective, org, title="Delight customers")
        for transition in ("achieve", "miss"):
            response = move(api, org, "objectives", vague.pk, transition)
            refused(response, "measure")
            assert "target_value" in response.data
        assert move(api, org, "objectives", vague.pk, "withdraw").data["status"] == "withdrawn"

    def test_an_objective_its_kpi_shows_short_of_target_is_not_achieved(self, api, org):
        objective = record(
            Objective, org, title="Answer fast", measure="P1 response", target_value=15
        )
        kpi = record(
            Kpi,
            org,
            key="p1",
            name="P1 response",
            direction="lower",
            target=15,
            objective=objective,
        )
        for month, value in ((1, 12), (2, 20)):
            day = dt.date(2025, month, 1)
            record(KpiMeasurement, org, kpi=kpi, period_start=day, period_end=day, value=value)
        response = move(api, org, "objectives", objective.pk, "achieve")
        refused(response, "status")
        assert kpi.ref in str(response.data["status"])
        march = dt.date(2025, 3, 1)
        record(KpiMeasurement, org, kpi=kpi, period_start=march, period_end=march, value=14)
        assert move(api, org, "objectives", objective.pk, "achieve").data["status"] == "achieved"


def test_a_risk_is_treated_only_with_a_treatment_and_an_owner(api, org):
    risk = record(Risk, org, title="Single datacentre")
    response = move(api, org, "risks", risk.pk, "treat")
    refused(response, "treatment")
    assert "owner" in response.data
    owner = person(org)
    risk_with_owner = record(Risk, org, title="Key staff leave", owner=owner)
    body = {"treatment": "Cross-train a second engineer"}
    response = move(api, org, "risks", risk_with_owner.pk, "treat", body)
    assert (response.data["status"], response.data["owner_ref"]) == ("treated", owner.ref)


def test_a_milestone_is_done_after_what_it_waits_on_and_not_ahead_of_time(api, org):
    plan = sms_plan(org)
    first = record(Milestone, org, plan=plan, title="Scope approved", due_date=TODAY)
    second = record(
        Milestone, org, plan=plan, title="Policy approved", due_date=TODAY, dependencies=[first.pk]
    )
    done = {"completed_on": TODAY.isoformat()}
    refused(move(api, org, "milestones", second.pk, "complete", done), "status")
    future = {"completed_on": "2999-01-01"}
    refused(move(api, org, "milestones", first.pk, "complete", future), "completed_on")
    assert move(api, org, "milestones", first.pk, "complete", done).status_code == 200
    assert move(api, org, "milestones", second.pk, "complete", done).data["status"] == "done"


def test_a_meeting_action_falls_due_and_closes_after_its_meeting(api, org):
    meeting = record(BodyMeeting, org, body=governing_body(org), held_on=TODAY)
    early = (TODAY - dt.timedelta(days=1)).isoformat()
    body = {"meeting": meeting.pk, "description": "Cost it", "due_date": early}
    refused(api.post(endpoint(org, "meeting-actions"), body, format="json"), "due_date")
    action = record(MeetingAction, org, meeting=meeting, description="Cost it", due_date=TODAY)
    at = endpoint(org, "meeting-actions", action.pk)
    refused(api.patch(at, {"closed_on": early}, format="json"), "closed_on")
    refused(api.patch(at, {"closed_on": "2999-01-01"}, format="json"), "closed_on")


def test_a_process_has_one_accountable_person_whichever_way_it_is_entered(api, org):
    change_process = record(Process, org, key="change")
    owner, deputy = person(org, "Ada Chief"), person(org, "Bo Deputy")
    accountable = {"role": "Change owner", "process": change_process.pk}
    accountable["responsibility"] = "accountable"
    url = endpoint(org, "role-assignments")
    assert api.post(url, {**accountable, "person": owner.pk}, format="json").status_code == 201
    refused(api.post(url, {**accountable, "person": deputy.pk}, format="json"), "responsibility")
    coordinator = {"person": deputy.pk, "role": "Change coordinator", "process": change_process.pk}
    created = api.post(url, coordinator, format="json").data
    at = endpoint(org, "role-assignments", created["id"])
    refused(api.patch(at, {"responsibility": "accountable"}, format="json"), "responsibility")
