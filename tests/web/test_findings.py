"""The findings page: latest evaluations, filters by clause and grade, links to the evidence."""

import pytest

from evident.core.services import update_record
from evident.operations.models import Incident

from .test_dashboard import evaluation, finding
from .test_record_pages import (
    one_of_each,
)


@pytest.fixture
def judged(org, as_cli):
    """An older Stage 2, then the latest Stage 1 and Stage 2 with their findings."""
    records = one_of_each(org)
    older = evaluation(org, 2, recommendation="recommended")
    finding(org, older, "9.2", "ofi")
    stage1 = evaluation(org, 1, outcome="not_ready")
    finding(org, stage1, "4.3", "area_of_concern", "high")
    stage2 = evaluation(org, 2, recommendation="not_recommended")
    incident = records[Incident]
    uncontrolled = finding(org, stage2, "8.5.1", "major")
    update_record(
        uncontrolled,
        records=[{"type": "operations.incident", "id": incident.pk, "ref": incident.ref}],
    )
    finding(org, stage2, "8.5.1.2", "minor")
    finding(org, stage2, "8.3.4", "minor")
    return {"older": older, "stage1": stage1, "stage2": stage2, "incident": incident}


def shown(response, *clauses):
    """Which of ``clauses`` have a finding on the page, in the order asked."""
    page = response.content.decode()
    return [clause for clause in clauses if f"Clause {clause} needs attention." in page]


ALL = ("4.3", "8.3.4", "8.5.1", "8.5.1.2", "9.2")


def test_by_default_the_latest_evaluation_of_each_stage_is_shown(client, manager, judged):
    client.force_login(manager)
    response = client.get("/o/acme/findings/")
    assert response.status_code == 200
    assert shown(response, *ALL) == ["4.3", "8.3.4", "8.5.1", "8.5.1.2"]


def test_one_evaluation_can_be_chosen(client, manager, judged):
    client.force_login(manager)
    response = client.get(f"/o/acme/findings/?evaluation={judged['older'].pk}")
    assert shown(response, *ALL) == ["9.2"]


def test_findings_are_listed_in_clause_order(client, manager, judged):
    client.force_login(manager)
    page = client.get("/o/acme/findings/").content.decode()
    positions = [
        page.index(f"Clause {c} needs attention.") for c in ("4.3", "8.3.4", "8.5.1", "8.5.1.2")
    ]
    assert positions == sorted(positions)


def test_the_clause_filter_includes_sub_clauses(client, manager, judged):
    client.force_login(manager)
    assert shown(client.get("/o/acme/findings/?clause=8.5.1"), *ALL) == ["8.5.1", "8.5.1.2"]
    assert shown(client.get("/o/acme/findings/?clause=8"), *ALL) == ["8.3.4", "8.5.1", "8.5.1.2"]


def test_the_grade_filter(client, manager, judged):
    client.force_login(manager)
    assert shown(client.get("/o/acme/findings/?grade=minor"), *ALL) == ["8.3.4", "8.5.1.2"]
    response = client.get("/o/acme/findings/?grade=major&clause=8.3")
    assert shown(response, *ALL) == []


def test_an_htmx_filter_change_answers_with_the_results_fragment_only(client, manager, judged):
    client.force_login(manager)
    response = client.get("/o/acme/findings/?grade=major", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and "<form" not in page
    assert shown(response, *ALL) == ["8.5.1"]
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, manager, judged):
    client.force_login(manager)
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in client.get("/o/acme/findings/", headers=headers).content.decode()


def test_a_finding_links_to_the_records_it_rests_on(client, manager, judged):
    client.force_login(manager)
    page = client.get("/o/acme/findings/?clause=8.5.1").content.decode()
    incident = judged["incident"]
    assert f'<a href="/o/acme/incidents/{incident.pk}/">{incident.ref}</a>' in page
    assert "Do the right thing." in page


def test_another_organisations_evaluation_cannot_be_chosen(client, judged, other_org, make_user):
    client.force_login(make_user(other_org))
    response = client.get(f"/o/globex/findings/?evaluation={judged['stage2'].pk}")
    assert response.status_code == 404


def test_evaluation_pages_show_findings_by_clause_samples_and_reproducibility_data(
    client, manager, judged
):
    client.force_login(manager)
    stage2 = judged["stage2"]
    listing = client.get("/o/acme/evaluations/").content.decode()
    assert stage2.ref in listing and "Not recommended; follow-up audit required" in listing
    page = client.get(f"/o/acme/evaluations/{stage2.pk}/").content.decode()
    assert "a" * 64 in page  # the evidence digest
    assert "Engine version" in page and "Sampling seed" in page
    assert page.index("8.3.4") < page.index("8.5.1")
    assert "Change management" in page  # the clause title from the catalogue
