from evident.core.admin import register_records

from .models import Change, ChangeApproval, Incident, IncidentStatusChange, Problem, ServiceRequest

register_records(Change, ChangeApproval, Problem, Incident, IncidentStatusChange, ServiceRequest)
