"""Every record type the pages show, grouped by the clause area it serves.

The registry keeps the order of the standard: context and leadership,
planning, support, operation, performance evaluation and improvement, and
last the engine's own results.
"""

from ..registry import Registry
from .management_system import (
    AUDIT_TYPES,
    CONTEXT_TYPES,
    IMPROVEMENT_TYPES,
    PLANNING_TYPES,
    SUPPORT_TYPES,
)
from .operation import RESOLUTION_TYPES, SERVICE_TYPES

registry = Registry(
    CONTEXT_TYPES
    + PLANNING_TYPES
    + SUPPORT_TYPES
    + SERVICE_TYPES
    + RESOLUTION_TYPES
    + IMPROVEMENT_TYPES
    + AUDIT_TYPES
)
