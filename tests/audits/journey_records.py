"""Journey records that make ``builders.healthy_org`` healthy for 7.1 and 7.4.

``add_resource_plan_and_communications(h)`` gives every SMS role the healthy
organisation assigns an allocation current at the audit date (nobody over one
FTE) and keeps a communication plan whose next item is still ahead.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from evident.core.tenancy import scoped
from evident.governance.models import ResourceAllocation, RoleAssignment
from evident.support.models import CommunicationPlanItem

from .builders import FUTURE


def add_resource_plan_and_communications(h) -> None:
    b = h.build
    assignments = list(scoped(RoleAssignment, b.org).select_related("person").order_by("pk"))
    roles_held = Counter(a.person_id for a in assignments)
    for assignment in assignments:
        # Half of a person's time, shared between the roles they hold: nobody over one FTE.
        share = (Decimal("0.5") / roles_held[assignment.person_id]).quantize(Decimal("0.01"))
        b.make(
            ResourceAllocation,
            person=assignment.person,
            role=assignment.role,
            process=assignment.process,
            period_start=dt.date(2024, 1, 1),
            period_end=FUTURE,
            fte=share,
        )
    b.make(
        CommunicationPlanItem,
        subject="SMS news: objectives, audits and changes to the policy",
        audience="All staff in scope",
        channel="email",
        frequency="quarterly",
        owner=h.ceo,
        next_due=FUTURE,
    )
