"""Context, scope, leadership, objectives, risks, the SMS plan and processes over the API."""

from decimal import Decimal

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
    update = {"status": "approved", "locations": "London, Leeds"}

    def fields(self, org):
        return {
            "statement": "Hosted e-mail for customers in the UK",
            "services": [service(org)],
            "approved_by": person(org),
            "approved_at": NOW,
        }


class TestObjectives(RecordEndpointContract):
    route = "objectives"
    model = Objective
    update = {"status": "achieved"}

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
    update = {"likelihood": 5, "status": "treated"}

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
    update = {"status": "done", "completed_on": TODAY.isoformat()}

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
