from evident.core.admin import register_records

from .models import CatalogueEntry, Service

register_records(Service, CatalogueEntry)
