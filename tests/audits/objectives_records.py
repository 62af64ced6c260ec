"""Objective and plan records that make ``builders.healthy_org`` healthy for 6.2-6.3 and 7.3.

``add_objectives(h)`` dates the healthy organisation's one objective (so it can fall due
and be judged) and gives its SMS plan a milestone done inside the audit period, so the
plan is seen carried out. The people holding SMS roles already acknowledged the policy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evident.core.services import update_record
from evident.core.tenancy import scoped
from evident.governance.models import Milestone, Objective, SmsPlan

from .builders import FUTURE


@dataclass
class Objectives:
    """The records tests reach for."""

    objective: Objective
    plan: SmsPlan
    milestone: Milestone


def add_objectives(h) -> Objectives:
    org = h.build.org
    objective = update_record(scoped(Objective, org).get(), due_date=FUTURE)
    plan = scoped(SmsPlan, org).get()
    milestone = h.build.make(
        Milestone,
        plan=plan,
        title="Audit programme approved",
        due_date=dt.date(2025, 1, 15),
        status=Milestone.Status.DONE,
        completed_on=dt.date(2025, 1, 10),
        owner=h.ceo,
    )
    return Objectives(objective, plan, milestone)
