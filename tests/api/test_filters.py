"""Lists narrow by status, type, related record, priority and date ranges."""

import datetime as dt

import pytest

from evident.audits.models import Nonconformity
from evident.operations.filters import IncidentFilterSet
from evident.operations.models import Incident
from tests.api import (
    NOW,
    TODAY,
    client_for,
    endpoint,
    fast_password_hashing,  # noqa: F401 (autouse fixture)
    record,
    service,
)


@pytest.fixture
def incidents(org):
    mail, vpn = service(org), service(org, name="VPN")
    day = dt.timedelta(days=1)
    return {
        "old": record(Incident, org, title="Mail down", service=mail, opened_at=NOW - 30 * day),
        "major": record(
            Incident,
            org,
            title="VPN outage",
            service=vpn,
            opened_at=NOW,
            priority=1,
            major=True,
            status="resolved",
        ),
        "recent": record(Incident, org, title="Mail slow", service=mail, opened_at=NOW + day),
    }


@pytest.fixture
def refs(org, manager):
    api = client_for(manager)

    def listed(route, **query):
        response = api.get(endpoint(org, route), query)
        assert response.status_code == 200, response.data
        return {row["ref"] for row in response.data["results"]}

    return listed


def test_incidents_filter_by_status_priority_and_major(refs, incidents):
    assert refs("incidents", status="resolved") == {incidents["major"].ref}
    assert refs("incidents", priority__lte=2) == {incidents["major"].ref}
    assert refs("incidents", major="true") == {incidents["major"].ref}


def test_incidents_filter_by_service_and_by_title(refs, incidents):
    mail = incidents["old"].service
    assert refs("incidents", service=mail.pk) == {incidents["old"].ref, incidents["recent"].ref}
    assert refs("incidents", title="SLOW") == {incidents["recent"].ref}


def test_incidents_filter_by_a_range_of_opening_times(refs, incidents):
    window = {"opened_at__gte": "2025-03-01T00:00:00Z", "opened_at__lte": NOW.isoformat()}
    assert refs("incidents", **window) == {incidents["major"].ref}


def test_any_list_filters_by_ref_in_any_case(refs, incidents):
    assert refs("incidents", ref=incidents["old"].ref.lower()) == {incidents["old"].ref}


def test_nonconformities_filter_by_a_clause_and_the_clauses_below_it(org, refs):
    def raised(clause):
        return record(
            Nonconformity,
            org,
            title=clause,
            source="internal_audit",
            clause=clause,
            raised_on=TODAY,
        ).ref

    below, itself, sibling, lookalike = (
        raised("8.5.1"),
        raised("8.5"),
        raised("8.6"),
        raised("18.5"),
    )
    assert refs("nonconformities", clause="8.5") == {below, itself}
    assert refs("nonconformities", clause="8") == {below, itself, sibling}
    assert lookalike not in refs("nonconformities", clause="8")


def test_a_bad_date_in_a_range_filter_is_refused(org, manager):
    response = client_for(manager).get(endpoint(org, "incidents"), {"opened_at__gte": "soon"})
    assert response.status_code == 400
    assert set(response.data) == {"opened_at__gte"}


def test_a_page_filterset_offers_only_the_organisations_services(org, other_org):
    ours, theirs = service(org), service(other_org)
    filterset = IncidentFilterSet({}, queryset=Incident.objects.none(), organisation=org)
    assert list(filterset.form.fields["service"].queryset) == [ours]
    assert theirs not in filterset.form.fields["service"].queryset
    unscoped = IncidentFilterSet({}, queryset=Incident.objects.none())
    assert not unscoped.form.fields["service"].queryset.exists()
