"""A bundle's records are judged by their models' rules once their links are saved.

Many rules read the id of a linked record (``service_id``, ``plan_id``,
``accepted_by_id``); judged before anything was written they saw none, so
sound records were refused and unsound ones let through.
"""

import datetime as dt

import pytest

from evident.agreements.models import CapacityPlan, CapacityReview
from evident.assurance.models import ContinuityPlan
from evident.catalogue.models import Service
from evident.core import services
from evident.core.models import HistoryEntry, Person
from evident.core.tenancy import scoped
from evident.interop.bundle import BundleError, export_bundle, import_bundle
from evident.operations.models import Incident, ServiceDesign, TransitionPlan

from . import footprint

DAY = dt.date(2025, 1, 1)
MORNING = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)
VOIDED_AT = dt.datetime(2025, 2, 3, 10, 4, 5, 123456, tzinfo=dt.UTC)
PLAN = "records.agreements.capacityplan[0]"
REVIEW = "records.agreements.capacityreview[0]"
TRANSITION = "records.operations.transitionplan[0]"


@pytest.fixture
def bundle(org, as_cli):
    """Records whose rules read their links, all sound; relabelled to import as a new one."""
    ada = services.create_record(Person, org, name="Ada Lovelace")
    mail = services.create_record(Service, org, name="Mail", owner=ada)
    plan = services.create_record(
        CapacityPlan,
        org,
        service=mail,
        period_start=DAY,
        period_end=DAY.replace(month=12, day=31),
        metric="mailbox TB",
        current_capacity="4.00",
        planned_capacity="6.00",
    )
    services.create_record(
        CapacityReview, org, plan=plan, reviewed_on=DAY, utilisation_percent="50.00"
    )
    design = services.create_record(ServiceDesign, org, service=mail, summary="Two regions")
    services.create_record(
        TransitionPlan,
        org,
        design=design,
        planned_date=DAY,
        acceptance_criteria="Mail flows in both regions",
        completed_on=DAY,
        accepted_by=ada,
    )
    services.create_record(Incident, org, title="Mail down", service=mail, opened_at=MORNING)
    data = export_bundle(org)
    data["organisation"]["slug"] = "fresh"
    return data


def rejected(data) -> list[str]:
    before = footprint()
    with pytest.raises(BundleError) as refusal:
        import_bundle(data)
    assert footprint() == before
    return refusal.value.errors


def first(data, label) -> dict:
    return data["records"][label][0]


def test_a_rule_that_reads_a_links_id_sees_the_saved_link(bundle):
    """The reported failure: a capacity plan for a service, with no resource named."""
    assert first(bundle, "agreements.capacityplan")["resource"] == ""

    copy = import_bundle(bundle)

    plan = scoped(CapacityPlan, copy).get()
    assert plan.service.name == "Mail"
    assert plan.service.organisation == copy


def test_rules_that_read_links_refuse_what_they_always_refused(bundle):
    first(bundle, "agreements.capacityplan")["service"] = None
    first(bundle, "agreements.capacityreview")["utilisation_percent"] = "90.00"
    first(bundle, "operations.transitionplan")["completed_on"] = None

    assert rejected(bundle) == [
        f"{PLAN}.resource: Name the service or the resource planned.",
        f"{REVIEW}.actions: Utilisation of 90.00 % is at or above the plan's warning "
        "threshold (80 %): record the action decided.",
        f"{TRANSITION}.completed_on: A transition is accepted only once it is completed.",
    ]


def test_bad_values_and_broken_rules_are_reported_in_one_refusal(bundle):
    first(bundle, "operations.incident")["opened_at"] = "soon"
    first(bundle, "operations.transitionplan")["completed_on"] = None

    errors = rejected(bundle)

    assert [error.split(": ", 1)[0] for error in errors] == [
        "records.operations.incident[0].opened_at",
        f"{TRANSITION}.completed_on",
    ]


def test_a_record_is_not_judged_on_a_link_to_a_record_that_could_not_be_read(bundle):
    """The plan's service is refused; the plan is not also refused for naming no service."""
    first(bundle, "catalogue.service")["status"] = "sunset"

    (error,) = rejected(bundle)

    assert error.startswith('records.catalogue.service[0].status: unknown choice "sunset"')


def test_a_voided_record_comes_back_voided_with_its_links(org, as_cli):
    mail = services.create_record(Service, org, name="Mail")
    plan = services.create_record(ContinuityPlan, org, title="Mail recovery", services=[mail])
    services.update_record(
        plan, voided_at=VOIDED_AT, voided_by="Zoë Auditor", void_reason="Entered twice"
    )

    copy = import_bundle(export_bundle(org), slug="copy")

    again = scoped(ContinuityPlan, copy).get()
    assert (again.voided_at, again.voided_by, again.void_reason) == (
        VOIDED_AT,
        "Zoë Auditor",
        "Entered twice",
    )
    assert [s.name for s in again.services.all()] == ["Mail"]
    # Created as it stood, then linked and voided: the ledger shows both, from the import.
    entries = HistoryEntry.objects.filter(organisation=copy, object_ref=again.ref).order_by("seq")
    assert [(e.action, e.source) for e in entries] == [("create", "import"), ("update", "import")]
    assert entries.last().after["voided_at"] == VOIDED_AT.isoformat()


def test_a_voided_record_says_who_voided_it_and_why_and_no_other_does(bundle):
    first(bundle, "core.person")["voided_at"] = "2025-02-03T10:04:05+00:00"
    first(bundle, "catalogue.service")["void_reason"] = "Typo"

    assert rejected(bundle) == [
        "records.catalogue.service[0].void_reason: only a voided record (voided_at) has this",
        "records.core.person[0].void_reason: a voided record must say why",
        "records.core.person[0].voided_by: a voided record must say who voided it",
    ]


def test_the_record_version_is_not_carried_and_a_bundle_giving_one_is_refused(bundle):
    person = first(bundle, "core.person")
    assert "record_version" not in person

    person["record_version"] = 3

    assert rejected(bundle) == ["records.core.person[0].record_version: not a field of core.person"]
