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
    ),
    RecordType(
        ScopePhase,
        "scope-phases",
        CONTEXT,
        clause="4.3",
        name="Scope phase",
        plural="Scope phases",
    ),
]

JOURNEY_PLANNING_TYPES = [
    RecordType(
        ResourceAllocation,
        "resource-allocations",
        PLANNING,
        clause="7.1",
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
    ),
    RecordType(
        DocumentUse,
        "document-uses",
        SUPPORT,
        clause="7.5",
        name="Document in use",
        plural="Documents in use",
    ),
    RecordType(
        KnowledgeArticle,
        "knowledge-articles",
        SUPPORT,
        clause="7.6",
    ),
]
