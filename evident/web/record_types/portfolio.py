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
        columns=("ref", "title", "service", "kind", "status", "target_date", "owner"),
        filters=("service", "kind", "status", "owner"),
        search=("ref", "title", "requirements", "service__name"),
        form_fields=(
            "title",
            "service",
            "kind",
            "requirements",
            "target_date",
            "status",
            "owner",
            "completed_on",
        ),
    ),
    RecordType(
        LifecycleParty,
        "lifecycle-parties",
        OPERATION,
        clause="8.2.3",
        columns=("ref", "service", "kind", "name", "person", "supplier", "role"),
        filters=("service", "kind", "supplier"),
        search=("ref", "name", "role", "responsibilities", "service__name"),
        form_fields=(
            "service",
            "kind",
            "name",
            "person",
            "supplier",
            "role",
            "responsibilities",
        ),
    ),
    RecordType(
        Asset,
        "assets",
        OPERATION,
        clause="8.2.5",
        columns=("ref", "name", "asset_type", "status", "owner", "location", "expires_on"),
        filters=("asset_type", "status", "owner"),
        search=("ref", "name", "location", "contract_ref"),
        form_fields=(
            "name",
            "asset_type",
            "status",
            "owner",
            "location",
            "acquired_on",
            "disposed_on",
            "contract_ref",
            "licence_seats",
            "expires_on",
            "configuration_item",
        ),
    ),
    RecordType(
        ConfigurationItem,
        "configuration-items",
        OPERATION,
        clause="8.2.6",
        name="Configuration item",
        plural="Configuration items",
        columns=("ref", "name", "ci_type", "status", "version", "owner", "location"),
        filters=("ci_type", "status", "owner", "services"),
        search=("ref", "name", "description", "location"),
        form_fields=(
            "name",
            "ci_type",
            "status",
            "version",
            "location",
            "description",
            "owner",
            "services",
            "retired_on",
        ),
        panels=(("Impact", panels.ci_impact),),
    ),
    RecordType(
        CiRelation,
        "ci-relations",
        OPERATION,
        clause="8.2.6",
        name="CI relation",
        plural="CI relations",
        columns=("ref", "source", "kind", "target", "note"),
        filters=("kind", "source", "target"),
        search=("ref", "source__name", "target__name", "note"),
        select_related=("source", "target"),
        form_fields=("source", "kind", "target", "note"),
    ),
]
