"""The journey pages: gap analysis (with its export and plan button), progress for the
steering committee, and the resource load.
"""

import datetime as dt
from decimal import Decimal

import pytest

from evident.audits.models import Evaluation, Finding
from evident.core.models import Person, Role
from evident.core.services import create_record
from evident.core.tenancy import scoped
from evident.governance.models import Milestone, Objective, ResourceAllocation, SmsPlan

TODAY = dt.datetime.now(dt.UTC).date()


@pytest.fixture
def evaluated(org, as_cli):
    """A Stage 1 evaluation with a high concern on 4.3, and a plan to put milestones in."""
    for stage, outcome, audit_date in (
        (1, "not_ready", TODAY - dt.timedelta(days=7)),
        (1, "ready", TODAY),
    ):
        ev = create_record(
            Evaluation,
            org,
            stage=stage,
            audit_date=audit_date,
            period_start=TODAY,
            period_end=TODAY,
            seed=1,
            engine_version="1",
            evidence_digest="0" * 64,
            outcome=outcome,
        )
    create_record(
        Finding,
        org,
        evaluation=ev,
        check_id="s1.scope.approved",
        key="k",
        clause="4.3",
        grade="area_of_concern",
        severity="high",
        statement="No approved scope statement.",
    )
    owner = create_record(Person, org, name="Dana Reyes")
    return create_record(SmsPlan, org, title="SMS plan", owner=owner)


def test_the_gap_analysis_shows_each_clause_with_its_status(client, manager, evaluated):
    client.force_login(manager)
    response = client.get("/o/acme/gap-analysis/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "No approved scope statement." in page
    assert "Not met" in page and "Not assessed" in page
    assert "Turn gaps into a plan (1)" in page


def test_the_gap_analysis_exports_csv_and_xlsx(client, manager, evaluated):
    client.force_login(manager)
    csv_response = client.get("/o/acme/gap-analysis/?export=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "4.3,Determining the scope" in csv_response.content.decode()
    xlsx = client.get("/o/acme/gap-analysis/?export=xlsx")
    assert xlsx["Content-Disposition"] == 'attachment; filename="gap-analysis-acme.xlsx"'
    assert xlsx.content[:2] == b"PK"


def test_turning_gaps_into_a_plan_adds_milestones_once(client, manager, evaluated, org):
    client.force_login(manager)
    response = client.post("/o/acme/gap-analysis/plan/", {"plan": evaluated.pk}, follow=True)
    assert "Added 1 milestone(s)" in response.content.decode()
    client.post("/o/acme/gap-analysis/plan/", {"plan": evaluated.pk})
    assert list(scoped(Milestone, org).values_list("clause", flat=True)) == ["4.3"]


def test_turning_gaps_into_a_plan_needs_a_writer_and_a_plan(
    client, evaluated, org, make_user, manager
):
    client.force_login(make_user(org, Role.VIEWER))
    assert client.post("/o/acme/gap-analysis/plan/", {"plan": evaluated.pk}).status_code == 403
    client.force_login(manager)
    response = client.post("/o/acme/gap-analysis/plan/", {"plan": "nope"}, follow=True)
    assert "Choose the SMS plan" in response.content.decode()
    assert not scoped(Milestone, org).exists()


def test_the_progress_page_shows_milestones_objectives_and_the_readiness_chart(
    client, manager, evaluated, org
):
    create_record(
        Milestone,
        org,
        plan=evaluated,
        title="Policy approved",
        due_date=TODAY - dt.timedelta(days=3),
    )
    create_record(Objective, org, title="Answer fast", measure="P1 response", target_value=15)
    client.force_login(manager)
    page = client.get("/o/acme/progress/").content.decode()
    assert "Overdue (1)" in page and "Policy approved" in page
    assert "Answer fast" in page
    assert page.count("<circle") == 2 and "<polyline" in page


def test_the_progress_page_without_evaluations_says_how_to_start(client, manager):
    client.force_login(manager)
    assert "track-readiness" in client.get("/o/acme/progress/").content.decode()


def test_the_resource_load_marks_over_allocated_months(client, manager, org, as_cli):
    dana = create_record(Person, org, name="Dana Reyes")
    month = TODAY.replace(day=1)
    for role in ("SMS manager", "Change manager"):
        create_record(
            ResourceAllocation,
            org,
            person=dana,
            role=role,
            fte=Decimal("0.6"),
            period_start=month,
            period_end=month,
        )
    client.force_login(manager)
    page = client.get("/o/acme/resource-load/").content.decode()
    assert "1.20 over" in page and "1 over-allocated person-month" in page
    bad = client.get("/o/acme/resource-load/?from=2025-13").content.decode()
    assert "Expected a month as YYYY-MM" in bad


@pytest.mark.parametrize("url", ["gap-analysis/", "progress/", "resource-load/"])
def test_a_non_member_gets_404(client, other_org, make_user, org, url):
    client.force_login(make_user(other_org, Role.ADMIN, username="stranger"))
    assert client.get(f"/o/acme/{url}").status_code == 404
