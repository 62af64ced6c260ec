from evident.core.admin import register_records

from .models import ImportJob, ImportMapping

register_records(ImportJob)
register_records(ImportMapping)
