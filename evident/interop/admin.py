from evident.core.admin import register_records

from .models import ImportJob

register_records(ImportJob)
