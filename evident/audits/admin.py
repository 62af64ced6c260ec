from django.contrib import admin

from evident.core.admin import register_records

from .models import (
    Clause,
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    InternalAudit,
    ManagementReview,
    Nonconformity,
    Sample,
)

register_records(
    InternalAudit,
    ManagementReview,
    Nonconformity,
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    Sample,
)

admin.site.register(Clause)
