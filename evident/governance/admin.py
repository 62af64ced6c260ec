from evident.core.admin import register_records

from .models import Milestone, Objective, Process, Risk, ScopeStatement, SmsPlan

register_records(ScopeStatement, Objective, Risk, SmsPlan, Milestone, Process)
