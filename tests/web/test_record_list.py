"""The generic record list: search, filters, sorting, pages, and htmx fragments."""

import datetime as dt

import pytest

from evident.catalogue.models import Service
from evident.core.models import Person
from evident.core.services import bulk_create_records, create_record, update_record
from evident.operations.models import Change, ChangeApproval, Incident
from evident.web.views.records import PAGE_SIZE

AT = dt.datetime(2025, 3, 4, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def services(org, as_cli):
    return {
        "email": create_record(Service, org, name="Email"),
        "payroll": create_record(Service, org, name="Payroll", status="retired"),
    }


@pytest.fixture
def incidents(org, services, as_cli):
    rows = [
        Incident(
            title=f"{'Mail' if n % 2 else 'Payslip'} issue {n}",
            service=services["email"] if n % 2 else services["payroll"],
            priority=1 if n == 7 else 3,
            opened_at=AT + dt.timedelta(hours=n),
        )
        for n in range(1, PAGE_SIZE + 11)
    ]
    return bulk_create_records(Incident, org, rows)


@pytest.fixture
def reader(client, manager):
    client.force_login(manager)
    return client


def refs(response):
    page = response.content.decode()
    return {ref for ref in (f"INC{n:06d}" for n in range(1, PAGE_SIZE + 11)) if ref in page}


def test_a_long_list_is_split_into_pages(reader, incidents):
    first = reader.get("/o/acme/incidents/")
    assert len(refs(first)) == PAGE_SIZE
    assert "page 1 of 2" in first.content.decode()
    assert len(refs(reader.get("/o/acme/incidents/?page=2"))) == 10


def test_the_search_box_looks_in_the_ref_and_the_title(reader, incidents):
    assert refs(reader.get("/o/acme/incidents/?q=issue 7")) == {"INC000007"}
    assert refs(reader.get("/o/acme/incidents/?q=INC000012")) == {"INC000012"}


def test_filters_narrow_the_list(reader, incidents, services):
    assert refs(reader.get("/o/acme/incidents/?priority=1")) == {"INC000007"}
    payroll = services["payroll"].pk
    response = reader.get(f"/o/acme/incidents/?service={payroll}&q=Payslip issue 1")
    assert refs(response) == {f"INC{n:06d}" for n in (10, 12, 14, 16, 18)}


def test_a_filter_change_from_htmx_answers_with_the_table_fragment(reader, incidents):
    response = reader.get("/o/acme/incidents/?priority=1", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<table" in page and "<html" not in page and "<form" not in page
    assert refs(response) == {"INC000007"}


def test_columns_sort_both_ways(reader, incidents):
    page = reader.get("/o/acme/incidents/?sort=opened_at").content.decode()
    assert page.index("INC000001") < page.index("INC000002")
    page = reader.get("/o/acme/incidents/?sort=-opened_at").content.decode()
    assert 'aria-sort="descending"' in page
    assert "INC000001" not in page  # the oldest is on the last page now


def test_an_unknown_sort_or_filter_value_is_ignored_not_an_error(reader, incidents):
    assert reader.get("/o/acme/incidents/?sort=organisation__slug").status_code == 200
    assert reader.get("/o/acme/incidents/?priority=banana&page=x").status_code == 200
    assert reader.get("/o/acme/incidents/?problem=banana").status_code == 200


def test_filter_choices_offer_only_the_organisations_own_records(
    reader, services, other_org, as_cli
):
    create_record(Service, other_org, name="Globex hosting")
    page = reader.get("/o/acme/incidents/").content.decode()
    assert "Email" in page and "Globex hosting" not in page


def test_a_link_from_a_record_filters_by_a_relation_not_offered_above_the_list(
    reader, org, services, as_cli
):
    change = create_record(
        Change, org, title="Patch relay", service=services["email"], requested_at=AT
    )
    other = create_record(Change, org, title="Other", service=services["email"], requested_at=AT)
    mine = create_record(ChangeApproval, org, change=change, decision="approved", decided_at=AT)
    theirs = create_record(ChangeApproval, org, change=other, decision="approved", decided_at=AT)
    page = reader.get(f"/o/acme/change-approvals/?change={change.pk}").content.decode()
    assert mine.ref in page and theirs.ref not in page
    assert f'Showing only records whose change is <a href="/o/acme/changes/{change.pk}/">' in page


def test_the_detail_page_shows_the_history_of_the_record(reader, org, services, as_cli):
    owner = create_record(Person, org, name="Ola Berg")
    email = services["email"]
    update_record(email, owner=owner, status="retired")
    page = reader.get(f"/o/acme/services/{email.pk}/").content.decode()
    assert "<td>test-runner</td>" in page and "<td>cli" in page
    assert "Create" in page and "Update" in page
    assert "<del>Live</del> → <ins>Retired</ins>" in page
    # The owner is shown by ref, not by database id.
    assert f"<ins>{owner.ref}</ins>" in page


def test_a_page_of_records_costs_a_fixed_number_of_queries(
    reader, incidents, django_assert_max_num_queries
):
    # Session, user, membership, count, the page with its services joined, filter choices.
    with django_assert_max_num_queries(8):
        assert reader.get("/o/acme/incidents/").status_code == 200


def test_every_api_filter_works_on_the_list_and_is_named_above_it(reader, incidents):
    response = reader.get("/o/acme/incidents/?opened_at__gte=2025-03-04T10:00:00%2B20:00&ref=12")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Also filtered by" in page and "2025-03-04T10:00:00+20:00" in page
    assert reader.get("/o/acme/incidents/?priority__gte=x&title=%00").status_code in (200, 400)
