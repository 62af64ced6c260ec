"""Record types of the service portfolio (8.2): plans, parties, assets, CIs and relations.

Services and catalogue entries are declared with the other operation records;
the configuration items' impact page is ``web.views.portfolio``.
"""

from evident.catalogue.models import (
    Asset,
    CiRelation,
    ConfigurationItem,
    LifecycleParty,
    ServicePlan,
)

from .. import panels
from ..registry import OPERATION, RecordType

PORTFOLIO_TYPES = [
    RecordType(
        ServicePlan,
        "service-plans",
        OPERATION,
        clause="8.2.2",
    ),
    RecordType(
        LifecycleParty,
        "lifecycle-parties",
        OPERATION,
        clause="8.2.3",
    ),
    RecordType(
        Asset,
        "assets",
        OPERATION,
        clause="8.2.5",
    ),
    RecordType(
        ConfigurationItem,
        "configuration-items",
        OPERATION,
        clause="8.2.6",
        name="Configuration item",
        plural="Configuration items",
        panels=(("Impact", panels.ci_impact),),
    ),
    RecordType(
        CiRelation,
        "ci-relations",
        OPERATION,
        clause="8.2.6",
        name="CI relation",
        plural="CI relations",
        select_related=("source", "target"),
    ),
]
