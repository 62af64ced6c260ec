"""The forward schedule of changes: planned changes in order, clashes on shared items marked."""

import datetime as dt

import pytest
from django.urls import reverse

from evident.catalogue.models import ConfigurationItem, Service
from evident.core.models import Role
from evident.core.services import create_record
from evident.operations.models import Change

START = dt.datetime(2030, 5, 6, 18, tzinfo=dt.UTC)


@pytest.fixture
def schedule(org, as_cli):
    email = create_record(Service, org, name="Email")
    relay = create_record(ConfigurationItem, org, name="Mail relay")
    store = create_record(ConfigurationItem, org, name="Mail store")

    def planned(title, hours_after, length, items, **fields):
        start = START + dt.timedelta(hours=hours_after)
        return create_record(
            Change, org, title=title, service=email, requested_at=START - dt.timedelta(days=7),
            planned_start=start, planned_end=start + dt.timedelta(hours=length),
            configuration_items=[i.pk for i in items], **fields,
        )  # fmt: skip

    return {
        "patch": planned("Patch relay", 0, 3, [relay]),
        "upgrade": planned("Upgrade relay", 2, 2, [relay, store]),
        "resize": planned("Resize store", 10, 1, [store]),
        "dropped": planned("Old relay plan", 1, 1, [relay], status=Change.Status.CANCELLED),
        "relay": relay,
    }


@pytest.fixture
def reader(client, org, make_user):
    client.force_login(make_user(org, Role.VIEWER))
    return client


def schedule_page(reader, org, day="2030-05-01"):
    url = reverse("web:change-schedule", kwargs={"org_slug": org.slug})
    return reader.get(url, {"from": day})


def test_the_schedule_lists_planned_changes_by_start_without_cancelled_ones(reader, org, schedule):
    response = schedule_page(reader, org)
    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.index(schedule[key].ref) for key in ("patch", "upgrade", "resize")]
    assert positions == sorted(positions)
    assert schedule["dropped"].ref not in page


def test_clashing_changes_are_marked_with_the_item_they_share(reader, org, schedule):
    response = schedule_page(reader, org)
    rows = {row["change"].ref: row["clashes"] for row in response.context["rows"]}
    patch, upgrade, resize = (schedule[k].ref for k in ("patch", "upgrade", "resize"))
    assert [c["change"].ref for c in rows[patch]] == [upgrade]
    assert [c["change"].ref for c in rows[upgrade]] == [patch]
    assert rows[resize] == []
    assert rows[patch][0]["items"] == schedule["relay"].ref
    assert response.context["conflict_count"] == 2
    assert "Clashes with" in response.content.decode()


def test_changes_that_ended_before_the_chosen_day_are_left_out(reader, org, schedule):
    response = schedule_page(reader, org, day="2030-05-08")
    assert [row["change"].ref for row in response.context["rows"]] == []


def test_a_non_member_gets_a_404(client, org, other_org, make_user, schedule):
    client.force_login(make_user(other_org, Role.VIEWER))
    assert schedule_page(client, org).status_code == 404
