"""The lifecycle contract for the record types of catalogue and operations."""

from evident.catalogue.models import Service
from evident.operations.models import Change
from tests.api import LifecycleContract, change, person, service

ASSESSED = {
    "risk": "low",
    "assessment": "Restart only; the mail queue is held meanwhile.",
    "assessed_at": "2025-03-03T10:00:00Z",
}
DECIDED = {"authority": "change_manager", "decided_at": "2025-03-03T11:00:00Z"}
IMPLEMENTED = {
    "actual_start": "2025-03-04T20:00:00Z",
    "actual_end": "2025-03-04T21:00:00Z",
    "outcome": "successful",
}


class TestChangeLifecycle(LifecycleContract):
    route = "changes"
    model = Change

    def fresh(self, org):
        return change(org)

    def walks(self, org):
        assess = ("assess", {**ASSESSED, "assessed_by": person(org, "Ada Lovelace").pk})
        return (
            (
                assess,
                ("approve", DECIDED),
                (
                    "schedule",
                    {
                        "planned_start": "2025-03-04T20:00:00Z",
                        "planned_end": "2025-03-04T22:00:00Z",
                    },
                ),
                ("implement", IMPLEMENTED),
                ("review", {"completed_at": "2025-03-05T09:00:00Z", "notes": "As planned."}),
            ),
            (assess, ("reject", DECIDED)),
        )


class TestServiceLifecycle(LifecycleContract):
    route = "services"
    model = Service

    def fresh(self, org):
        return service(org)

    def walks(self, org):
        return (
            (("put-live", {"live_on": "2025-03-03"}), ("retire", {"retired_on": "2025-06-30"})),
        )
