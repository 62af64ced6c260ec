from evident.core.admin import register_records

from .models import (
    Asset,
    CatalogueEntry,
    CiRelation,
    ConfigurationItem,
    LifecycleParty,
    Service,
    ServicePlan,
)

register_records(
    Service, CatalogueEntry, ServicePlan, LifecycleParty, Asset, ConfigurationItem, CiRelation
)
