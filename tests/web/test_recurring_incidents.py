"""The recurring-incidents page: groups with no problem, and opening a problem for one."""

import datetime as dt

import pytest
from django.urls import reverse

from evident.catalogue.models import Service
from evident.core.models import HistoryEntry, Role
from evident.core.services import create_record, update_record
from evident.operations.models import Incident, Problem

DAYS = "?from=2025-01-01&to=2025-12-31"


def opened(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)


@pytest.fixture
def history(org, as_cli):
    """Three mail delays within a month (a group), one stray delay, and a VPN drop."""
    mail = create_record(Service, org, name="Email")
    vpn = create_record(Service, org, name="VPN")
    delays = [
        create_record(
            Incident, org, title="Mail delayed", service=mail, category="mail delay",
            opened_at=opened(day),
        )
        for day in (dt.date(2025, 3, 1), dt.date(2025, 3, 12), dt.date(2025, 3, 25))
    ]  # fmt: skip
    stray = create_record(
        Incident, org, title="Mail delayed", service=mail, category="mail delay",
        opened_at=opened(dt.date(2025, 9, 1)),
    )  # fmt: skip
    drop = create_record(
        Incident, org, title="VPN dropped", service=vpn, category="tunnel",
        opened_at=opened(dt.date(2025, 3, 2)),
    )  # fmt: skip
    return {"mail": mail, "delays": delays, "stray": stray, "drop": drop}


def page_url(org, days=DAYS):
    return reverse("web:recurring-incidents", kwargs={"org_slug": org.slug}) + days


@pytest.fixture
def reader(client, org, make_user):
    client.force_login(make_user(org, Role.VIEWER))
    return client


@pytest.fixture
def writer(client, manager):
    client.force_login(manager)
    return client


def token(history):
    first = history["delays"][0]
    return f"{history['mail'].pk}|category|mail delay|{first.ref}"


def test_the_page_lists_each_group_with_the_incidents_it_rests_on(reader, org, history):
    response = reader.get(page_url(org))
    assert response.status_code == 200
    page = response.content.decode()
    rows = response.context["rows"]
    assert [[i.ref for i in row["group"].incidents] for row in rows] == [
        [i.ref for i in history["delays"]]
    ]
    for incident in history["delays"]:
        assert incident.ref in page
    assert history["stray"].ref not in page and history["drop"].ref not in page
    assert "Category: mail delay" in page
    assert "Open a problem" not in page  # a viewer only reads


def test_the_incidents_nav_leads_to_the_page(reader, org, history):
    page = reader.get(page_url(org, "")).content.decode()
    assert reverse("web:recurring-incidents", kwargs={"org_slug": org.slug}) in page
    assert "Recurring incidents" in page


def test_days_outside_the_group_show_none(reader, org, history):
    response = reader.get(page_url(org, "?from=2025-06-01&to=2025-12-31"))
    assert response.context["rows"] == []
    assert "No incidents recur without a problem" in response.content.decode()


def test_days_that_cannot_be_searched_say_why(reader, org, history):
    for days, reason in [
        ("?from=2025-12-31&to=2025-01-01", "end before they start"),
        ("?from=2020-01-01&to=2025-12-31", "at most"),
        ("?from=yesterday&to=2025-12-31", "YYYY-MM-DD"),
    ]:
        response = reader.get(page_url(org, days))
        assert response.status_code == 200
        assert reason in response.content.decode()


def test_a_writer_opens_a_problem_for_the_group_and_it_leaves_the_page(writer, org, history):
    response = writer.post(
        page_url(org, ""),
        {"from": "2025-01-01", "to": "2025-12-31", "group": token(history), "title": ""},
    )
    problem = Problem.objects.get(organisation=org)
    assert response.status_code == 302
    assert response.url == reverse(
        "web:record-detail",
        kwargs={"org_slug": org.slug, "record_type": "problems", "pk": problem.pk},
    )
    assert problem.title == "Recurring mail delay on Email"
    assert problem.service == history["mail"]
    assert set(problem.incidents.all()) == set(history["delays"])
    entry = HistoryEntry.objects.get(model="operations.problem", object_ref=problem.ref)
    assert entry.source == "web"
    assert writer.get(page_url(org)).context["rows"] == []


def test_a_group_explained_meanwhile_is_refused(writer, org, history, as_cli):
    first = history["delays"][0]
    create_record(
        Problem, org, title="Known", service=history["mail"], opened_at=opened(dt.date(2025, 3, 2))
    )
    explained = Problem.objects.get(organisation=org)
    update_record(first, problem=explained)
    response = writer.post(
        page_url(org, ""), {"from": "2025-01-01", "to": "2025-12-31", "group": token(history)}
    )
    assert response.status_code == 302
    assert Problem.objects.filter(organisation=org).count() == 1
    page = writer.get(response.url).content.decode()
    assert "no longer recurs unexplained" in page


def test_a_viewer_cannot_open_a_problem(reader, org, history):
    response = reader.post(
        page_url(org, ""), {"from": "2025-01-01", "to": "2025-12-31", "group": token(history)}
    )
    assert response.status_code == 403
    assert not Problem.objects.filter(organisation=org).exists()


def test_a_non_member_cannot_see_the_page(client, org, other_org, history, make_user):
    client.force_login(make_user(other_org, Role.SMS_MANAGER))
    assert client.get(page_url(org)).status_code == 404
