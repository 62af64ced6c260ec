"""The audit engine: registered, set-based checks that judge records as a lead auditor would.

``run_evaluation(organisation, stage, audit_date=..., seed=...)`` runs Stage 1
(readiness) or Stage 2 (effectiveness) and stores an ``Evaluation`` with its
findings and samples; ``evaluation_as_dict`` and ``render_text`` present it.
"""

from .registry import Check, FindingResult, all_checks, checks_for_stage, register
from .render import evaluation_as_dict, render_text
from .runner import ENGINE_VERSION, run_evaluation
from .scope import AuditScope

__all__ = [
    "ENGINE_VERSION",
    "AuditScope",
    "Check",
    "FindingResult",
    "all_checks",
    "checks_for_stage",
    "evaluation_as_dict",
    "register",
    "render_text",
    "run_evaluation",
]
