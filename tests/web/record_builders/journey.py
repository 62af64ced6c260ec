"""Records of the implementation journey: scope exclusions and phases, the resource plan,
the communication plan, documents in use and knowledge articles."""

import datetime as dt
from decimal import Decimal

from evident.catalogue.models import Service
from evident.core.models import Person
from evident.governance.models import (
    Process,
    ResourceAllocation,
    ScopeExclusion,
    ScopePhase,
    ScopeStatement,
)
from evident.operations.models import Incident, Problem
from evident.support.models import CommunicationPlanItem, Document, DocumentUse, KnowledgeArticle

ORDER = 50
DAY = dt.date(2025, 3, 4)


def build(r, add):
    scope, service = r[ScopeStatement], r[Service]
    add(ScopeExclusion, scope=scope, excluded="Finance services", reason="Run by group finance")
    add(ScopePhase, scope=scope, number=1, services=[service.pk], target_date=DAY)
    add(
        ResourceAllocation,
        person=r[Person],
        role="Incident manager",
        process=r[Process],
        period_start=DAY,
        period_end=DAY.replace(year=2026),
        fte=Decimal("0.5"),
    )
    add(
        CommunicationPlanItem,
        subject="SMS newsletter",
        audience="All staff",
        frequency="monthly",
        owner=r[Person],
        next_due=DAY,
    )
    add(
        DocumentUse,
        document=r[Document],
        record_type="operations.incident",
        record_ref=r[Incident].ref,
    )
    add(
        KnowledgeArticle,
        title="Clearing the mail relay queue",
        body="Steps for the service desk.",
        service=service,
        problem=r[Problem],
        status="published",
        reviewed_on=DAY,
    )
