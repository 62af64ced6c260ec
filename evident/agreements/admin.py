from evident.core.admin import register_records

from .models import SLA, SlaMeasurement, SlaReview, SlaTarget, Supplier, SupplierReview

register_records(SLA, SlaTarget, SlaMeasurement, SlaReview, Supplier, SupplierReview)
