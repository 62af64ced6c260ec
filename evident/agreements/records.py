"""How the records of agreements, customers, suppliers and supply and demand change.

An SLA is agreed with its customer, reviewed and retired; a contract is signed,
renewed and terminated; a complaint is resolved, withdrawn or raised as a
nonconformity; a planned relationship review is held or cancelled: each by its
verb (``lifecycles``), never by typing a status. Whether a customer is still a
customer, or a supplier still supplies, is a plain fact a person edits. A
calendar the SLA clock cannot run on, a target that cannot be measured, or a
month marked met against its own numbers is refused. Budgets, forecasts,
capacity plans and reviews, surveys and supplier reviews are entered and edited
as they are, with the rules their models keep. Imports and bundles record what
the source tool had, through ``core.services``.
"""

from __future__ import annotations

from evident.core.records import declare

from . import services as verbs
from .filters import (
    BudgetFilterSet,
    BusinessCalendarFilterSet,
    CapacityPlanFilterSet,
    CapacityReviewFilterSet,
    ComplaintFilterSet,
    ContractFilterSet,
    CustomerFilterSet,
    DemandForecastFilterSet,
    RelationshipReviewFilterSet,
    SatisfactionSurveyFilterSet,
    SlaFilterSet,
    SlaMeasurementFilterSet,
    SlaReviewFilterSet,
    SlaTargetFilterSet,
    SupplierFilterSet,
    SupplierMeasurementFilterSet,
    SupplierReviewFilterSet,
)
from .lifecycles import (
    COMPLAINT_LIFECYCLE,
    CONTRACT_LIFECYCLE,
    REVIEW_LIFECYCLE,
    SLA_LIFECYCLE,
)
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
from .services.customers import complaint_closure_errors, enter_complaint
from .services.service_levels import sla_agreement_errors
from .services.suppliers import measurement_errors

# Service levels (8.3.3)
declare(
    BusinessCalendar,
    create=verbs.define_calendar,
    update=verbs.revise_calendar,
    columns=("ref", "name", "time_zone", "holiday_country", "holiday_subdivision"),
    search=("ref", "name"),
    filterset=BusinessCalendarFilterSet,
    fields=(
        "name",
        "time_zone",
        "working_hours",
        "holidays",
        "yearly_holidays",
        "holiday_country",
        "holiday_subdivision",
    ),
)
declare(
    SLA,
    rules=(sla_agreement_errors,),
    lifecycle=SLA_LIFECYCLE,
    columns=("ref", "name", "service", "customer", "calendar", "status", "agreed_on", "review_due"),
    filters=("status", "service", "calendar"),
    search=("ref", "name", "customer"),
    filterset=SlaFilterSet,
    fields=(
        "name",
        "service",
        "customer",
        "status",
        "agreed_on",
        "review_due",
        "calendar",
        "availability_target",
    ),
)
declare(
    SlaTarget,
    create=verbs.define_sla_target,
    update=verbs.revise_sla_target,
    columns=(
        "ref",
        "sla",
        "metric",
        "kind",
        "priority",
        "time_limit_minutes",
        "direction",
        "target_value",
        "unit",
        "effective_from",
        "effective_to",
    ),
    filters=("sla", "kind", "priority"),
    search=("ref", "metric"),
    filterset=SlaTargetFilterSet,
    fields=(
        "sla",
        "metric",
        "kind",
        "priority",
        "time_limit_minutes",
        "effective_from",
        "effective_to",
        "target_value",
        "unit",
        "direction",
    ),
)
declare(
    SlaMeasurement,
    rules=(verbs.sla_measurement_errors,),
    columns=("ref", "target", "month", "value", "met"),
    filters=("met",),
    search=("ref", "target__metric", "target__sla__name"),
    filterset=SlaMeasurementFilterSet,
    fields=("target", "month", "value", "met"),
)
declare(
    SlaReview,
    columns=("ref", "sla", "reviewed_on", "reviewer"),
    filters=("sla",),
    search=("ref", "notes"),
    filterset=SlaReviewFilterSet,
    fields=("sla", "reviewed_on", "reviewer", "notes", "breaches_reviewed"),
)

