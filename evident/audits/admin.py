from django.contrib import admin

from evident.core.admin import register_records

from .models import (
    AuditChecklistItem,
    AuditProgramme,
    Clause,
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    Improvement,
    InternalAudit,
    Kpi,
    KpiMeasurement,
    ManagementReview,
    Nonconformity,
    ReviewOutput,
    Sample,
    ServiceReport,
)

register_records(
    AuditProgramme,
    InternalAudit,
    AuditChecklistItem,
    ManagementReview,
    ReviewOutput,
    Kpi,
    KpiMeasurement,
    ServiceReport,
    Improvement,
    Nonconformity,
    CorrectiveAction,
    CorrectiveActionPlan,
    Evaluation,
    Finding,
    Sample,
)


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    """The catalogue is loaded from its data file; edits here would be overwritten."""

    list_display = ["number", "title", "level", "catalogue_version"]
    search_fields = ["number", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
