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
    ResourceAllocation,
    Risk,
    RoleAssignment,
    ScopeExclusion,
    ScopePhase,
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
    ScopeExclusion,
    ScopePhase,
    ResourceAllocation,
)
