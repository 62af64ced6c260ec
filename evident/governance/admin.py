from evident.core.admin import register_records

from .models import (
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

register_records(
    ScopeStatement,
    Objective,
    Risk,
    SmsPlan,
    Milestone,
    Process,
    ContextIssue,
    InterestedParty,
    GoverningBody,
    BodyMeeting,
    MeetingAction,
    RoleAssignment,
)
