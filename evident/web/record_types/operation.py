"""Record types of operation (clause 8): services, agreements, suppliers, changes, incidents.

Entries follow the same shape as those of the management system: list columns,
filters, search fields and, where people keep the record by hand, form fields.
"""

from evident.agreements.models import (
    SLA,
    BusinessCalendar,
    SlaMeasurement,
    SlaReview,
    SlaTarget,
    Supplier,
    SupplierReview,
)
from evident.assurance.models import ContinuityPlan, ContinuityTest
from evident.catalogue.models import CatalogueEntry, Service
from evident.governance.models import Process
from evident.operations.models import (
    Change,
    ChangeApproval,
    Incident,
    IncidentStatusChange,
    Problem,
    ServiceRequest,
)

from .. import panels
from ..registry import OPERATION, RecordType

SERVICE_TYPES = [
    RecordType(
        Service,
        "services",
        OPERATION,
        clause="8.2",
        panels=(("Configuration", panels.service_rests_on),),
    ),
    RecordType(
        CatalogueEntry,
        "catalogue-entries",
        OPERATION,
        clause="8.2.4",
    ),
    RecordType(
        Process,
        "processes",
        OPERATION,
        clause="8.1",
    ),
    RecordType(
        BusinessCalendar,
        "business-calendars",
        OPERATION,
        clause="8.3.3",
    ),
    RecordType(
        SLA,
        "slas",
        OPERATION,
        clause="8.3.3",
    ),
    RecordType(
        SlaTarget,
        "sla-targets",
        OPERATION,
        clause="8.3.3",
        name="SLA target",
        plural="SLA targets",
    ),
    RecordType(
        SlaMeasurement,
        "sla-measurements",
        OPERATION,
        clause="8.3.3",
        name="SLA measurement",
        plural="SLA measurements",
    ),
    RecordType(
        SlaReview,
        "sla-reviews",
        OPERATION,
        clause="8.3.3",
        name="SLA review",
        plural="SLA reviews",
    ),
    RecordType(
        Supplier,
        "suppliers",
        OPERATION,
        clause="8.3.4",
    ),
    RecordType(
        SupplierReview,
        "supplier-reviews",
        OPERATION,
        clause="8.3.4",
    ),
]

RESOLUTION_TYPES = [
    RecordType(
        Change,
        "changes",
        OPERATION,
        clause="8.5.1",
    ),
    RecordType(
        ChangeApproval,
        "change-approvals",
        OPERATION,
        clause="8.5.1",
    ),
    RecordType(
        Incident,
        "incidents",
        OPERATION,
        clause="8.6.1",
    ),
    RecordType(
        IncidentStatusChange,
        "incident-status-changes",
        OPERATION,
        clause="8.6.1",
    ),
    RecordType(
        ServiceRequest,
        "service-requests",
        OPERATION,
        clause="8.6.2",
    ),
    RecordType(
        Problem,
        "problems",
        OPERATION,
        clause="8.6.3",
    ),
    RecordType(
        ContinuityPlan,
        "continuity-plans",
        OPERATION,
        clause="8.7.2",
    ),
    RecordType(
        ContinuityTest,
        "continuity-tests",
        OPERATION,
        clause="8.7.2",
    ),
]