# Customers and the relationship (8.3.1, 8.3.2)
declare(
    Customer,
    editable_states=("status",),
    fields=("name", "kind", "status", "contact", "customer_contact", "services"),
    columns=("ref", "name", "kind", "status", "contact"),
    filters=("kind", "status", "services"),
    search=("ref", "name", "customer_contact"),
    filterset=CustomerFilterSet,
)
declare(
    RelationshipReview,
    lifecycle=REVIEW_LIFECYCLE,
    fields=(
        "customer",
        "status",
        "planned_on",
        "held_on",
        "attendees",
        "customer_attendees",
        "outcomes",
        "actions",
    ),
    columns=("ref", "customer", "status", "planned_on", "held_on"),
    filters=("status", "customer"),
    search=("ref", "customer__name", "outcomes", "actions"),
    filterset=RelationshipReviewFilterSet,
)
declare(
    SatisfactionSurvey,
    fields=(
        "customer",
        "service",
        "period_start",
        "period_end",
        "conducted_on",
        "responses",
        "score",
        "comments",
    ),
    columns=("ref", "customer", "service", "conducted_on", "responses", "score"),
    filters=("customer", "service"),
    search=("ref", "customer__name", "comments"),
    filterset=SatisfactionSurveyFilterSet,
)
declare(
    Complaint,
    create=enter_complaint,
    rules=(complaint_closure_errors,),
    lifecycle=COMPLAINT_LIFECYCLE,
    columns=(
        "ref",
        "summary",
        "customer",
        "service",
        "status",
        "received_on",
        "respond_by",
        "resolved_on",
    ),
    filters=("status", "customer", "service"),
    search=("ref", "summary", "details", "resolution"),
    filterset=ComplaintFilterSet,
    fields=(
        "customer",
        "service",
        "summary",
        "details",
        "received_on",
        "respond_by",
        "status",
        "resolved_on",
        "resolution",
        "handler",
    ),
)

# Suppliers (8.3.4)
declare(
    Supplier,
    editable_states=("status",),
    fields=(
        "name",
        "supplier_type",
        "services",
        "contract_ref",
        "contract_end",
        "status",
        "manager",
    ),
    columns=("ref", "name", "supplier_type", "contract_ref", "contract_end", "status", "manager"),
    filters=("supplier_type", "status", "services"),
    search=("ref", "name", "contract_ref"),
    filterset=SupplierFilterSet,
)
declare(
    SupplierReview,
    fields=("supplier", "reviewed_on", "reviewer", "rating", "notes"),
    columns=("ref", "supplier", "reviewed_on", "reviewer", "rating"),
    filters=("supplier", "rating"),
    search=("ref", "notes", "supplier__name"),
    filterset=SupplierReviewFilterSet,
)
declare(
    Contract,
    lifecycle=CONTRACT_LIFECYCLE,
    fields=(
        "supplier",
        "title",
        "kind",
        "services",
        "starts_on",
        "ends_on",
        "notice_by",
        "value",
        "currency",
        "targets",
        "status",
        "owner",
    ),
    columns=("ref", "title", "supplier", "kind", "status", "starts_on", "ends_on", "notice_by"),
    filters=("kind", "status", "supplier", "services"),
    search=("ref", "title", "supplier__name", "targets"),
    filterset=ContractFilterSet,
)
declare(
    SupplierMeasurement,
    rules=(measurement_errors,),
    columns=("ref", "supplier", "month", "metric", "target", "actual", "unit", "met"),
    filters=("met", "supplier"),
    search=("ref", "metric", "supplier__name"),
    filterset=SupplierMeasurementFilterSet,
    fields=(
        "supplier",
        "contract",
        "month",
        "metric",
        "target",
        "direction",
        "actual",
        "unit",
        "met",
    ),
)

# Supply and demand (8.4)
declare(
    Budget,
    fields=(
        "service",
        "period_label",
        "period_start",
        "period_end",
        "planned_amount",
        "actual_cost",
        "actual_as_of",
        "currency",
        "owner",
        "notes",
    ),
    columns=(
        "ref",
        "service",
        "period_label",
        "planned_amount",
        "actual_cost",
        "actual_as_of",
        "currency",
    ),
    filters=("service", "currency"),
    search=("ref", "period_label", "service__name", "notes"),
    filterset=BudgetFilterSet,
)
declare(
    DemandForecast,
    fields=(
        "service",
        "prepared_on",
        "period_start",
        "period_end",
        "metric",
        "current_volume",
        "forecast_volume",
        "basis",
        "prepared_by",
    ),
    columns=("ref", "service", "prepared_on", "metric", "current_volume", "forecast_volume"),
    filters=("service",),
    search=("ref", "metric", "service__name", "basis"),
    filterset=DemandForecastFilterSet,
)
declare(
    CapacityPlan,
    fields=(
        "service",
        "resource",
        "period_start",
        "period_end",
        "metric",
        "current_capacity",
        "planned_capacity",
        "warning_threshold",
        "critical_threshold",
        "owner",
        "approved_by",
        "approved_on",
    ),
    columns=(
        "ref",
        "service",
        "resource",
        "metric",
        "current_capacity",
        "planned_capacity",
        "period_end",
        "approved_on",
    ),
    filters=("service", "owner"),
    search=("ref", "resource", "metric", "service__name"),
    filterset=CapacityPlanFilterSet,
)
declare(
    CapacityReview,
    fields=("plan", "reviewed_on", "utilisation_percent", "findings", "actions", "reviewer"),
    columns=("ref", "plan", "reviewed_on", "utilisation_percent", "reviewer"),
    filters=("plan",),
    search=("ref", "findings", "actions"),
    filterset=CapacityReviewFilterSet,
)
