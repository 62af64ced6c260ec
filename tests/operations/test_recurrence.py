"""Recurring incidents: three or more with no problem, one service and category or CI, close."""

import datetime as dt

import pytest

from evident.catalogue.models import ConfigurationItem, Service
from evident.core.context import acting
from evident.core.models import Organisation
from evident.core.services import create_record
from evident.operations.models import Incident, Problem
from evident.operations.recurrence import recurring_groups

START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def org(db):
    with acting(source="cli", actor_name="test"):
        yield Organisation.objects.create(slug="rec", name="Rec")


@pytest.fixture
def mail(org):
    return create_record(Service, org, name="Email")


def incident(org, service, day, **fields):
    opened = dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=day)
    return create_record(Incident, org, title="x", service=service, opened_at=opened, **fields)


def test_three_of_a_category_within_thirty_days_form_one_group(org, mail):
    runs = [incident(org, mail, d, category="relay") for d in (0, 10, 25, 40)]
    incident(org, mail, 5, category="quota")
    [group] = recurring_groups(org, START, END)
    assert (group.kind, group.key, group.service_id) == ("category", "relay", mail.pk)
    assert list(group.incidents) == runs  # the fourth is within 30 days of the second


def test_spread_out_or_explained_incidents_are_no_group(org, mail):
    for day in (0, 20, 45):
        incident(org, mail, day, category="relay")
    problem = create_record(Problem, org, title="p", service=mail, opened_at=START)
    for day in (100, 101, 102):
        incident(org, mail, day, category="quota", problem=problem)
    assert recurring_groups(org, START, END) == []


def test_other_services_do_not_make_up_the_count(org, mail):
    vpn = create_record(Service, org, name="VPN")
    incident(org, mail, 0, category="relay")
    incident(org, mail, 1, category="relay")
    incident(org, vpn, 2, category="relay")
    assert recurring_groups(org, START, END) == []


def test_incidents_on_one_configuration_item_form_a_group(org, mail):
    ci = create_record(ConfigurationItem, org, name="mx01")
    runs = [incident(org, mail, d, configuration_items=[ci.pk]) for d in (0, 3, 6)]
    [group] = recurring_groups(org, START, END)
    assert (group.kind, group.key, list(group.incidents)) == ("configuration_item", ci.ref, runs)
