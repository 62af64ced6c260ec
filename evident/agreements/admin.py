"""Admin for agreements: calendars and targets are checked by the agreements rules."""

from django.contrib import admin

from evident.core.admin import RecordAdmin, register_records

from . import services
from .models import (
    SLA,
    Budget,
    BusinessCalendar,
    CapacityPlan,
    CapacityReview,
    Complaint,
    Contract,
    Customer,
    DemandForecast,
    RelationshipReview,
    SatisfactionSurvey,
    SlaMeasurement,
    SlaReview,
    SlaTarget,
    Supplier,
    SupplierMeasurement,
    SupplierReview,
)


class RuledRecordAdmin(RecordAdmin):
    """A record admin whose form also reports the agreements rules, field by field.

    The form shows the errors before anything is saved; the save itself still goes
    through the service layer (``RecordAdmin``).
    """

    rules = None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        rules = type(self).rules

        class RuledForm(form):
            def _post_clean(self):
                super()._post_clean()
                for field, messages in rules(self.instance).items():
                    self.add_error(field if field in self.fields else None, messages)

        return RuledForm


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(RuledRecordAdmin):
    rules = staticmethod(services.calendar_errors)


@admin.register(SlaTarget)
class SlaTargetAdmin(RuledRecordAdmin):
    rules = staticmethod(services.sla_target_errors)


@admin.register(CapacityReview)
class CapacityReviewAdmin(RuledRecordAdmin):
    rules = staticmethod(services.capacity_review_errors)


register_records(
    SLA,
    SlaMeasurement,
    SlaReview,
    Supplier,
    SupplierReview,
    Customer,
    RelationshipReview,
    SatisfactionSurvey,
    Complaint,
    Contract,
    SupplierMeasurement,
    Budget,
    DemandForecast,
    CapacityPlan,
)
