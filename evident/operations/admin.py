from evident.core.admin import register_records

from .models import Change, ChangeApproval, Incident, IncidentStatusChange, Problem, ServiceRequest

register_records(Change, ChangeApproval, Problem, Incident, IncidentStatusChange, ServiceRequest)

# Resolution and fulfilment (8.6): the priority matrix and incident reviews.
from .models import IncidentReview, PriorityMatrix  # noqa: E402

register_records(PriorityMatrix, IncidentReview)

# Change control, design, transition and release (8.5).
from .models import (  # noqa: E402
    ChangeAuthority,
    ChangeTemplate,
    Deployment,
    Release,
    ServiceDesign,
    TransitionPlan,
)

register_records(
    ChangeTemplate, ChangeAuthority, Release, Deployment, ServiceDesign, TransitionPlan
)
