"""Record types of the implementation journey: scope exclusions and phases, the resource
plan, the communication plan, documents in use and knowledge articles."""

from evident.governance.models import ResourceAllocation, ScopeExclusion, ScopePhase
from evident.support.models import CommunicationPlanItem, DocumentUse, KnowledgeArticle

from ..registry import CONTEXT, PLANNING, SUPPORT, RecordType

JOURNEY_CONTEXT_TYPES = [
    RecordType(
        ScopeExclusion,
        "scope-exclusions",
        CONTEXT,
        clause="4.3",
        columns=("ref", "scope", "excluded", "reason"),
        filters=("scope",),
        search=("ref", "excluded", "reason"),
        form_fields=("scope", "excluded", "reason"),
    ),
    RecordType(
        ScopePhase,
        "scope-phases",
        CONTEXT,
        clause="4.3",
        name="Scope phase",
        plural="Scope phases",
        columns=("ref", "scope", "number", "target_date", "status"),
        filters=("scope", "status"),
        search=("ref", "scope__ref"),
        form_fields=("scope", "number", "services", "target_date", "status"),
    ),
]

JOURNEY_PLANNING_TYPES = [
    RecordType(
        ResourceAllocation,
        "resource-allocations",
        PLANNING,
        clause="7.1",
        columns=(
            "ref",
            "role",
            "person",
            "external_support",
            "process",
            "period_start",
            "period_end",
            "fte",
        ),
        filters=("person", "process"),
        search=("ref", "role", "person__name", "external_support"),
        form_fields=(
            "person",
            "external_support",
            "role",
            "process",
            "period_start",
            "period_end",
            "fte",
        ),
    ),
]

JOURNEY_SUPPORT_TYPES = [
    RecordType(
        CommunicationPlanItem,
        "communication-plan-items",
        SUPPORT,
        clause="7.4",
        name="Communication plan item",
        plural="Communication plan",
        columns=("ref", "subject", "audience", "channel", "frequency", "owner", "next_due"),
        filters=("channel", "frequency", "owner", "active"),
        search=("ref", "subject", "audience"),
        form_fields=(
            "subject",
            "audience",
            "channel",
            "frequency",
            "owner",
            "next_due",
            "active",
        ),
    ),
    RecordType(
        DocumentUse,
        "document-uses",
        SUPPORT,
        clause="7.5",
        name="Document in use",
        plural="Documents in use",
        columns=("ref", "document", "record_type", "record_ref", "note"),
        filters=("document",),
        search=("ref", "record_ref", "document__title", "note"),
        form_fields=("document", "record_type", "record_ref", "note"),
    ),
    RecordType(
        KnowledgeArticle,
        "knowledge-articles",
        SUPPORT,
        clause="7.6",
        columns=("ref", "title", "service", "problem", "status", "owner", "reviewed_on"),
        filters=("status", "service", "owner"),
        search=("ref", "title", "body"),
        form_fields=("title", "body", "service", "problem", "status", "owner", "reviewed_on"),
    ),
]
