from evident.core.admin import register_records

from .models import ContinuityPlan, ContinuityTest

register_records(ContinuityPlan, ContinuityTest)
