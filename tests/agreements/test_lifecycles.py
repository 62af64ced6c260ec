"""The rules the transitions of SLAs, contracts, complaints and reviews keep, over the API.

Each refusal names the field a person would correct; a status is never typed
in; the verbs that write more than one record do so in one operation or not at all.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evident.agreements import services
from evident.agreements.models import (
    SLA,
    Complaint,
    Contract,
    Customer,
    RelationshipReview,
    SlaMeasurement,
    SlaReview,
    SlaTarget,
)
from evident.audits.complaints import raise_complaint_as_nonconformity
from evident.audits.models import Nonconformity
from evident.core.models import HistoryEntry, Person, Role
from evident.core.services import void_record
from tests.api import (
    TODAY,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    record,
    service,
    supplier,
)


@pytest.fixture
def api(manager):
    return client_for(manager)


def create(api, org, route, body):
    return api.post(endpoint(org, route), body, format="json")


def move(api, org, route, pk, transition, body):
    return api.post(f"{endpoint(org, route, pk)}{transition}/", body, format="json")


def refused(response, field):
    assert response.status_code == 400, response.data
    assert field in response.data, response.data
    return str(response.data[field])


def draft_sla(org):
    return record(SLA, org, name="Mail SLA", service=service(org), status="draft")


# SLAs


def test_an_sla_is_entered_agreed_only_with_the_day_it_was_agreed(api, org):
    body = {"name": "Mail SLA", "service": service(org).pk}
    assert "agreed" in refused(create(api, org, "slas", body), "agreed_on")
    draft = create(api, org, "slas", {**body, "status": "draft"})
    assert draft.status_code == 201 and draft.data["status"] == "draft"
    at = endpoint(org, "slas", draft.data["id"])
    assert "transitions" in refused(api.patch(at, {"status": "agreed"}, format="json"), "status")


def test_an_sla_is_agreed_with_its_first_review_after_the_agreement(api, org):
    sla = draft_sla(org)
    body = {"agreed_on": "2025-03-03", "review_due": "2025-03-03"}
    refused(move(api, org, "slas", sla.pk, "agree", body), "review_due")
    body["review_due"] = "2025-09-01"
    agreed = move(api, org, "slas", sla.pk, "agree", body)
    assert agreed.status_code == 200, agreed.data
    assert (agreed.data["agreed_on"], agreed.data["review_due"]) == ("2025-03-03", "2025-09-01")
    entry = HistoryEntry.objects.filter(model="agreements.sla", object_id=sla.pk).last()
    assert (entry.event, entry.source) == ("sla.agreed", "api")


def test_an_internal_auditor_does_not_agree_an_sla(org, make_user):
    auditor = client_for(make_user(org, Role.INTERNAL_AUDITOR))
    sla = draft_sla(org)
    body = {"agreed_on": "2025-03-03", "review_due": "2025-09-01"}
    assert move(auditor, org, "slas", sla.pk, "agree", body).status_code == 403
    assert SLA.objects.get(pk=sla.pk).status == "draft"


def test_a_review_names_the_unreviewed_breaches_and_plans_the_next(api, org):
    sla = record(SLA, org, name="Mail SLA", service=service(org), agreed_on=TODAY)
    target = record(SlaTarget, org, sla=sla, metric="availability", target_value=Decimal("99.5"))
    missed = record(
        SlaMeasurement, org, target=target, month=dt.date(2025, 2, 1), value=98, met=False
    )
    body = {"reviewed_on": "2025-03-10", "next_review_due": "2025-03-10"}
    refused(move(api, org, "slas", sla.pk, "review", body), "next_review_due")
    assert not SlaReview.objects.exists()
    body["next_review_due"] = "2025-09-10"
    reviewed = move(api, org, "slas", sla.pk, "review", body)
    assert reviewed.status_code == 200, reviewed.data
    assert reviewed.data["review_due"] == "2025-09-10"
    assert list(SlaReview.objects.get(sla=sla).breaches_reviewed.all()) == [missed]


# Contracts


def contract(org, **fields):
    values = {
        "title": "Hosting",
        "starts_on": dt.date(2025, 1, 1),
        "ends_on": dt.date(2025, 12, 31),
    }
    return record(Contract, org, supplier=supplier(org), **{**values, **fields})


def test_a_draft_contract_is_not_signed_into_force_after_its_end(api, org):
    draft = contract(org, status="draft")
    refused(move(api, org, "contracts", draft.pk, "sign", {"starts_on": "2026-01-01"}), "starts_on")
    signed = move(api, org, "contracts", draft.pk, "sign", {"starts_on": "2025-02-01"})
    assert (signed.data["status"], signed.data["starts_on"]) == ("active", "2025-02-01")


def test_a_contract_is_not_terminated_before_it_starts(api, org):
    active = contract(org)
    refused(
        move(api, org, "contracts", active.pk, "terminate", {"ends_on": "2024-12-31"}), "ends_on"
    )
    ended = move(api, org, "contracts", active.pk, "terminate", {"ends_on": "2025-06-30"})
    assert (ended.data["status"], ended.data["ends_on"]) == ("terminated", "2025-06-30")


def test_renewing_makes_the_renewal_and_marks_the_old_contract_in_one_operation(api, org):
    old = contract(org, value=Decimal("90000"), currency="EUR")
    body = {"ends_on": "2026-06-30", "starts_on": "2026-07-01"}
    refused(move(api, org, "contracts", old.pk, "renew", body), "ends_on")
    assert Contract.objects.count() == 1
    renewed = move(api, org, "contracts", old.pk, "renew", {"ends_on": "2027-12-31"})
    assert renewed.data["status"] == "renewed", renewed.data
    renewal = Contract.objects.exclude(pk=old.pk).get()
    assert (renewal.starts_on, renewal.ends_on, renewal.value) == (
        dt.date(2026, 1, 1),
        dt.date(2027, 12, 31),
        Decimal("90000"),
    )
    entries = HistoryEntry.objects.filter(model="agreements.contract", source="api")
    assert {(e.event, e.operation) for e in entries} == {("contract.renewed", entries[0].operation)}


def test_a_renewal_is_not_kept_when_the_old_contract_cannot_be_marked(org, as_cli):
    old = contract(org)
    void_record(old, reason="entered twice")
    with pytest.raises(ValidationError):
        services.renew_contract(old, ends_on=dt.date(2027, 12, 31))
    assert Contract.objects.count() == 1


# Complaints


def complaint(org, **fields):
    customer = record(Customer, org, name="Retail division")
    return record(
        Complaint, org, customer=customer, summary="Mail lost", received_on=TODAY, **fields
    )


def test_a_complaint_entered_is_open_with_the_day_promised(api, org):
    customer = record(Customer, org, name="Retail division")
    body = {"customer": customer.pk, "summary": "Slow", "received_on": "2025-03-03"}
    refused(
        create(api, org, "complaints", {**body, "status": "resolved"}),
        "status",
    )
    created = create(api, org, "complaints", body)
    assert (created.data["status"], created.data["respond_by"]) == ("open", "2025-03-23")


def test_an_open_complaint_gets_no_closing_day_by_editing(api, org):
    at = endpoint(org, "complaints", complaint(org).pk)
    refused(api.patch(at, {"resolved_on": "2025-03-10"}, format="json"), "resolved_on")


def test_a_complaint_is_not_withdrawn_before_it_was_received(api, org):
    pk = complaint(org).pk
    body = {"resolution": "Found in spam", "resolved_on": "2025-03-01"}
    refused(move(api, org, "complaints", pk, "withdraw", body), "resolved_on")
    body["resolution"] = " "
    body["resolved_on"] = "2025-03-04"
    refused(move(api, org, "complaints", pk, "withdraw", body), "resolution")


def test_raising_a_complaint_as_a_nonconformity_escalates_it(api, org):
    pk = complaint(org, details="Three messages lost").pk
    raised = move(api, org, "complaints", pk, "raise-nonconformity", {"raised_on": "2025-03-04"})
    assert raised.status_code == 200, raised.data
    nonconformity = Nonconformity.objects.get()
    assert (raised.data["status"], raised.data["nonconformity_ref"]) == (
        "escalated",
        nonconformity.ref,
    )
    assert (nonconformity.source, nonconformity.statement) == ("complaint", "Three messages lost")
    resolved = move(
        api, org, "complaints", pk, "resolve", {"resolution": "Fixed", "resolved_on": "2025-03-20"}
    )
    assert resolved.data["status"] == "resolved"


def test_a_complaint_already_raised_is_not_raised_again(api, org, as_cli):
    earlier = complaint(org)
    raise_complaint_as_nonconformity(earlier, raised_on=TODAY)
    response = move(api, org, "complaints", earlier.pk, "raise-nonconformity", {"raised_on": TODAY})
    refused(response, "nonconformity_ref")
    assert Nonconformity.objects.count() == 1


def test_no_nonconformity_is_left_when_the_complaint_cannot_be_escalated(org, as_cli):
    voided = complaint(org)
    void_record(voided, reason="entered twice")
    with pytest.raises(ValidationError):
        services.escalate_complaint(
            voided, raised_on=TODAY, raise_nonconformity=raise_complaint_as_nonconformity
        )
    assert not Nonconformity.objects.exists()


# Relationship reviews


def planned_review(org):
    customer = record(Customer, org, name="Retail division")
    return record(RelationshipReview, org, customer=customer, status="planned", planned_on=TODAY)


def test_a_review_is_held_with_what_it_concluded_and_cancelled_with_why(api, org):
    pk = planned_review(org).pk
    refused(move(api, org, "relationship-reviews", pk, "hold", {"held_on": TODAY}), "outcomes")
    refused(move(api, org, "relationship-reviews", pk, "cancel", {"outcomes": " "}), "outcomes")
    body = {"held_on": "2025-03-05", "outcomes": "Renewal agreed", "actions": "Quote by April"}
    held = move(api, org, "relationship-reviews", pk, "hold", body)
    assert (held.data["status"], held.data["held_on"]) == ("held", "2025-03-05")


def test_a_voided_planned_review_is_not_the_one_completed(org, as_cli):
    planned = planned_review(org)
    void_record(planned, reason="planned twice")
    held = services.hold_relationship_review(planned.customer, held_on=TODAY, outcomes="Fine")
    assert held.pk != planned.pk
    assert RelationshipReview.objects.get(pk=planned.pk).status == "planned"


# States people edit, and results judged by their numbers


def test_a_customer_becomes_former_by_an_edit(api, org):
    customer = record(Customer, org, name="Retail division")
    at = endpoint(org, "customers", customer.pk)
    assert api.patch(at, {"status": "former"}, format="json").data["status"] == "former"


def test_a_month_is_not_entered_as_met_against_its_own_numbers(api, org):
    target = record(
        SlaTarget,
        org,
        sla=record(SLA, org, name="Mail SLA", service=service(org), agreed_on=TODAY),
        metric="Queue delay (minutes)",
        target_value=Decimal("5"),
        direction="at_most",
    )
    body = {"target": target.pk, "month": "2025-02-01", "value": "7", "met": True}
    assert "missed" in refused(create(api, org, "sla-measurements", body), "met")
    assert create(api, org, "sla-measurements", {**body, "met": False}).status_code == 201


def test_a_supplier_result_is_not_entered_as_met_against_its_own_numbers(api, org):
    body = {
        "supplier": supplier(org).pk,
        "month": "2025-02-01",
        "metric": "Hands-on response (hours)",
        "target": "4",
        "direction": "at_most",
        "actual": "2",
        "met": False,
    }
    assert "met" in refused(create(api, org, "supplier-measurements", body), "met")
    assert create(api, org, "supplier-measurements", {**body, "met": True}).status_code == 201


def test_an_at_most_target_is_measured_by_its_direction(org, as_cli):
    sla = record(SLA, org, name="Mail SLA", service=service(org), agreed_on=TODAY)
    target = record(
        SlaTarget, org, sla=sla, metric="Queue delay", target_value=5, direction="at_most"
    )
    assert services.record_sla_measurement(target, dt.date(2025, 2, 1), Decimal("3")).met
    assert not services.record_sla_measurement(target, dt.date(2025, 3, 1), Decimal("6")).met


# The pages


def test_a_planned_review_is_held_from_its_page_with_the_people_who_attended(client, org, manager):
    client.force_login(manager)
    review = planned_review(org)
    attendee = record(Person, org, name="Ada Lovelace")
    page = client.get(f"/o/acme/relationship-reviews/{review.pk}/").content.decode()
    assert f"/relationship-reviews/{review.pk}/hold/" in page
    url = f"/o/acme/relationship-reviews/{review.pk}/hold/"
    form = client.get(url).content.decode()
    assert 'name="attendees"' in form and attendee.name in form
    body = {"held_on": "2025-03-05", "attendees": [attendee.pk], "outcomes": "Renewal agreed"}
    assert client.post(url, body).status_code == 302
    held = RelationshipReview.objects.get(pk=review.pk)
    assert (held.status, list(held.attendees.all())) == ("held", [attendee])


def test_a_complaints_page_offers_what_can_happen_to_it_now(client, org, manager):
    client.force_login(manager)
    pk = complaint(org).pk
    page = client.get(f"/o/acme/complaints/{pk}/").content.decode()
    for name in ("raise-nonconformity", "resolve", "withdraw"):
        assert f"/o/acme/complaints/{pk}/{name}/" in page
    withdrawn = {"resolution": "Found in spam", "resolved_on": TODAY}
    assert client.post(f"/o/acme/complaints/{pk}/withdraw/", withdrawn).status_code == 302
    page = client.get(f"/o/acme/complaints/{pk}/").content.decode()
    assert f"/o/acme/complaints/{pk}/resolve/" not in page
