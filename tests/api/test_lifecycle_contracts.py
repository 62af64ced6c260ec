"""The lifecycle contract for the record types of catalogue and operations."""

from evident.catalogue.models import (
    Asset,
    CatalogueEntry,
    ConfigurationItem,
    Service,
    ServicePlan,
)
from evident.operations.models import Change, Incident, Problem, Release, ServiceRequest
from tests.api import NOW, TODAY, LifecycleContract, change, person, problem, record, service

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


class TestCatalogueEntryLifecycle(LifecycleContract):
    route = "catalogue-entries"
    model = CatalogueEntry

    def fresh(self, org):
        return record(CatalogueEntry, org, service=service(org), published_on=TODAY)

    def walks(self, org):
        return ((("withdraw", {}), ("publish", {"published_on": "2025-04-01"})),)


class TestConfigurationItemLifecycle(LifecycleContract):
    route = "configuration-items"
    model = ConfigurationItem

    def fresh(self, org):
        return record(ConfigurationItem, org, name="Mail relay", status="planned")

    def walks(self, org):
        return ((("put-live", {}), ("retire", {"retired_on": "2025-06-30"})),)


class TestAssetLifecycle(LifecycleContract):
    route = "assets"
    model = Asset

    def fresh(self, org):
        return record(Asset, org, name="Mail server", asset_type="hardware", status="ordered")

    def walks(self, org):
        return (
            (
                ("receive", {"acquired_on": "2025-03-03"}),
                ("put-in-use", {}),
                ("return-to-stock", {}),
                ("dispose", {"disposed_on": "2025-06-30"}),
            ),
        )


class TestServicePlanLifecycle(LifecycleContract):
    route = "service-plans"
    model = ServicePlan

    def fresh(self, org):
        return record(
            ServicePlan, org, title="Second region", service=service(org), requirements="Failover"
        )

    def walks(self, org):
        return (
            (("approve", {}), ("complete", {"completed_on": "2025-06-30"})),
            (("approve", {}), ("cancel", {})),
        )


class TestReleaseLifecycle(LifecycleContract):
    route = "releases"
    model = Release

    def fresh(self, org):
        return record(Release, org, name="Mail 2025.1", service=service(org), changes=[change(org)])

    def walks(self, org):
        deployed = {
            "environment": "production",
            "deployed_at": "2025-03-04T20:00:00Z",
            "outcome": "successful",
        }
        return ((("build", {}), ("deploy", deployed), ("close", {})), (("cancel", {}),))


def at(hour: int) -> str:
    return f"2025-03-03T{hour:02d}:00:00Z"


class TestIncidentLifecycle(LifecycleContract):
    route = "incidents"
    model = Incident

    def fresh(self, org):
        return record(Incident, org, title="Mail down", service=service(org), opened_at=NOW)

    def walks(self, org):
        return (
            (
                ("assign", {"assignment_group": "Messaging", "changed_at": at(10)}),
                ("hold", {"changed_at": at(11)}),
                ("start", {"changed_at": at(12)}),
                ("resolve", {"changed_at": at(13)}),
                ("reopen", {"changed_at": at(14)}),
                ("resolve", {"changed_at": at(15)}),
                ("close", {"changed_at": at(16)}),
            ),
        )


class TestProblemLifecycle(LifecycleContract):
    route = "problems"
    model = Problem

    def fresh(self, org):
        return problem(org)

    def walks(self, org):
        published = {"workaround": "Restart the queue", "known_error_at": at(10)}
        resolved = {"resolved_at": at(12), "root_cause": "The disk filled up"}
        return (
            (
                ("publish-known-error", published),
                ("resolve", resolved),
                ("reopen", {}),
                ("close", {}),
            ),
        )


class TestServiceRequestLifecycle(LifecycleContract):
    route = "service-requests"
    model = ServiceRequest

    def fresh(self, org):
        return record(
            ServiceRequest,
            org,
            title="Shared mailbox",
            service=service(org),
            opened_at=NOW,
            needs_approval=True,
        )

    def walks(self, org):
        approved = {"approved_by": person(org, "Ada Lovelace"), "approved_at": at(10)}
        return (
            (
                ("approve", approved),
                ("fulfil", {"fulfilled_at": at(11), "notes": "Created"}),
                ("close", {}),
            ),
            (("cancel", {}),),
        )
