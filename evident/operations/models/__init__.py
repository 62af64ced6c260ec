"""Resolution and fulfilment, and change control (8.5, 8.6), one module per process family."""

from .changes import Change, ChangeApproval, ChangeAuthority, ChangeTemplate
from .priority import PriorityMatrix
from .resolution import Incident, IncidentReview, IncidentStatusChange, Problem, ServiceRequest
from .transition import Deployment, Release, ServiceDesign, TransitionPlan

__all__ = [
    "Change",
    "ChangeApproval",
    "ChangeAuthority",
    "ChangeTemplate",
    "Deployment",
    "Incident",
    "IncidentReview",
    "IncidentStatusChange",
    "PriorityMatrix",
    "Problem",
    "Release",
    "ServiceDesign",
    "ServiceRequest",
    "TransitionPlan",
]
