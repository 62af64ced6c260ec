"""Every record type the pages show, grouped by the clause area it serves.

The registry keeps the order of the standard: context and leadership,
planning, support, operation, performance evaluation and improvement, and
last the engine's own results.
"""

from ..registry import Registry
from .agreements import AGREEMENT_TYPES, SUPPLY_TYPES
from .assurance import ASSURANCE_TYPES
from .certification import CERTIFICATION_TYPES
from .evaluation import EVALUATION_TYPES
from .interop import INTEROP_TYPES
from .journey import JOURNEY_CONTEXT_TYPES, JOURNEY_PLANNING_TYPES, JOURNEY_SUPPORT_TYPES
from .management_system import (
    AUDIT_TYPES,
    CONTEXT_TYPES,
    IMPROVEMENT_TYPES,
    PLANNING_TYPES,
    SUPPORT_TYPES,
)
from .operation import RESOLUTION_TYPES, SERVICE_TYPES
from .portfolio import PORTFOLIO_TYPES
from .resolution import RESOLUTION_REVIEW_TYPES
from .transition import TRANSITION_TYPES

registry = Registry(
    CONTEXT_TYPES
    + JOURNEY_CONTEXT_TYPES
    + PLANNING_TYPES
    + JOURNEY_PLANNING_TYPES
    + SUPPORT_TYPES
    + JOURNEY_SUPPORT_TYPES
    + SERVICE_TYPES
    + AGREEMENT_TYPES
    + SUPPLY_TYPES
    + PORTFOLIO_TYPES
    + RESOLUTION_TYPES
    + RESOLUTION_REVIEW_TYPES
    + ASSURANCE_TYPES
    + TRANSITION_TYPES
    + IMPROVEMENT_TYPES
    + EVALUATION_TYPES
    + AUDIT_TYPES
    + CERTIFICATION_TYPES
    + INTEROP_TYPES
)
